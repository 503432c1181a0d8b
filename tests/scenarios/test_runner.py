"""Running scenarios: every expectation checked, failures with their lines and what was found,
an unexpected refusal stops the run, and the invariants after every step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gradingcore.scenarios import (
    ScenarioResult,
    ScenarioRun,
    parse_scenario,
    run_scenario,
    step,
)
from gradingcore.scenarios._runner import same

HEAD = """\
name: A case
rules: [intake.correction]
policy: cn.henan.2023
enterprise: {name: 焦作市恒通机械有限公司, industry: 机械}
steps:
  - self_evaluate: {on: 2024-03-01, score: 82, claimed_level: 2}
"""


def run(steps: str) -> ScenarioResult:
    return run_scenario(parse_scenario(HEAD + steps, "scenario_case.yaml"))


class TestResults:
    def test_every_expectation_is_a_check(self) -> None:
        """Each step's acceptance and each expectation is a check with its line."""
        result = run(
            "  - apply: {on: 2024-03-18, level: 2}\n"
            "    expect: {stage: submitted, obligations: [intake.correction]}\n"
        )
        assert result.passed
        assert [(c.where.line, c.what) for c in result.checks] == [
            (6, "accepted"),
            (7, "accepted"),
            (8, "stage submitted"),
            (8, "obligation intake.correction"),
            (1, "invariants held after every step (replay equals live state; events round-trip)"),
        ]

    def test_a_wrong_due_date_fails_with_what_was_found(self) -> None:
        """A failing expectation names its line, what was expected and what was found."""
        result = run(
            "  - apply: {on: 2024-03-18, level: 2}\n"
            "    expect:\n"
            "      obligations: [{rule: intake.correction, due: 2024-03-26}]\n"
        )
        assert not result.passed
        (failure,) = result.failures
        assert failure.where.line == 9
        assert failure.what == "obligation intake.correction due 2024-03-26"
        assert failure.detail == "open: intake.correction due 2024-03-25 (organizing_unit)"
        assert str(failure) == (
            "FAIL line 9    apply 2024-03-18: obligation intake.correction due 2024-03-26\n"
            "       open: intake.correction due 2024-03-25 (organizing_unit)"
        )

    def test_an_unexpected_refusal_stops_the_run(self) -> None:
        """A step refused without `refused` fails and the later steps are not run."""
        result = run("  - apply: {on: 2024-03-14, level: 2}\n  - accept: {on: 2024-03-15}\n")
        assert [c.passed for c in result.checks] == [True, False, False]
        refused, stopped = result.checks[1:]
        assert refused.detail.startswith("refused: application for level 2 refused")
        assert stopped.what == "1 later step(s) not run"

    def test_a_refusal_expected_but_accepted(self) -> None:
        """An expected refusal that did not happen says what was recorded."""
        result = run(
            "  - apply: {on: 2024-03-18, level: 2}\n    expect: {refused: apply.self_evaluation}\n"
        )
        assert result.failures[0].detail == "accepted: recorded Applied"

    def test_the_report(self) -> None:
        """report() gives PASS or FAIL, the name and file, then a line per check."""
        result = run("  - apply: {on: 2024-03-18, level: 2}\n    expect: {level: 2}\n")
        lines = result.report().splitlines()
        assert lines[0] == "FAIL A case (scenario_case.yaml)"
        assert "  FAIL line 8    apply 2024-03-18: level 2" in lines
        assert "         found None" in lines

    def test_the_report_in_chinese(self) -> None:
        """The same checks in Chinese: what was expected and what was found, dates as
        2024年3月18日, roles and stages by their glossary names; the English stays what JSON
        carries."""
        result = run(
            "  - apply: {on: 2024-03-18, level: 2}\n"
            "    expect:\n"
            "      stage: accepted\n"
            "      obligations: [{rule: intake.correction, due: 2024-03-26}]\n"
        )
        stage, obligation = result.failures
        assert stage.localized("zh") == "环节：已受理"
        assert stage.localized_detail("zh") == "实际为已申请"
        assert obligation.localized("zh") == "义务 intake.correction 期限2024年3月26日"
        assert obligation.localized_detail("zh") == (
            "待办：intake.correction 期限2024年3月25日（组织单位）"
        )
        assert stage.what == "stage accepted"
        assert stage.detail == "found submitted"
        lines = result.report("zh").splitlines()
        assert lines[0] == "失败 A case (scenario_case.yaml)"
        assert "  失败 第 9 行     apply 2024年3月18日: 环节：已受理" in lines

    def test_a_chinese_name(self) -> None:
        """name_zh is the name a Chinese reader sees; English readers see name."""
        scenario = parse_scenario(HEAD.replace("name: A case", "name: A case\nname_zh: 一个案件"))
        assert scenario.localized_name("zh") == "一个案件"
        assert scenario.localized_name("en") == "A case"
        assert run_scenario(scenario).report("zh").startswith("通过 一个案件")

    def test_as_dict(self) -> None:
        """as_dict() is plain data for JSON."""
        data = run("  - apply: {on: 2024-03-18, level: 2}\n").as_dict()
        assert data["name"] == "A case"
        assert data["passed"] is True
        assert data["rules"] == ["intake.correction"]
        assert data["checks"][1] == {
            "step": 2,
            "step_name": "apply",
            "on": "2024-03-18",
            "what": "accepted",
            "passed": True,
            "detail": "",
            "file": "scenario_case.yaml",
            "line": 7,
        }

    def test_without_invariants(self) -> None:
        """check_invariants=False leaves out the invariant checks."""
        scenario = parse_scenario(HEAD)
        result = run_scenario(scenario, check_invariants=False)
        assert [c.what for c in result.checks] == ["accepted"]


class TestInvariants:
    def test_a_write_behind_the_runs_back_is_caught(self) -> None:
        """When the store holds events the run did not decide, replay differs from live."""
        scenario = parse_scenario(HEAD)
        run_ = ScenarioRun(scenario)
        assert run_.execute(scenario.steps[0]).problems == ()
        other = ScenarioRun(scenario, run_.service)
        other.execute(step("apply", on="2024-03-18", level=2))
        outcome = run_.execute(step("accept", on="2024-03-19"))
        assert outcome.error is None
        assert any("differs" in str(p) for p in outcome.problems)
        run_.service.close()

    def test_a_refused_step_writes_nothing(self) -> None:
        """A refusal is returned with the rows it wrote: none."""
        run_ = ScenarioRun(parse_scenario(HEAD))
        run_.execute(run_.scenario.steps[0])
        outcome = run_.execute(step("apply", on="2024-03-14", level=2))
        assert outcome.error is not None
        assert outcome.written == 0
        assert "apply.self_evaluation" in outcome.error.rule_ids


class TestSame:
    @pytest.mark.parametrize(
        ("wanted", "stored", "equal"),
        [
            (dt.date(2024, 3, 18), "2024-03-18", True),
            (80, "80.0", True),
            (Decimal("81.5"), "81.5", True),
            (True, True, True),
            (1, True, False),
            (["intake.audit"], ["intake.audit"], True),
            ({"id": "N1"}, {"id": "N1", "text": ""}, True),
            ("on_time", "late", False),
        ],
    )
    def test_values_as_written_match_values_as_stored(
        self, wanted: object, stored: object, equal: bool
    ) -> None:
        """A date matches its ISO text, numbers match by value, mappings by the keys given."""
        assert same(wanted, stored) is equal
