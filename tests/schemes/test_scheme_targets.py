"""The schemes' targets (CZ-2, QY-2..QY-5, EQ-2) in the targets view: each met on its deadline
and not met by one (one enterprise short, or done the day after), each in step with the policy
rule it restates, and shown by ``gradingcore targets`` over a real store."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest
from click.testing import CliRunner

from gradingcore import commands as c
from gradingcore import default_policies
from gradingcore.clock import ManualClock
from gradingcore.policy import Level
from gradingcore.readmodels import ReadModels, default_targets
from gradingcore.readmodels._targets import Scope, Target, progress
from gradingcore.service import GradingService
from gradingcore.state import Application, CaseState, Grading
from gradingcore.values import CaseKey, Enterprise
from gradingcore_cli._app import cli
from tests.case.harness import ENTERPRISE, Case, uscc

TARGETS = {t.id: t for t in default_targets()}
COUNTED = sorted(t.id for t in TARGETS.values() if not t.milestone)


def _plain(text: str) -> str:
    return "".join(text.split())


def _in_scope(target: Target, serial: int, done_on: pendulum.Date | None) -> CaseState:
    """An enterprise of ``target``'s first scope, done (graded or started) on ``done_on``."""
    scope: Scope = target.scopes[0]
    industry = scope.industries[0] if scope.industries else "机械"
    assert industry not in scope.except_industries
    region = (target.region + "000000")[:6]
    above = scope.above_designated_size is not False
    state = CaseState(
        key=CaseKey(uscc(serial, region), industry),
        enterprise=Enterprise(f"某企业{serial}有限公司", industry, region, above),
    )
    if done_on is None:
        return state
    if target.counts == "started":
        return attrs.evolve(state, application=Application(Level.LEVEL_3, done_on, 2))
    until = done_on.add(years=3).subtract(days=1)
    return attrs.evolve(state, gradings=(Grading(Level.LEVEL_3, done_on, done_on, until),))


@pytest.mark.parametrize("target_id", COUNTED)
class TestEachTargetAtItsEdges:
    def test_met_when_done_on_the_deadline(self, target_id: str) -> None:
        """The share of four enterprises in scope done on the deadline itself: met."""
        target = TARGETS[target_id]
        needed = math.ceil(target.share * 4)
        states = [
            _in_scope(target, n + 1, target.deadline if n < needed else None) for n in range(4)
        ]
        on = progress(target, states, target.deadline)
        assert (on.in_scope, on.done, on.required, on.status) == (4, needed, needed, "met")
        assert on.on_track
        # Asked later, it stays met: the deadline's record is what counts.
        assert progress(target, states, target.deadline.add(years=1)).status == "met"

    def test_not_met_by_one_enterprise(self, target_id: str) -> None:
        """One enterprise short of the share on the deadline: missed the day after."""
        target = TARGETS[target_id]
        needed = math.ceil(target.share * 4)
        states = [
            _in_scope(target, n + 1, target.deadline if n < needed - 1 else None) for n in range(4)
        ]
        on = progress(target, states, target.deadline)
        assert (on.done, on.required) == (needed - 1, needed)
        assert not on.on_track
        assert progress(target, states, target.deadline.add(days=1)).status == "missed"

    def test_not_met_by_one_day(self, target_id: str) -> None:
        """The last enterprise done the day after the deadline does not make it met."""
        target = TARGETS[target_id]
        needed = math.ceil(target.share * 4)
        late = target.deadline.add(days=1)
        states = [
            _in_scope(target, n + 1, target.deadline if n < needed - 1 else late)
            if n < needed
            else _in_scope(target, n + 1, None)
            for n in range(4)
        ]
        after = progress(target, states, late)
        assert (after.done, after.status) == (needed - 1, "missed")


class TestScopes:
    @pytest.mark.rule("CZ-2")
    def test_changzhou_counts_starts_not_completions(self) -> None:
        """CZ-2: an application made (still open, not graded) is a start."""
        target = TARGETS["changzhou.key_fields"]
        assert (target.counts, target.deadline) == ("started", pendulum.date(2022, 12, 31))
        started = _in_scope(target, 1, pendulum.date(2022, 12, 31))
        assert started.level_on(target.deadline) is None
        assert progress(target, [started], target.deadline).status == "met"

    @pytest.mark.rule("CZ-2")
    def test_changzhou_key_and_non_key_fields(self) -> None:
        """Key fields (CZ-1's industries) by 2022, the others above designated size by 2023;
        a non-key enterprise below the size is in neither."""
        key = TARGETS["changzhou.key_fields"]
        non_key = TARGETS["changzhou.non_key_above_size"]
        assert non_key.deadline == pendulum.date(2023, 12, 31)
        chemical = _in_scope(key, 1, None)
        machinery = _in_scope(non_key, 2, None)
        small = attrs.evolve(
            machinery, enterprise=attrs.evolve(machinery.enterprise, above_designated_size=False)
        )
        assert key.covers(chemical)
        assert not non_key.covers(chemical)
        assert non_key.covers(machinery)
        assert not key.covers(machinery)
        assert not key.covers(small)
        assert not non_key.covers(small)

    @pytest.mark.rule("QY-2")
    def test_qinyang_overall_target(self) -> None:
        """QY-2: the key industries graded by 2025-12-31; 纺织 is not among them."""
        target = TARGETS["qinyang.overall"]
        assert (target.counts, target.deadline) == ("graded", pendulum.date(2025, 12, 31))
        textile = attrs.evolve(
            _in_scope(target, 1, None), enterprise=Enterprise("某纺织有限公司", "纺织", "410882")
        )
        assert not target.covers(textile)
        assert any("经开区" in u for u in target.unmodelled)

    @pytest.mark.rule("QY-5")
    def test_the_candidate_list_is_a_milestone(self) -> None:
        """QY-5: the list's date is shown, due on 2024-03-31 and passed from 1 April; no fact
        says whether it was filed, so there is no count and no on-track answer."""
        target = TARGETS["qinyang.candidates"]
        assert target.milestone
        due = progress(target, [], pendulum.date(2024, 3, 31))
        assert (due.status, due.on_track, due.in_scope) == ("due", None, 0)
        assert progress(target, [], pendulum.date(2024, 4, 1)).status == "date passed"


@pytest.mark.parametrize("target_id", sorted(t.id for t in TARGETS.values() if t.rule))
def test_in_step_with_the_policy_rule(target_id: str) -> None:
    """A target restates its policy's rule: the rule is that policy's, the target's deadline
    one of its dates, and the target's words a passage of its citation (so of the seed)."""
    target = TARGETS[target_id]
    policy = default_policies().get(target.policy)
    assert target.rule in policy.rules
    rule = policy.rule(target.rule)
    dates = set()
    for value in rule.values.values():
        for v in value if isinstance(value, list | tuple) else (value,):
            dates.add(str(v))
    assert target.deadline.isoformat() in dates
    if target.start is not None and target.policy != "cn.changzhou.2022":
        assert target.start.isoformat() in dates
    for passage in target.citation.text_zh.split("……"):
        assert _plain(passage) in _plain(rule.citation.text_zh)
    if target.rule == "EQ-2":
        by = list(rule.values["by"])
        share = rule.values["shares_percent"][by.index(target.deadline.isoformat())]
        assert target.share == Decimal(share) / 100


def test_every_target_of_the_schemes_is_shipped() -> None:
    """CZ-2's two targets, QY-2..QY-5 and EQ-2's three are all in the targets view."""
    rules = sorted({t.rule for t in TARGETS.values()})
    assert rules == ["CZ-2", "EQ-2", "QY-2", "QY-3", "QY-4", "QY-5"]


@pytest.mark.rule("CZ-2")
def test_shown_by_the_targets_command(tmp_path: Path) -> None:
    """Over a real SQLite store: a Changzhou chemical enterprise that applied on 2022-12-30 is
    a start; the key-field target counts it, through the read models and the CLI."""
    store = tmp_path / "changzhou.db"
    clock = ManualClock("2022-12-15")
    service = GradingService(store, clock=clock)
    case = Case(service, clock, 1, "320402", "常州市恒达化工有限公司")
    case.key = CaseKey(case.key.uscc, "化工")
    case.enterprise = Enterprise("常州市恒达化工有限公司", "化工")
    case.self_evaluate("2022-12-15", 3, 70)
    case.run(c.Apply, "2022-12-30", ENTERPRISE, level=3)
    models = ReadModels(service)
    models.catch_up()
    (found,) = [
        p
        for p in models.targets(pendulum.date(2022, 12, 31))
        if p.target.id == "changzhou.key_fields"
    ]
    assert (found.in_scope, found.done, found.status) == (1, 1, "met")
    service.close()
    result = CliRunner().invoke(
        cli,
        ["targets", "--store", str(store), "--on", "2022-12-31", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    shown = {t["id"]: t for t in json.loads(result.output)["targets"]}
    assert shown["changzhou.key_fields"]["status"] == "met"
    assert shown["changzhou.key_fields"]["counts"] == "started"
    candidates = shown["qinyang.candidates"]
    assert (candidates["status"], candidates["counts"]) == ("due", "milestone")
    assert candidates["on_track"] is None
    assert candidates["in_scope"] is None
    assert shown["changzhou.key_fields"]["cited"].startswith("常州市安全生产达标企业创建方案")
