"""Scenario files: the YAML format, and every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from gradingcore.scenarios import (
    UNSET,
    ActorSpec,
    EventMatch,
    ObligationMatch,
    ScenarioFileError,
    find_scenarios,
    is_scenario_file,
    load_scenario,
    parse_scenario,
)
from gradingcore.state import Stage
from gradingcore.values import AuthorityKind, Role
from gradingcore.views import Status

D = pendulum.Date.fromisoformat

GOOD = """\
# A comment before the case.
name: A good case
description: Every key of the format.
rules: [intake.correction, intake.deemed_acceptance]
cites: HN 第七条(二)1
policy: cn.henan.2023@1
enterprise:
  name: 焦作市恒通机械有限公司
  industry: 机械
  uscc: 91410882MA0000001T
  specialty: 铸造
steps:
  - self_evaluate: {on: 2024-03-01, score: 82, claimed_level: 2, command_id: se-1}
  - apply: {on: 2024-03-18, level: 2}
    expect:
      events: [Applied]
      status: in_progress
      stage: submitted
      level: null
      valid_until: null
      obligations:
        - intake.correction
        - {rule: intake.correction, due: 2024-03-25, party: organizing_unit, overdue: false}
      absent: intake.audit
  - accept: {on: 2024-03-26, actor: system}
    expect:
      events:
        - ApplicationAccepted: {deemed: true, on: 2024-03-18}
  - check: {on: 2024-03-27}
    expect: {as_of: 2024-04-10, obligations: [{rule: intake.audit, overdue: true}]}
  - order_review: {on: 2024-04-10, actor: {role: authority, authority: city, id: 焦作市应急管理局}}
    expect: {refused: [procedure.order, authority.by_level]}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioFileError) as info:
        parse_scenario(text, "scenario_x.yaml")
    return [str(e) for e in info.value.errors]


def case(steps: str, head: str = "name: x\npolicy: cn.henan.2023\n") -> str:
    return head + "steps:\n" + steps


class TestParse:
    def test_every_key_is_read(self) -> None:
        """A file using every key reads into the scenario model, lines included."""
        scenario = parse_scenario(GOOD, "scenario_good.yaml")
        assert (scenario.name, scenario.policy, scenario.cites) == (
            "A good case",
            "cn.henan.2023@1",
            "HN 第七条(二)1",
        )
        assert scenario.rules == ("intake.correction", "intake.deemed_acceptance")
        assert str(scenario.key) == "91410882MA0000001T/铸造"
        assert scenario.enterprise.name == "焦作市恒通机械有限公司"
        assert [s.name for s in scenario.steps] == [
            "self_evaluate",
            "apply",
            "accept",
            "check",
            "order_review",
        ]
        first, apply, accept, check, order = scenario.steps
        assert (first.on, first.command_id, first.where.line) == (D("2024-03-01"), "se-1", 13)
        expect = apply.expect
        assert expect.events == (EventMatch("Applied"),)
        assert (expect.status, expect.stage, expect.level, expect.valid_until) == (
            Status.IN_PROGRESS,
            Stage.SUBMITTED,
            None,
            None,
        )
        assert expect.obligations == (
            ObligationMatch("intake.correction"),
            ObligationMatch("intake.correction", D("2024-03-25"), Role.ORGANIZING_UNIT, False),
        )
        assert expect.absent == ("intake.audit",)
        assert expect.lines["obligations"] == 21
        assert accept.actor == ActorSpec(Role.SYSTEM)
        assert accept.expect.events == (
            EventMatch("ApplicationAccepted", {"deemed": True, "on": D("2024-03-18")}),
        )
        assert check.expect.as_of == D("2024-04-10")
        assert order.actor == ActorSpec(Role.AUTHORITY, AuthorityKind.CITY, "焦作市应急管理局")
        assert order.expect.refused == ("procedure.order", "authority.by_level")

    def test_unset_expectations_stay_unset(self) -> None:
        """A step without expect checks nothing but its acceptance."""
        scenario = parse_scenario(case("  - apply: {on: 2024-03-18, level: 2}\n"))
        expect = scenario.steps[0].expect
        assert expect.empty
        assert expect.level is UNSET
        assert expect.refused is None

    def test_on_is_a_key_not_a_boolean(self) -> None:
        """A bare `on` key is read as written, not as YAML 1.1's true."""
        scenario = parse_scenario(case("  - accept:\n      on: 2024-03-19\n"))
        assert scenario.steps[0].on == D("2024-03-19")

    def test_the_enterprise_defaults_to_the_policy_region(self) -> None:
        """Without an enterprise, one registered in the policy's region is used."""
        scenario = parse_scenario(case("  - apply: {on: 2024-03-18, level: 2}\n"))
        assert scenario.key.uscc.region.startswith("41")


class TestProblems:
    def test_yaml_syntax_error_has_its_line(self) -> None:
        """A syntax error names its line."""
        found = problems(case("  - apply: {on: 2024-03-18, level: 2\n  - accept: {}\n"))
        assert len(found) == 1
        assert found[0].startswith("scenario_x.yaml:5: not valid YAML")

    def test_one_case_per_file(self) -> None:
        """Two YAML documents are two cases: refused; an empty file is no case."""
        assert "exactly one case" in problems("name: a\n---\nname: b\n")[0]
        assert "found 0" in problems("")[0]

    def test_top_level_keys(self) -> None:
        """Unknown and missing top-level keys, and a policy that does not exist."""
        found = problems("nmae: x\npolicy: cn.nowhere\nsteps: []\n")
        assert "scenario_x.yaml:1: field 'nmae': unknown key in a scenario" in found[0]
        assert any("scenario_x.yaml:1: field 'name': missing 'name'" in p for p in found)
        assert any(
            p.startswith("scenario_x.yaml:2: field 'policy': no policy 'cn.nowhere'") for p in found
        )
        assert any(
            "scenario_x.yaml:3: field 'steps': steps must be a list of one or more" in p
            for p in found
        )

    def test_duplicate_keys(self) -> None:
        """A duplicate key is an error naming both lines."""
        found = problems(
            "name: x\npolicy: cn.henan.2023\nname: y\nsteps:\n"
            "  - apply: {on: 2024-03-18, level: 2}\n"
        )
        assert found == ["scenario_x.yaml:3: duplicate key 'name' (first on line 1)"]

    def test_enterprise_problems(self) -> None:
        """The enterprise needs a name and an industry; a bad USCC is named."""
        found = problems(
            "name: x\npolicy: cn.henan.2023\nenterprise: {name: 甲}\nsteps:\n"
            "  - apply: {on: 2024-03-18, level: 2}\n"
        )
        assert found == ["scenario_x.yaml:3: field 'industry': the enterprise needs 'industry'"]
        found = problems(
            "name: x\npolicy: cn.henan.2023\nenterprise:\n  name: 甲\n"
            "  industry: 机械\n  uscc: 91410882MA00000010\nsteps:\n"
            "  - apply: {on: 2024-03-18, level: 2}\n"
        )
        assert found[0].startswith("scenario_x.yaml:6: field 'uscc': USCC '91410882MA00000010'")

    def test_step_problems_have_their_lines(self) -> None:
        """Each bad step, key or argument is named with its own line."""
        found = problems(
            case(
                "  - self_evaluate: {on: 2024-03-01, score: abc, claimed_level: 2}\n"  # 4
                "  - aply: {on: 2024-03-18, level: 2}\n"  # 5
                "  - accept: {level: 2}\n"  # 6
                "  - record_review:\n"  # 7
                "      on: 2024-03-26\n"
                "      score: 80\n"
                "      nonconformities: [{id: N1, txt: 台账不全}]\n"  # 10
                "  - apply: {on: 2024-03-18, level: 2}\n"  # 11
                "    expact: {}\n"
            )
        )
        assert found == [
            "scenario_x.yaml:4: step 'self_evaluate', field 'score': expected a number, got 'abc'",
            "scenario_x.yaml:5: step 'aply': no step 'aply'; did you mean apply?",
            "scenario_x.yaml:6: step 'accept', field 'level': unknown key in step 'accept' "
            "(keys: on, actor, command_id)",
            "scenario_x.yaml:6: step 'accept', field 'on': every step needs its business "
            "date: on: YYYY-MM-DD",
            "scenario_x.yaml:10: step 'record_review', field 'nonconformities': extra fields "
            "found (txt) @ nonconformities[0]",
            "scenario_x.yaml:11: step 5 must name exactly one step (and optionally expect), "
            "found: apply, expact",
        ]

    def test_steps_go_in_date_order(self) -> None:
        """A step dated before the previous one is an error naming both."""
        found = problems(
            case("  - apply: {on: 2024-03-18, level: 2}\n  - accept: {on: 2024-03-10}\n")
        )
        assert found == [
            "scenario_x.yaml:5: step 'accept', field 'on': 2024-03-10 is before "
            "the previous step's date (2024-03-18, line 4): steps go in date order"
        ]

    def test_expectation_problems(self) -> None:
        """Unknown rule ids, events, statuses, levels and obligation keys are named."""
        found = problems(
            case(
                "  - apply: {on: 2024-03-18, level: 2}\n"  # 4
                "    expect:\n"
                "      refused: nope.rule\n"  # 6
                "      events: [Nope]\n"
                "      status: graduated\n"
                "      level: 7\n"
                "      obligations: [{rule: intake.audit, when: 2024-03-20}]\n"  # 10
                "      overdue: true\n"
            )
        )
        assert found == [
            "scenario_x.yaml:6: step 'apply', field 'refused': policy cn.henan.2023@1 has no "
            "rule 'nope.rule'",
            "scenario_x.yaml:7: step 'apply', field 'events': no event 'Nope'",
            "scenario_x.yaml:8: step 'apply', field 'status': expected one of new, in_progress, "
            "graded, expired, revoked, not_passed, rejected, terminated, got 'graduated'",
            "scenario_x.yaml:9: step 'apply', field 'level': expected a level 1, 2 or 3 (or "
            "null: no level), got 7",
            "scenario_x.yaml:10: step 'apply', field 'when': unknown key in an obligation "
            "(keys: rule, due, party, overdue)",
            "scenario_x.yaml:11: step 'apply', field 'overdue': unknown key in expect (keys: "
            "refused, events, status, stage, level, valid_until, obligations, absent, as_of)",
        ]

    def test_a_check_needs_something_to_check(self) -> None:
        """The check pseudo-step without expect is an error; it takes no arguments."""
        assert problems(case("  - check: {on: 2024-03-18}\n")) == [
            "scenario_x.yaml:4: step 'check': a check step needs an expect"
        ]
        found = problems(case("  - check: {on: 2024-03-18, level: 2}\n    expect: {level: 2}\n"))
        assert "unknown key in step 'check' (keys: on)" in found[0]
        found = problems(case("  - check: {on: 2024-03-18}\n    expect: {refused: intake.audit}\n"))
        assert found == [
            "scenario_x.yaml:4: step 'check': a check step runs no command: it "
            "cannot expect a refusal or events"
        ]

    def test_bad_actor(self) -> None:
        """An actor that is no role nor authority kind is named with its line."""
        found = problems(case("  - accept: {on: 2024-03-19, actor: janitor}\n"))
        assert found[0].startswith("scenario_x.yaml:4: step 'accept', field 'actor': not an actor")

    def test_the_whole_message(self) -> None:
        """The error's text counts the problems and lists each on its own line."""
        with pytest.raises(ScenarioFileError) as info:
            parse_scenario(case("  - aply: {on: 2024-03-18}\n"), "scenario_x.yaml")
        assert str(info.value) == (
            "scenario_x.yaml: 1 problem\n"
            "  scenario_x.yaml:4: step 'aply': no step 'aply'; did you mean apply?"
        )


class TestFiles:
    def test_load_names_the_file(self, tmp_path: Path) -> None:
        """load_scenario reads a file; its path names the scenario and its errors."""
        path = tmp_path / "scenario_good.yaml"
        path.write_text(GOOD, encoding="utf-8")
        assert load_scenario(path).where.path == str(path)
        bad = tmp_path / "scenario_bad.yaml"
        bad.write_text("name: x\n", encoding="utf-8")
        with pytest.raises(ScenarioFileError, match=f"{bad}:1: field 'policy'"):
            load_scenario(bad)

    def test_a_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a ScenarioFileError, not an OSError."""
        with pytest.raises(ScenarioFileError, match="cannot read the file"):
            load_scenario(tmp_path / "scenario_missing.yaml")

    def test_find_in_directories(self, tmp_path: Path) -> None:
        """A directory gives every scenario_*.yaml and .yml below it, sorted; files as named."""
        (tmp_path / "a").mkdir()
        for name in ("a/scenario_2.yml", "scenario_1.yaml", "other.yaml", "a/notes.md"):
            (tmp_path / name).write_text("", encoding="utf-8")
        found = list(find_scenarios([tmp_path, tmp_path / "other.yaml"]))
        assert found == [
            tmp_path / "a/scenario_2.yml",
            tmp_path / "scenario_1.yaml",
            tmp_path / "other.yaml",
        ]
        assert is_scenario_file(Path("x/scenario_a.yaml"))
        assert not is_scenario_file(Path("x/a_scenario.yaml"))
