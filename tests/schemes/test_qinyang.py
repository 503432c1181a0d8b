"""Qinyang's level-3 window (QY-7) once the draft is adopted: 31 May is in, 1 June refused."""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import date as datetime_date
from pathlib import Path
from typing import Any

import pendulum
import pytest
from icalendar import Calendar

from gradingcore import DuplicateError, InvalidInput, default_policies
from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.readmodels import ReadModels, board_calendar
from gradingcore.service import GradingService
from tests.case.harness import ENTERPRISE, SUPERVISOR, Case

QINYANG = "410882"


def _case(adopted: bool = True) -> Case:
    clock = ManualClock("2024-05-06")
    policies = default_policies()
    if adopted:
        policies = policies.adopting("cn.qinyang.2024")
    service = GradingService("memory", clock=clock, policies=policies)
    case = Case(service, clock, 1, QINYANG, "沁阳市恒通机械有限公司")
    case.self_evaluate("2024-05-06", 3)
    return case


class TestLevel3Window:
    @pytest.mark.rule("QY-7")
    def test_on_31_may_accepted(self) -> None:
        """A level-3 application on 31 May is made under Qinyang's policy, meeting QY-7."""
        case = _case()
        outcome = case.run(c.Apply, "2024-05-31", ENTERPRISE, level=3)
        assert str(outcome.events[-1].policy) == "cn.qinyang.2024@1"
        assert "QY-7" in outcome.events[-1].rules

    @pytest.mark.rule("QY-7")
    def test_from_1_june_refused_with_its_citation(self) -> None:
        """On 1 June it is refused, citing QY-7's text; nothing is written."""
        case = _case()
        error = case.refused("QY-7", c.Apply, "2024-06-01", ENTERPRISE, level=3)
        assert "too late" in str(error)
        cited = dict(zip(error.rule_ids, error.citations, strict=True))["QY-7"]
        assert "于每年5月底前向焦作市应急管理局提出申请" in cited.text_zh

    @pytest.mark.rule("QY-7")
    def test_level_2_has_no_window(self) -> None:
        """A level-2 application in June is not barred by QY-7."""
        case = _case()
        found = case.service.eligibility(case.key, 2, pendulum.date(2024, 6, 3))
        assert "QY-7" not in [f.rule_id for f in found.findings]

    @pytest.mark.rule("QY-7")
    def test_the_draft_binds_nobody_until_adopted(self) -> None:
        """Without adoption, Henan's rules govern and June is fine."""
        case = _case(adopted=False)
        outcome = case.run(c.Apply, "2024-06-03", ENTERPRISE, level=3)
        assert str(outcome.events[-1].policy) == "cn.henan.2023@1"


class TestYearDoneBy:
    @pytest.mark.rule("QY-7")
    def test_due_on_30_november_overdue_from_1_december(self) -> None:
        """An open level-3 application of 2024 is the authority's to finish by 2024-11-30."""
        case = _case()
        case.run(c.Apply, "2024-05-20", ENTERPRISE, level=3)
        (on_time,) = [
            o
            for o in case.service.view(case.key, pendulum.date(2024, 11, 30)).obligations
            if o.rule_id == "QY-7"
        ]
        assert (on_time.due, on_time.overdue, str(on_time.party)) == (
            pendulum.date(2024, 11, 30),
            False,
            "authority",
        )
        (late,) = [
            o
            for o in case.service.view(case.key, pendulum.date(2024, 12, 1)).obligations
            if o.rule_id == "QY-7"
        ]
        assert late.overdue

    @pytest.mark.rule("QY-7")
    def test_not_under_henan(self) -> None:
        """Under Henan's rules alone no such obligation exists."""
        case = _case(adopted=False)
        case.run(c.Apply, "2024-05-20", ENTERPRISE, level=3)
        view = case.service.view(case.key, pendulum.date(2024, 12, 1))
        assert "QY-7" not in [o.rule_id for o in view.obligations]


class TestRevocationRequested:
    def _graded(self) -> Case:
        clock = ManualClock("2024-03-01")
        policies = default_policies().adopting("cn.qinyang.2024")
        case = Case(GradingService("memory", clock=clock, policies=policies), clock, 3, QINYANG)
        case.graded(2024)  # level 2, announced 2024-04-17
        return case

    @pytest.mark.rule("QY-12")
    def test_any_accident_raises_a_request(self) -> None:
        """An accident with no death or injury still raises the request, from its day on, for
        the higher authority to decide; the level stands meanwhile."""
        case = self._graded()
        case.run(c.RecordIncident, "2024-06-01", SUPERVISOR, incident_id="Q-1")
        before = case.service.view(case.key, pendulum.date(2024, 5, 31))
        assert "QY-12" not in [o.rule_id for o in before.obligations]
        after = case.service.view(case.key, pendulum.date(2024, 6, 2))
        (request,) = [o for o in after.obligations if o.rule_id == "QY-12"]
        assert str(request.party) == "authority"
        assert "上级应急管理部门" in request.what
        assert request.citation.document == "QY"
        assert after.level is not None  # requested, not revoked

    @pytest.mark.rule("QY-12")
    def test_no_request_without_a_level(self) -> None:
        """An accident of an ungraded enterprise raises no request."""
        case = _case()
        case.run(c.RecordIncident, "2024-06-01", SUPERVISOR, incident_id="Q-2")
        view = case.service.view(case.key, pendulum.date(2024, 6, 2))
        assert "QY-12" not in [o.rule_id for o in view.obligations]


def _qy13(case: Case, on: str) -> list[Any]:
    view = case.service.view(case.key, pendulum.Date.fromisoformat(on))
    return [o for o in view.obligations if o.rule_id == "QY-13"]


class TestInspections:
    """QY-13: an enterprise not yet standardized is inspected at least twice a year, once
    comprehensively; inspections are a supervisor's facts, and the year's due ones are the
    supervisor's obligation on the deadline board until recorded."""

    @pytest.mark.rule("QY-13")
    def test_owed_to_the_supervisor_by_the_years_end(self) -> None:
        """With none recorded, two are owed by 2024-12-31, cited from the plan."""
        case = _case()
        (owed,) = _qy13(case, "2024-06-03")
        assert (owed.due, owed.overdue, str(owed.party)) == (
            pendulum.date(2024, 12, 31),
            False,
            "supervisor",
        )
        assert "年度监督检查不少于2次，其中全面检查至少1次" in owed.citation.text_zh
        assert "0 recorded" in owed.what

    @pytest.mark.rule("QY-13")
    def test_two_with_one_comprehensive_close_it_one_short_does_not(self) -> None:
        """One comprehensive inspection is one short; a second (routine) one closes the year."""
        case = _case()
        outcome = case.run(
            c.RecordInspection, "2024-06-03", SUPERVISOR, inspection_id="I-1", comprehensive=True
        )
        assert outcome.events[-1].rules == ("QY-13",)
        (owed,) = _qy13(case, "2024-06-03")
        assert owed.facts == {"year": 2024, "inspections": 1, "comprehensive": 1}
        case.run(c.RecordInspection, "2024-12-31", SUPERVISOR, inspection_id="I-2")
        assert _qy13(case, "2024-12-31") == []
        assert len(_qy13(case, "2024-12-30")) == 1  # the second one had not happened yet

    @pytest.mark.rule("QY-13")
    def test_two_routine_inspections_are_not_enough(self) -> None:
        """Two inspections, neither comprehensive: the comprehensive one is still owed."""
        case = _case()
        case.run(c.RecordInspection, "2024-06-03", SUPERVISOR, inspection_id="I-1")
        case.run(c.RecordInspection, "2024-07-01", SUPERVISOR, inspection_id="I-2")
        (owed,) = _qy13(case, "2024-07-01")
        assert owed.facts["comprehensive"] == 0

    @pytest.mark.rule("QY-13")
    def test_each_calendar_year_is_owed_anew(self) -> None:
        """Inspections of 2024 do not count for 2025: on 1 January the count starts again."""
        case = _case()
        case.run(
            c.RecordInspection, "2024-06-03", SUPERVISOR, inspection_id="I-1", comprehensive=True
        )
        case.run(c.RecordInspection, "2024-12-31", SUPERVISOR, inspection_id="I-2")
        (owed,) = _qy13(case, "2025-01-01")
        assert (owed.due, owed.facts["inspections"]) == (pendulum.date(2025, 12, 31), 0)

    @pytest.mark.rule("QY-13")
    def test_a_graded_enterprise_is_owed_none(self) -> None:
        """Holding a level, the enterprise is no longer 未创建: nothing owed while it holds."""
        clock = ManualClock("2024-03-01")
        policies = default_policies().adopting("cn.qinyang.2024")
        case = Case(GradingService("memory", clock=clock, policies=policies), clock, 4, QINYANG)
        d = case.graded(2024)  # level 2, announced 2024-04-17
        assert _qy13(case, d["announced"].isoformat()) == []
        assert len(_qy13(case, d["announced"].subtract(days=1).isoformat())) == 1

    @pytest.mark.rule("QY-13")
    def test_the_draft_binds_nobody_until_adopted(self) -> None:
        """Under Henan's rules an inspection is a plain record and nothing is owed."""
        case = _case(adopted=False)
        outcome = case.run(c.RecordInspection, "2024-06-03", SUPERVISOR, inspection_id="I-1")
        assert outcome.events[-1].rules == ()
        assert _qy13(case, "2024-06-03") == []

    def test_only_a_supervisor_or_authority_records_one(self) -> None:
        """An enterprise may not record its own inspection; nothing is written."""
        case = _case()
        case.refused(
            "procedure.actor", c.RecordInspection, "2024-06-03", ENTERPRISE, inspection_id="I-1"
        )

    def test_bounds(self) -> None:
        """A repeated id is a duplicate naming the field, an inspection dated after tomorrow is
        refused as a fact from the future, a too long id names its field; none writes."""
        case = _case()
        case.run(c.RecordInspection, "2024-06-03", SUPERVISOR, inspection_id="I-1")
        before = case.service.history(case.key)
        with pytest.raises(DuplicateError) as duplicate:
            case.run(c.RecordInspection, "2024-06-04", SUPERVISOR, inspection_id="I-1")
        assert duplicate.value.facts["field"] == "inspection_id"
        case.clock.set(pendulum.date(2024, 6, 4))
        with pytest.raises(InvalidInput, match=r"future|after"):
            case.service.execute(
                c.RecordInspection(
                    case=case.key,
                    actor=SUPERVISOR,
                    on=pendulum.date(2024, 6, 6),
                    inspection_id="I-2",
                )
            )
        with pytest.raises(InvalidInput, match=r"RecordInspection\.inspection_id"):
            c.RecordInspection(case=case.key, actor=SUPERVISOR, inspection_id="I" * 129)
        assert case.service.history(case.key) == before


@pytest.mark.rule("QY-13")
def test_inspections_on_the_deadline_board_and_its_calendar(tmp_path: Path) -> None:
    """Over a real SQLite store: the supervisor's board shows the year's inspections owed by
    2024-12-31, and the iCalendar export has them on that day; once two (one comprehensive)
    are recorded the board no longer shows them."""
    clock = ManualClock("2024-05-06")
    policies = default_policies().adopting("cn.qinyang.2024")
    service = GradingService(tmp_path / "qinyang.db", clock=clock, policies=policies)
    case = Case(service, clock, 5, QINYANG, "沁阳市恒通机械有限公司")
    case.self_evaluate("2024-05-06", 3)
    case.run(c.RecordInspection, "2024-05-06", SUPERVISOR, inspection_id="I-1")
    models = ReadModels(service)
    models.catch_up()
    (item,) = [
        i
        for i in models.obligations(pendulum.date(2024, 12, 31), role="supervisor")
        if i.obligation.rule_id == "QY-13"
    ]
    assert (item.due, item.obligation.overdue) == (pendulum.date(2024, 12, 31), False)
    calendar = Calendar.from_ical(board_calendar([item], datetime(2024, 5, 6, tzinfo=UTC)))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime_date(2024, 12, 31)
    assert "QY-13" in str(event["summary"])
    case.run(c.RecordInspection, "2024-06-03", SUPERVISOR, inspection_id="I-2", comprehensive=True)
    models.catch_up()
    board = models.obligations(pendulum.date(2024, 12, 31), role="supervisor")
    assert "QY-13" not in [i.obligation.rule_id for i in board]
    service.close()
