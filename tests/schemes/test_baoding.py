"""Baoding's 安全诚信企业 campaign: its own records, the year's steps at both edges of their
dates, acceptance filed or settled, titles withdrawn and blacklisting on the grading's facts."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path
from typing import Any

import pendulum
import pytest

from gradingcore import CaseNotFound, GradingError, KeyRing, RuleViolation
from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.facts import IncidentGrade
from gradingcore.keys import new_key
from gradingcore.schemes import baoding as bd
from gradingcore.service import GradingService
from gradingcore.values import Actor, CaseKey, Enterprise
from tests.case.harness import SUPERVISOR, Case, uscc
from tests.i18n.catalogs import english_words

COUNTY = Actor("bd-county", "supervisor")
FIRM = Actor("bd-firm", "enterprise")
REGION = "130602"


def D(text: str) -> pendulum.Date:  # noqa: N802 - reads like a date literal
    return pendulum.Date.fromisoformat(text)


class Campaign:
    """One enterprise's campaign record, with its grading case on the same store's clock."""

    def __init__(self, tmp_path: Path, serial: int = 1, track: str = "规范化企业") -> None:
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.clock = ManualClock("2024-01-02")
        self.grading = GradingService("memory", clock=self.clock)
        self.service = bd.CampaignService(
            str(tmp_path / "campaign.db"), grading=self.grading, clock=self.clock
        )
        self.uscc = uscc(serial, REGION)
        self.track = track
        self.case = Case(self.grading, self.clock, serial, REGION, "保定市恒安机械有限公司")

    def run(self, command: type[bd.CampaignCommand], on: str, actor: Actor, **kw: Any) -> Any:
        self.clock.set(D(on))
        return self.service.execute(command(uscc=self.uscc, on=D(on), actor=actor, **kw))

    def refused(
        self, rule_id: str, command: type[bd.CampaignCommand], on: str, actor: Actor, **kw: Any
    ) -> GradingError:
        before = self._events()
        with pytest.raises(RuleViolation) as info:
            self.run(command, on, actor, **kw)
        assert rule_id in info.value.rule_ids, str(info.value)
        assert info.value.citations
        assert info.value.citations[0].document == "BD"
        assert self._events() == before, "a refused command wrote something"
        from tests.i18n.chinese import chinese_problems, typed

        problems = chinese_problems(info.value, typed([actor, kw, self.uscc]))
        assert not problems, "the Chinese refusal: " + "; ".join(problems)
        return info.value

    def _events(self) -> list[Any]:
        try:
            return self.service.history(self.uscc, 2024)
        except GradingError:
            return []

    def enroll(self, on: str = "2024-03-20", affiliation: str = "县属") -> Any:
        return self.run(
            bd.Enroll,
            on,
            COUNTY,
            enterprise=Enterprise("保定市恒安机械有限公司", "机械", REGION),
            track=self.track,
            affiliation=affiliation,
            responsible_department="莲池区应急管理局",
            responsible_person="王明",
        )

    def prepared(self) -> None:
        """Enrolled, committed, planned and worked by the steps' dates."""
        self.enroll()
        fix_by = {"fix_by": D("2024-06-30")} if self.track == "问题型企业" else {}
        self.run(bd.SignCommitment, "2024-04-10", COUNTY, **fix_by)
        self.run(bd.AgreePlan, "2024-04-25", COUNTY)
        self.run(bd.CompleteWork, "2024-07-20", FIRM)

    def criteria(self, rule_id: str) -> list[str]:
        policy = self.service.policies.get("cn.baoding.2024")
        return list(policy.rule(rule_id).values["criteria"])  # type: ignore[arg-type]

    def filed(self) -> None:
        self.prepared()
        self.run(bd.RequestAcceptance, "2024-08-01", FIRM)
        self.run(
            bd.Accept, "2024-08-20", COUNTY, by="县级安委办", criteria_met=self.criteria("BD-2")
        )


@pytest.fixture
def campaign(tmp_path: Path) -> Campaign:
    return Campaign(tmp_path)


class TestEnrolment:
    @pytest.mark.rule("BD-1", "BD-4")
    def test_by_the_end_of_march_is_on_time(self, campaign: Campaign) -> None:
        """Listed on 31 March: on time; the record is the year's, under Baoding's policy."""
        (event,) = campaign.enroll("2024-03-31")
        assert (event.late, str(event.policy), event.track) == (
            False,
            "cn.baoding.2024@1",
            bd.Track.REGULARIZED,
        )
        assert campaign.service.record(campaign.uscc, 2024).late_steps == ()

    @pytest.mark.rule("BD-4")
    def test_from_april_is_late(self, campaign: Campaign) -> None:
        """Listed on 1 April: recorded, and late against BD-4."""
        (event,) = campaign.enroll("2024-04-01")
        assert event.late
        assert campaign.service.record(campaign.uscc, 2024).late_steps == ("BD-4",)

    @pytest.mark.rule("BD-4")
    def test_names_the_missing_responsible_person(self, campaign: Campaign) -> None:
        """An enterprise listed without its responsible person is refused naming it."""
        error = campaign.refused(
            "BD-4",
            bd.Enroll,
            "2024-03-01",
            COUNTY,
            enterprise=Enterprise("保定市恒安机械有限公司", "机械", REGION),
            track="规范化企业",
            affiliation="县属",
            responsible_department="莲池区应急管理局",
            responsible_person=" ",
        )
        assert "responsible_person" in str(error)

    def test_outside_the_campaign_year_no_policy(self, campaign: Campaign) -> None:
        """There is no campaign on 2025-01-01: the policy ends on 2024-12-31."""
        with pytest.raises(GradingError, match="no policy governs safety-integrity-campaign"):
            campaign.enroll("2025-01-01")

    def test_steps_before_enrolment_are_refused(self, campaign: Campaign) -> None:
        """A step for an enterprise on no list is refused."""
        campaign.refused("BD-4", bd.AgreePlan, "2024-04-01", COUNTY)


class TestTheYearsSteps:
    @pytest.mark.rule("BD-5")
    def test_commitment_edges(self, tmp_path: Path) -> None:
        """Signed on 15 April: on time; on 16 April: late."""
        for day, late in [("2024-04-15", False), ("2024-04-16", True)]:
            campaign = Campaign(tmp_path / day)
            campaign.enroll()
            (event,) = campaign.run(bd.SignCommitment, day, COUNTY)
            assert event.late is late

    @pytest.mark.rule("BD-5")
    def test_problem_pledge_needs_its_time_limit(self, tmp_path: Path) -> None:
        """A problem enterprise's pledge without a time limit is refused (BD-5)."""
        campaign = Campaign(tmp_path, track="问题型企业")
        campaign.enroll()
        campaign.refused("BD-5", bd.SignCommitment, "2024-04-01", COUNTY)

    @pytest.mark.rule("BD-6")
    def test_plan_edges(self, tmp_path: Path) -> None:
        """A plan on 30 April is on time, on 1 May late; it needs the commitment first."""
        for day, late in [("2024-04-30", False), ("2024-05-01", True)]:
            campaign = Campaign(tmp_path / day)
            campaign.enroll()
            campaign.refused("BD-6", bd.AgreePlan, "2024-04-01", COUNTY)
            campaign.run(bd.SignCommitment, "2024-04-01", COUNTY)
            (event,) = campaign.run(bd.AgreePlan, day, COUNTY)
            assert event.late is late

    @pytest.mark.rule("BD-7")
    def test_work_window(self, tmp_path: Path) -> None:
        """Work cannot be done before 1 May; done on 31 July on time, on 1 August late."""
        for day, late in [("2024-07-31", False), ("2024-08-01", True)]:
            campaign = Campaign(tmp_path / day)
            campaign.enroll()
            campaign.run(bd.SignCommitment, "2024-04-01", COUNTY)
            campaign.run(bd.AgreePlan, "2024-04-02", COUNTY)
            campaign.refused("BD-7", bd.CompleteWork, "2024-04-30", FIRM)
            (event,) = campaign.run(bd.CompleteWork, day, FIRM)
            assert event.late is late

    @pytest.mark.rule("BD-8")
    def test_showcase_only_in_july_and_in_a_field(self, tmp_path: Path) -> None:
        """A showcase is chosen in July (not 30 June, not 1 August), in one of the four fields."""
        campaign = Campaign(tmp_path)
        campaign.enroll()
        campaign.refused("BD-8", bd.Showcase, "2024-06-30", COUNTY, field="危险化学品")
        campaign.refused("BD-8", bd.Showcase, "2024-08-01", COUNTY, field="危险化学品")
        campaign.refused("BD-8", bd.Showcase, "2024-07-01", COUNTY, field="纺织")
        (event,) = campaign.run(bd.Showcase, "2024-07-31", COUNTY, field="一般行业")
        assert event.field == "一般行业"

    @pytest.mark.rule("BD-9")
    def test_acceptance_from_august(self, campaign: Campaign) -> None:
        """Acceptance is applied for from 1 August, not on 31 July."""
        campaign.prepared()
        campaign.refused("BD-9", bd.RequestAcceptance, "2024-07-31", FIRM)
        (event,) = campaign.run(bd.RequestAcceptance, "2024-08-01", FIRM)
        assert event.to is bd.Acceptor.COUNTY

    def test_steps_as_obligations(self, campaign: Campaign) -> None:
        """On 16 April a missing commitment is overdue, the plan not yet."""
        campaign.enroll("2024-03-20")
        steps = {s.rule_id: s for s in campaign.service.steps(campaign.uscc, 2024, D("2024-04-16"))}
        assert steps["BD-4"].done_on == D("2024-03-20")
        assert not steps["BD-4"].late
        assert steps["BD-5"].overdue
        assert steps["BD-5"].due == D("2024-04-15")
        assert not steps["BD-6"].overdue
        on_time = campaign.service.steps(campaign.uscc, 2024, D("2024-04-15"))
        assert not [s for s in on_time if s.overdue]

    def test_steps_in_the_readers_language(self, campaign: Campaign) -> None:
        """What each step owes reads in Chinese (the notice's words: 签订承诺书, 申请验收), the
        English beside it; the parties are the notice's names in every language."""
        campaign.filed()
        steps = campaign.service.steps(campaign.uscc, 2024, D("2024-12-31"))
        by_rule = {s.rule_id: s for s in steps}
        assert by_rule["BD-5"].localized("zh") == "签订承诺书"
        assert by_rule["BD-5"].what == "sign the commitment"
        acceptance = [s for s in steps if s.rule_id == "BD-9"]
        assert acceptance[0].localized("zh") == "申请验收（2024年8月1日起）"
        assert acceptance[0].what == "apply for the acceptance check (from 2024-08-01)"
        for step in steps:
            assert english_words(step.localized("zh")) == [], step


class TestAcceptance:
    @pytest.mark.rule("BD-2", "BD-9")
    def test_regularized_is_filed_when_every_criterion_is_met(self, campaign: Campaign) -> None:
        """A regularized enterprise meeting all 12 criteria is filed (建档) by its county."""
        campaign.filed()
        record = campaign.service.record(campaign.uscc, 2024)
        assert (record.outcome, record.titled) == (bd.Outcome.FILED, True)

    @pytest.mark.rule("BD-2")
    def test_a_missing_criterion_is_named(self, campaign: Campaign) -> None:
        """Acceptance with 11 of the 12 criteria is refused naming the one missing."""
        campaign.prepared()
        campaign.run(bd.RequestAcceptance, "2024-08-01", FIRM)
        criteria = campaign.criteria("BD-2")
        error = campaign.refused(
            "BD-2", bd.Accept, "2024-08-02", COUNTY, by="县级安委办", criteria_met=criteria[1:]
        )
        assert criteria[0] in str(error)
        assert "1 of the 12" in str(error)

    @pytest.mark.rule("BD-9")
    def test_the_city_accepts_city_enterprises(self, campaign: Campaign) -> None:
        """A 市直 enterprise is accepted by the city's office, not the county's."""
        campaign.enroll(affiliation="市直")
        campaign.run(bd.SignCommitment, "2024-04-01", COUNTY)
        campaign.run(bd.AgreePlan, "2024-04-02", COUNTY)
        campaign.run(bd.CompleteWork, "2024-07-01", FIRM)
        campaign.run(bd.RequestAcceptance, "2024-08-01", FIRM)
        crit = campaign.criteria("BD-2")
        campaign.refused(
            "BD-9", bd.Accept, "2024-08-02", COUNTY, by="县级安委办", criteria_met=crit
        )
        (event,) = campaign.run(bd.Accept, "2024-08-02", COUNTY, by="市安委办", criteria_met=crit)
        assert event.by is bd.Acceptor.CITY

    @pytest.mark.rule("BD-3", "BD-9")
    def test_a_problem_enterprise_is_settled(self, tmp_path: Path) -> None:
        """A problem enterprise meeting the 5 criteria is settled (销账), with no title."""
        campaign = Campaign(tmp_path, track="问题型企业")
        campaign.prepared()
        campaign.run(bd.RequestAcceptance, "2024-08-01", FIRM)
        crit = campaign.criteria("BD-3")
        campaign.run(bd.Accept, "2024-08-05", COUNTY, by="县级安委办", criteria_met=crit)
        record = campaign.service.record(campaign.uscc, 2024)
        assert (record.outcome, record.titled) == (bd.Outcome.SETTLED, False)
        campaign.refused("BD-10", bd.Publicize, "2024-11-05", COUNTY)

    @pytest.mark.rule("BD-9")
    def test_a_standardized_enterprise_needs_its_grading(self, tmp_path: Path) -> None:
        """A standardized enterprise is accepted only with a valid level in its grading case."""
        campaign = Campaign(tmp_path, track="标准化企业")
        campaign.prepared()
        campaign.run(bd.RequestAcceptance, "2024-08-01", FIRM)
        campaign.refused("BD-9", bd.Accept, "2024-08-05", COUNTY, by="县级安委办")
        campaign.case.graded(2024)  # level 2, announced 2024-04-17
        (event,) = campaign.run(bd.Accept, "2024-08-05", COUNTY, by="县级安委办")
        assert event.outcome is bd.Outcome.FILED


class TestPublicityAndAward:
    @pytest.mark.rule("BD-10")
    def test_publicity_in_november_only(self, campaign: Campaign) -> None:
        """Publicity on 31 October or 1 December is refused; 1 and 30 November are in."""
        campaign.filed()
        campaign.refused("BD-10", bd.Publicize, "2024-10-31", COUNTY)
        campaign.refused("BD-10", bd.Publicize, "2024-12-01", COUNTY)
        campaign.run(bd.Publicize, "2024-11-30", COUNTY)

    @pytest.mark.rule("BD-11")
    def test_award_after_publicity_by_the_committee(self, campaign: Campaign) -> None:
        """The award needs the publicity and the 市安委会's approval."""
        campaign.filed()
        campaign.refused("BD-11", bd.Award, "2024-11-20", COUNTY, approved_by="市安委会")
        campaign.run(bd.Publicize, "2024-11-01", COUNTY)
        campaign.refused("BD-11", bd.Award, "2024-12-10", COUNTY, approved_by="市安监局")
        campaign.run(bd.Award, "2024-12-10", COUNTY, approved_by="市安委会")
        assert campaign.service.record(campaign.uscc, 2024).awarded_on == D("2024-12-10")


class TestCreditStains:
    def _fact(self, campaign: Campaign, command: type[c.Command], on: str, **kw: Any) -> None:
        campaign.case.run(command, on, SUPERVISOR, **kw)

    @pytest.mark.rule("BD-12")
    def test_fatal_accident_withdraws_the_title(self, campaign: Campaign) -> None:
        """A death recorded in the grading case withdraws the title (BD-12), once."""
        campaign.filed()
        self._fact(campaign, c.RecordIncident, "2024-09-02", incident_id="A-1", deaths=1)
        (event,) = campaign.run(bd.ReviewCredit, "2024-09-03", COUNTY)
        assert (event.name, event.source, event.rules) == (
            "TitleWithdrawn",
            "incident A-1",
            ("BD-12",),
        )
        assert not campaign.service.record(campaign.uscc, 2024).titled
        assert campaign.run(bd.ReviewCredit, "2024-09-04", COUNTY) == ()
        campaign.refused("BD-10", bd.Publicize, "2024-11-05", COUNTY)

    @pytest.mark.rule("BD-12", "BD-13")
    def test_an_accident_without_death_keeps_the_title(self, campaign: Campaign) -> None:
        """An accident with no death, of grade 一般, triggers neither rule."""
        campaign.filed()
        self._fact(campaign, c.RecordIncident, "2024-09-02", incident_id="A-2", serious_injuries=2)
        assert campaign.run(bd.ReviewCredit, "2024-09-03", COUNTY) == ()

    @pytest.mark.rule("BD-12")
    def test_dishonesty_list_withdraws_the_title(self, campaign: Campaign) -> None:
        """Being listed as dishonest is a major act of dishonesty (BD-12)."""
        campaign.filed()
        self._fact(campaign, c.ListDishonest, "2024-09-02")
        (event,) = campaign.run(bd.ReviewCredit, "2024-09-02", COUNTY)
        assert event.name == "TitleWithdrawn"

    @pytest.mark.rule("BD-12", "BD-13")
    def test_a_relatively_large_accident_blacklists(self, campaign: Campaign) -> None:
        """An accident of grade 较大 blacklists (BD-13), and with a death withdraws the title."""
        campaign.filed()
        self._fact(
            campaign,
            c.RecordIncident,
            "2024-09-02",
            incident_id="A-3",
            deaths=3,
            grade=IncidentGrade.JIAODA,
        )
        events = campaign.run(bd.ReviewCredit, "2024-09-03", COUNTY)
        assert [e.name for e in events] == ["TitleWithdrawn", "Blacklisted"]

    @pytest.mark.rule("BD-13")
    def test_major_hazard_not_fixed_on_time(self, campaign: Campaign) -> None:
        """A major hazard due 2024-09-10: nothing on the 10th; blacklisted on the 11th."""
        campaign.enroll()
        self._fact(
            campaign,
            c.RecordHazard,
            "2024-09-01",
            hazard_id="H-1",
            major=True,
            fix_by=D("2024-09-10"),
        )
        assert campaign.run(bd.ReviewCredit, "2024-09-10", COUNTY) == ()
        (event,) = campaign.run(bd.ReviewCredit, "2024-09-11", COUNTY)
        assert (event.name, event.source) == ("Blacklisted", "hazard H-1")

    @pytest.mark.rule("BD-13")
    def test_major_hazard_fixed_on_its_last_day(self, campaign: Campaign) -> None:
        """Fixed on its deadline: no blacklisting afterwards."""
        campaign.enroll()
        self._fact(
            campaign,
            c.RecordHazard,
            "2024-09-01",
            hazard_id="H-2",
            major=True,
            fix_by=D("2024-09-10"),
        )
        self._fact(campaign, c.FixHazard, "2024-09-10", hazard_id="H-2")
        assert campaign.run(bd.ReviewCredit, "2024-09-20", COUNTY) == ()

    @pytest.mark.rule("BD-13")
    def test_resisting_an_inspection(self, campaign: Campaign) -> None:
        """Resisting an inspection, recorded in the campaign, blacklists."""
        campaign.enroll()
        campaign.run(bd.RecordResistance, "2024-06-03", COUNTY, description="拒绝执法人员进入")
        (event,) = campaign.run(bd.ReviewCredit, "2024-06-03", COUNTY)
        assert event.trigger == "resisted an inspection"


class TestStore:
    def test_records_survive_a_new_service(self, tmp_path: Path) -> None:
        """The record is read back from the SQLite file by another service."""
        campaign = Campaign(tmp_path)
        campaign.enroll()
        again = bd.CampaignService(str(tmp_path / "campaign.db"))
        (record,) = list(again.records())
        assert (record.uscc, record.track) == (
            campaign.service.record(campaign.uscc, 2024).uscc,
            bd.Track.REGULARIZED,
        )

    def test_repeated_command_id_records_once(self, campaign: Campaign) -> None:
        """The same command id twice records once."""
        kw = {
            "enterprise": Enterprise("保定市恒安机械有限公司", "机械", REGION),
            "track": "规范化企业",
            "affiliation": "县属",
            "responsible_department": "莲池区应急管理局",
            "responsible_person": "王明",
            "command_id": "enrol-1",
        }
        first = campaign.run(bd.Enroll, "2024-03-01", COUNTY, **kw)
        assert campaign.run(bd.Enroll, "2024-03-01", COUNTY, **kw) == first
        assert len(campaign.service.history(campaign.uscc, 2024)) == 1

    def test_events_are_chained_and_verify(self, tmp_path: Path) -> None:
        """Each event of a record is chained to the one before, as a grading case's are, and
        the record verifies; the first links to nothing."""
        campaign = Campaign(tmp_path)
        campaign.prepared()
        events = campaign.service.history(campaign.uscc, 2024)
        assert len(events) >= 3
        assert events[0].previous_hash == ""
        for before, after in itertools.pairwise(events):
            assert after.previous_hash == before.digest != ""
        assert campaign.service.verify(campaign.uscc, 2024) == []
        again = bd.CampaignService(str(tmp_path / "campaign.db"))
        assert again.verify(campaign.uscc, 2024) == []

    def test_an_edited_row_a_deleted_one_and_a_foreign_topic_are_found(
        self, tmp_path: Path
    ) -> None:
        """An edit of the stored text breaks that event's digest; a deleted event leaves a gap
        and breaks the next one's link; a row naming a grading event is not a campaign event."""
        campaign = Campaign(tmp_path)
        campaign.prepared()
        record = bd.record_id(campaign.uscc, 2024).hex
        store = tmp_path / "campaign.db"

        def sql(statement: str, *params: object) -> None:
            with sqlite3.connect(store) as db:
                db.execute(statement, (*params, record))

        with sqlite3.connect(store) as db:
            (state,) = db.execute(
                "SELECT state FROM stored_events WHERE originator_version=1 AND originator_id=?",
                (record,),
            ).fetchone()
        edited = bytes(state).replace("王明".encode(), "李四".encode())
        sql(
            "UPDATE stored_events SET state=? WHERE originator_version=1 AND originator_id=?",
            edited,
        )
        (found,) = campaign.service.verify(campaign.uscc, 2024)
        assert (found.version, found.problem) == (1, "content does not match its digest (edited)")
        sql(
            "UPDATE stored_events SET topic=? WHERE originator_version=3 AND originator_id=?",
            "gradingcore.events:CaseOpened",
        )
        sql("DELETE FROM stored_events WHERE originator_version=2 AND originator_id=?")
        problems = {(b.version, b.problem) for b in campaign.service.verify(campaign.uscc, 2024)}
        assert (2, "version 2 missing (deleted)") in problems
        assert any(v == 3 and p.startswith("unknown event type") for v, p in problems)

    def test_keyed_like_the_grading_service(self, tmp_path: Path) -> None:
        """With a chain key the campaign's digests are keyed and verify with it; without the
        key they cannot be shown intact (decision 0079)."""
        ring = KeyRing.of([new_key()])
        clock = ManualClock("2024-03-20")
        store = str(tmp_path / "keyed.db")
        service = bd.CampaignService(store, clock=clock, keys=ring)
        key = uscc(9, REGION)
        (enrolled,) = service.execute(
            bd.Enroll(
                uscc=key,
                on=D("2024-03-20"),
                actor=COUNTY,
                enterprise=Enterprise("保定市恒安机械有限公司", "机械", REGION),
                track="规范化企业",
                affiliation="县属",
                responsible_department="莲池区应急管理局",
                responsible_person="王明",
            )
        )
        assert enrolled.digest.startswith("hmac-sha256:")
        assert service.verify(key, 2024) == []
        (unchecked,) = bd.CampaignService(store).verify(key, 2024)
        assert "not checked" in unchecked.problem

    def test_verifying_an_unknown_record_is_not_found(self, campaign: Campaign) -> None:
        """No record of the enterprise for the year: CaseNotFound, not an empty answer."""
        with pytest.raises(CaseNotFound):
            campaign.service.verify(campaign.uscc, 2024)

    def test_postgres(self, postgres_url: str) -> None:
        """The campaign keeps its records in PostgreSQL too."""
        clock = ManualClock("2024-03-01")
        service = bd.CampaignService(postgres_url, clock=clock)
        # A new enterprise each run: the database outlives the test.
        key = uscc(pendulum.now().int_timestamp % 10_000_000, REGION)
        enrol = bd.Enroll(
            uscc=key,
            on=D("2024-03-01"),
            actor=COUNTY,
            enterprise=Enterprise("保定市恒安机械有限公司", "机械", REGION),
            track="问题型企业",
            affiliation="县属",
            responsible_department="莲池区应急管理局",
            responsible_person="王明",
        )
        service.execute(enrol)
        assert service.record(key, 2024).track is bd.Track.PROBLEM
        assert CaseKey(key).uscc == service.record(key, 2024).uscc
