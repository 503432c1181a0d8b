"""A small driver for grading cases in tests: realistic actors, a manual clock, and after every
command the invariants every test relies on (replay equals live state; every event round-trips
through the store's converter)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.errors import CaseNotFound
from gradingcore.facts import Degree, Expert, ExpertDraw, Nonconformity, Title, WorkGroup
from gradingcore.serialization import from_state, to_state
from gradingcore.service import GradingService, Outcome
from gradingcore.state import fold
from gradingcore.values import Actor, CaseKey, Enterprise, uscc_check_character

ENTERPRISE = Actor("ent-1", "enterprise")
UNIT = Actor("hn-academy", "organizing_unit")
TEAM = Actor("team-1", "review_team")
PROVINCE = Actor("hn-emergency", "authority", "province")
CITY = Actor("jz-emergency", "authority", "city")
MEM = Actor("mem", "authority", "MEM")
SUPERVISOR = Actor("jz-inspector", "supervisor")


def D(text: str) -> pendulum.Date:  # noqa: N802 - reads like a date literal in tests
    return pendulum.Date.fromisoformat(text)


def uscc(serial: int, region: str = "410882") -> str:
    """A valid USCC (GB 32100-2015) for a test enterprise in ``region``."""
    body = f"91{region}MA{serial:07d}"
    assert len(body) == 17
    return body + uscc_check_character(body)


#: The random draw from Henan's provincial expert pool (HN 第六条) the harness records with
#: every team, unless a test passes its own ``draw``.
DRAW = ExpertDraw("河南省安全生产专家库", reference="抽取记录-001")


def team(n: int = 3, **leader: Any) -> tuple[Expert, ...]:
    """A qualified, independent review team of ``n`` experts, the first one leading; every
    qualification datum written out (a related bachelor's degree, provincial training)."""
    experts = [
        Expert(
            id=f"x{i}",
            name=f"专家{i}",
            leader=i == 0,
            degree=Degree.BACHELOR,
            degree_related=True,
            title=Title.SENIOR if i == 0 else Title.INTERMEDIATE,
            safety_work_years=12 if i == 0 else 6,
            trained_provincially=True,
            process_background=i == 1,
        )
        for i in range(n)
    ]
    if leader:
        import attrs

        experts[0] = attrs.evolve(experts[0], **leader)
    return tuple(experts)


class Case:
    """One enterprise's case driven through a service, day by day."""

    def __init__(
        self,
        service: GradingService,
        clock: ManualClock,
        serial: int = 1,
        region: str = "410882",
        name: str = "焦作市恒通机械有限公司",
    ) -> None:
        self.service = service
        self.clock = clock
        self.key = CaseKey(uscc(serial, region), "机械")
        self.enterprise = Enterprise(name, "机械")

    def run(self, command: type[c.Command], on: str, actor: Actor, **payload: Any) -> Outcome:
        if command is c.FormReviewTeam:
            payload.setdefault("draw", DRAW)
        day = D(on)
        self.clock.set(day)
        outcome = self.service.execute(
            command(case=self.key, actor=actor, on=day, enterprise=self.enterprise, **payload)
        )
        check_invariants(self.service, self.key)
        return outcome

    def refused(
        self, rule_id: str, command: type[c.Command], on: str, actor: Actor, **payload: Any
    ) -> Any:
        """Run a command that must be refused naming ``rule_id``; nothing may be written."""
        before = self._rows()
        from gradingcore import GradingError

        with pytest.raises(GradingError) as info:
            self.run(command, on, actor, **payload)
        assert rule_id in info.value.rule_ids, f"{info.value} does not name {rule_id}"
        assert info.value.citations, "a refusal carries its citations"
        assert self._rows() == before, "a refused command wrote something"
        # Every refusal a rule test drives reads in Chinese too (tests/i18n/chinese.py).
        from tests.i18n.chinese import chinese_problems, typed

        allowed = typed([actor, payload, self.enterprise])
        problems = chinese_problems(info.value, allowed)
        assert not problems, "the Chinese refusal: " + "; ".join(problems)
        return info.value

    def _rows(self) -> list[Any]:
        try:
            return self.service.history(self.key)
        except CaseNotFound:
            return []

    # --- common paths -------------------------------------------------------------------

    def self_evaluate(self, on: str, level: int = 2, score: int = 82) -> Outcome:
        return self.run(
            c.SelfEvaluate,
            on,
            ENTERPRISE,
            score=Decimal(score),
            claimed_level=level,
            workgroup=WorkGroup("张建国", True, 2),
        )

    def wd(self, day: pendulum.Date, n: int) -> pendulum.Date:
        return self.service.calendar.add_workdays(day, n)

    def through_review(
        self,
        year: int = 2024,
        level: int = 2,
        nonconformities: int = 1,
        experts: tuple[Expert, ...] | None = None,
    ) -> dict[str, pendulum.Date]:
        """Self-evaluate (1 March), apply, be accepted, forwarded, confirmed and reviewed, each
        step a working day or two after the last; returns the dates used. The 2024 path:
        applied 2024-03-18, reviewed 2024-03-26 (rectification due 2024-04-24)."""
        d: dict[str, pendulum.Date] = {"self_evaluated": D(f"{year}-03-01")}
        self.self_evaluate(str(d["self_evaluated"]), level)
        d["applied"] = self.wd(d["self_evaluated"], 11)
        d["accepted"] = self.wd(d["applied"], 1)
        d["forwarded"] = self.wd(d["accepted"], 2)
        d["ordered"] = self.wd(d["forwarded"], 1)
        d["team"] = self.wd(d["ordered"], 1)
        d["reviewed"] = self.wd(d["team"], 1)
        self.run(c.Apply, str(d["applied"]), ENTERPRISE, level=level)
        self.run(c.Accept, str(d["accepted"]), UNIT)
        self.run(c.Forward, str(d["forwarded"]), UNIT, opinion="符合申请条件")
        self.run(c.OrderReview, str(d["ordered"]), PROVINCE)
        self.run(c.FormReviewTeam, str(d["team"]), UNIT, experts=experts or team())
        self.run(
            c.RecordReview,
            str(d["reviewed"]),
            TEAM,
            score=Decimal(80),
            nonconformities=tuple(
                Nonconformity(f"N{i}", "5.1", "台账不全") for i in range(1, nonconformities + 1)
            ),
        )
        return d

    def graded(
        self, year: int = 2024, experts: tuple[Expert, ...] | None = None
    ) -> dict[str, pendulum.Date]:
        """A first grading at level 2 in ``year``; returns the dates used (2024: announced
        2024-04-17; 2022: announced 2022-04-15, valid through 2025-04-15)."""
        d = self.through_review(year, experts=experts)
        d["fixed"] = self.wd(d["reviewed"], 5)
        d["verified"] = self.wd(d["fixed"], 2)
        d["publicized"] = self.wd(d["verified"], 1)
        self.run(c.FixNonconformity, str(d["fixed"]), ENTERPRISE, nonconformity_id="N1")
        self.run(c.ReportRectification, str(d["fixed"]), ENTERPRISE)
        self.run(c.VerifyRectification, str(d["verified"]), TEAM, passed=True)
        self.run(c.ReportList, str(d["publicized"]), UNIT, list_id=f"{year}-1")
        self.run(c.Publicize, str(d["publicized"]), PROVINCE)
        d["announced"] = self.wd(d["publicized"], 6).add(days=1)
        self.run(c.Announce, str(d["announced"]), PROVINCE)
        return d


def check_invariants(service: GradingService, key: CaseKey) -> None:
    """Replay equals live state, and every event round-trips through the store's converter."""
    history = service.history(key)
    assert fold(history) == service.state(key)
    for event in history:
        assert from_state(type(event), to_state(event)) == event
