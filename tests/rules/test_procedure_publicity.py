"""Publicity and announcement (HN 第七条(四)(五)): at least 7 WD of publicity, objections during
it, the announcement and its copies, and the written notice to an enterprise that failed."""

from __future__ import annotations

import pytest

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.state import Stage
from gradingcore.values import Role
from gradingcore.views import Status
from tests.case.harness import CITY, PROVINCE, UNIT, Case, D

from .procedure_steps import last_event, owed, publicized, recorded, reviewed

#: Publicized Monday 2024-09-30: 30 Sep, 8-11 Oct, Saturday 12 Oct (worked) and 14 Oct are
#: its 7 WD; complete at the end of 2024-10-14, announced from 10-15.
PUBLICIZED, COMPLETE, AFTER = "2024-09-30", "2024-10-14", "2024-10-15"

COPIED_TO = (
    "工业和信息化部门",
    "人力资源社会保障部门",
    "国有资产监督管理部门",
    "市场监督管理部门",
    "工会组织",
    "银行保险监督管理机构",
    "证券监督管理机构",
)


class TestPublicityDuration:
    @pytest.mark.rule("publicity.duration", "period.workdays")
    @pytest.mark.parametrize(
        ("start", "complete", "announce_from"),
        [
            (PUBLICIZED, COMPLETE, AFTER),  # National Day
            ("2024-04-01", "2024-04-10", "2024-04-11"),  # Qingming; Sunday 04-07 worked
            ("2024-03-11", "2024-03-19", "2024-03-20"),  # an ordinary fortnight
            ("2024-06-04", "2024-06-13", "2024-06-14"),  # Dragon Boat, Monday 06-10 off
            ("2025-01-24", "2025-02-08", "2025-02-09"),  # Spring Festival; 01-26 worked
        ],
    )
    def test_seven_workdays_complete(
        self, case: Case, start: str, complete: str, announce_from: str
    ) -> None:
        """Publicity is complete at the end of its 7th WD (the first day counted): announcing
        that day is refused, naming the day and the date given; the next day it is recorded."""
        publicized(case, start)
        event = last_event(case, ev.Publicized)
        assert (event.name, event.complete_on) == ("Publicized", D(complete))
        assert [(d.rule_id, d.due) for d in event.deadlines] == [
            ("publicity.duration", D(complete))
        ]
        assert case.service.calendar.workdays_between(D(start).subtract(days=1), D(complete)) == 7
        refusal = case.refused("publicity.duration", c.Announce, complete, PROVINCE)
        assert refusal.facts["publicity.duration.complete_on"] == D(complete)
        assert refusal.facts["publicity.duration.on"] == D(complete)
        case.run(c.Announce, announce_from, PROVINCE)

    @pytest.mark.rule("publicity.duration")
    def test_authority_owes_publicity_then_announcement(self, case: Case) -> None:
        """Ready for publicity, the authority owes it; publicized, it owes the announcement from
        the day after completion."""
        reviewed(case, PUBLICIZED, score=90, found=())
        case.run(c.ReportList, PUBLICIZED, UNIT, list_id="名单-1")
        assert owed(case, PUBLICIZED, "publicity.duration").party is Role.AUTHORITY
        case.run(c.Publicize, PUBLICIZED, PROVINCE)
        announce = owed(case, COMPLETE, "announce.level")
        assert (announce.party, announce.what) == (Role.AUTHORITY, f"announce (from {AFTER})")


class TestPublicityObjection:
    @pytest.mark.rule("publicity.objection")
    def test_raised_on_the_last_day_not_the_day_after(self, case: Case) -> None:
        """An objection on 2024-10-15 (publicity over) is refused naming the publicity days; on
        the last day, 10-14, it is recorded."""
        publicized(case, PUBLICIZED)
        refusal = case.refused(
            "publicity.objection", c.RaiseObjection, AFTER, PROVINCE, objection_id="O1"
        )
        assert refusal.facts["publicity.objection.publicized_on"] == D(PUBLICIZED)
        assert refusal.facts["publicity.objection.complete_on"] == D(COMPLETE)
        event = recorded(
            case.run(
                c.RaiseObjection,
                COMPLETE,
                PROVINCE,
                objection_id="O1",
                summary="举报存在未整改隐患",
            ),
            ev.ObjectionRaised,
        )
        assert (event.name, event.objection_id) == ("ObjectionRaised", "O1")

    @pytest.mark.rule("publicity.objection")
    def test_raised_on_the_first_day(self, case: Case) -> None:
        """An objection on the day publicity starts is recorded."""
        publicized(case, PUBLICIZED)
        case.run(c.RaiseObjection, PUBLICIZED, PROVINCE, objection_id="O1")

    @pytest.mark.rule("publicity.objection")
    def test_verified_before_announcement(self, case: Case) -> None:
        """With an objection open, announcing is refused and the authority owes the check;
        found unsubstantiated, the level is announced."""
        publicized(case, PUBLICIZED)
        case.run(c.RaiseObjection, "2024-10-08", PROVINCE, objection_id="O1")
        assert owed(case, AFTER, "publicity.objection").party is Role.AUTHORITY
        case.refused("publicity.objection", c.Announce, AFTER, PROVINCE)
        case.run(
            c.ResolveObjection,
            AFTER,
            PROVINCE,
            objection_id="O1",
            substantiated=False,
            finding="经核实，反映问题不存在",
        )
        event = recorded(case.run(c.Announce, AFTER, PROVINCE), ev.Announced)
        assert event.name == "Announced"

    @pytest.mark.rule("publicity.objection", "announce.failure_notice")
    def test_substantiated_means_not_passed(self, case: Case) -> None:
        """A substantiated objection fails the grading; the failure notice cites the objection."""
        publicized(case, PUBLICIZED)
        case.run(c.RaiseObjection, "2024-10-08", PROVINCE, objection_id="O1")
        case.run(
            c.ResolveObjection,
            "2024-10-16",
            PROVINCE,
            objection_id="O1",
            substantiated=True,
            finding="经核实，存在重大事故隐患",
        )
        view = case.service.view(case.key, D("2024-10-16"))
        assert view.stage is Stage.FAILED
        case.refused("procedure.order", c.Announce, "2024-10-16", PROVINCE)
        event = recorded(
            case.run(
                c.NotifyFailure, "2024-10-17", PROVINCE, reasons=("公示期间反映问题经核实属实",)
            ),
            ev.NotPassed,
        )
        assert "publicity.objection" in event.rules

    @pytest.mark.rule("publicity.objection")
    def test_only_an_objection_fails_a_publicized_grading(self, case: Case) -> None:
        """During publicity, with no substantiated objection, a failure notice is refused."""
        publicized(case, PUBLICIZED)
        case.refused("publicity.objection", c.NotifyFailure, AFTER, PROVINCE, reasons=("不通过",))

    @pytest.mark.rule("publicity.objection")
    def test_each_objection_once_and_known(self, case: Case) -> None:
        """An objection id raised twice, or resolved without being raised, is refused."""
        publicized(case, PUBLICIZED)
        case.run(c.RaiseObjection, "2024-10-08", PROVINCE, objection_id="O1")
        case.refused(
            "publicity.objection", c.RaiseObjection, "2024-10-09", PROVINCE, objection_id="O1"
        )
        case.refused(
            "publicity.objection",
            c.ResolveObjection,
            "2024-10-09",
            PROVINCE,
            objection_id="O2",
            substantiated=False,
        )


class TestAnnounceLevel:
    @pytest.mark.rule("announce.level")
    def test_confirms_the_level_and_copies(self, case: Case) -> None:
        """The announcement confirms level 2 from its day for 3 years and is copied to the
        departments and bodies the policy lists."""
        publicized(case, PUBLICIZED)
        event = recorded(case.run(c.Announce, AFTER, PROVINCE), ev.Announced)
        assert (event.level, event.valid_from, event.valid_until) == (
            2,
            D(AFTER),
            D("2027-10-15"),
        )
        assert event.copied_to == COPIED_TO
        assert "announce.level" in event.rules
        view = case.service.view(case.key, D(AFTER))
        assert (view.status, view.level, view.obligations[0].rule_id) == (
            Status.GRADED,
            2,
            "selfeval.annual",
        )

    @pytest.mark.rule("announce.level")
    def test_copies_given_by_the_authority(self, case: Case) -> None:
        """An authority naming the bodies it copied to has them recorded as given."""
        publicized(case, PUBLICIZED)
        given = ("河南省工业和信息化厅", "河南省总工会")
        event = recorded(case.run(c.Announce, AFTER, PROVINCE, copied_to=given), ev.Announced)
        assert event.copied_to == given

    @pytest.mark.rule("announce.level", "authority.by_level")
    def test_level_3_announced_by_the_city(self, case: Case) -> None:
        """A level-3 grading is announced by the city, not the province."""
        publicized(case, PUBLICIZED, level=3)
        case.refused("authority.by_level", c.Announce, AFTER, PROVINCE)
        event = recorded(case.run(c.Announce, AFTER, CITY), ev.Announced)
        assert event.level == 3


class TestAnnounceFailureNotice:
    @pytest.mark.rule("announce.failure_notice")
    def test_in_writing_with_reasons(self, case: Case) -> None:
        """A review below the threshold: the authority owes the notice; without reasons it is
        refused; with reasons the enterprise has not passed and is locked out a year."""
        reviewed(case, "2024-06-14", score=70, level_met=False)
        notice = owed(case, "2024-06-14", "announce.failure_notice")
        assert (notice.party, notice.due, notice.facts["failed_on"]) == (
            Role.AUTHORITY,
            None,
            D("2024-06-14"),
        )
        case.refused("announce.failure_notice", c.NotifyFailure, "2024-06-17", PROVINCE, reasons=())
        event = recorded(
            case.run(
                c.NotifyFailure,
                "2024-06-17",
                PROVINCE,
                reasons=("现场评审得分70分，未达到二级标准",),
            ),
            ev.NotPassed,
        )
        assert event.reasons == ("现场评审得分70分，未达到二级标准",)
        assert event.rules[0] == "announce.failure_notice"
        assert "score.level_threshold" in event.rules
        assert [(d.rule_id, d.due) for d in event.deadlines] == [
            ("lockout.after_failure", D("2025-06-17"))
        ]
        view = case.service.view(case.key, D("2024-06-17"))
        assert (view.status, view.obligations) == (Status.NOT_PASSED, ())

    @pytest.mark.rule("announce.failure_notice")
    def test_not_for_a_passing_review(self, case: Case) -> None:
        """A review that met the level cannot be notified as failed."""
        reviewed(case, "2024-06-14", score=90, found=())
        case.refused(
            "procedure.order", c.NotifyFailure, "2024-06-17", PROVINCE, reasons=("不通过",)
        )

    @pytest.mark.rule("announce.failure_notice", "authority.by_level")
    def test_by_the_grading_authority(self, case: Case) -> None:
        """A failed level-3 review is notified by the city; the province is refused."""
        reviewed(case, "2024-06-14", level=3, score=55, level_met=False)
        case.refused(
            "authority.by_level",
            c.NotifyFailure,
            "2024-06-17",
            PROVINCE,
            reasons=("未达到三级标准",),
        )
        case.run(c.NotifyFailure, "2024-06-17", CITY, reasons=("未达到三级标准",))
