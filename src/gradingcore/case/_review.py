"""Confirmation, the review team, the review and rectification (第七条(三), 第十三至十五条)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gradingcore import events as ev
from gradingcore.case._base import Act, CaseBase
from gradingcore.facts import (
    Deadline,
    Expert,
    ExpertDraw,
    ForceMajeure,
    Nonconformity,
    VerificationMethod,
)
from gradingcore.policy._model import as_date
from gradingcore.rules import (
    Judge,
    direct_renewal_findings,
    periods,
    raise_if_any_fails,
    score_in_range,
    team_findings,
    verdict_finding,
)
from gradingcore.state import Stage
from gradingcore.values import Role, money


class ReviewSteps(CaseBase):
    def order_review(self, act: Act, judge: Judge) -> ev.ReviewOrdered:
        """确认: the authority confirms the forwarded report and orders the review."""
        app = self._app(judge, Stage.FORWARDED)
        self._authority(act, judge, app.level)
        self._not_before_last(act, judge)
        return self._record(ev.ReviewOrdered, act, judge, rules=("review.confirmation",))

    def confirm_direct_renewal(
        self, act: Act, judge: Judge, *, standards_revised: bool = False
    ) -> ev.DirectRenewalConfirmed:
        """第十条: a renewal of the same level goes straight to publicity when (一)-(七) hold."""
        app = self._app(judge, Stage.FORWARDED)
        self._authority(act, judge, app.level)
        self._not_before_last(act, judge)
        findings = raise_if_any_fails(
            "direct renewal refused",
            direct_renewal_findings(judge, self.state, act.on, standards_revised=standards_revised),
        )
        return self._record(
            ev.DirectRenewalConfirmed,
            act,
            judge,
            rules=tuple(f.rule_id for f in findings),
            standards_revised=standards_revised,
        )

    def form_review_team(
        self,
        act: Act,
        judge: Judge,
        *,
        experts: Sequence[Expert],
        organizing_unit_consulted: bool = False,
        organizing_unit_served_on: object = None,
        draw: ExpertDraw | None = None,
    ) -> ev.ReviewTeamFormed:
        """现场评审组: size, expertise, qualification and independence, all checked; the random
        draw from the provincial pool (HN 第六条) is recorded on the event."""
        self._role(act, judge, Role.ORGANIZING_UNIT)
        app = self._app(judge, Stage.REVIEW_ORDERED)
        self._not_before_last(act, judge)
        served = None if organizing_unit_served_on is None else as_date(organizing_unit_served_on)  # type: ignore[arg-type]
        findings = raise_if_any_fails(
            "review team refused",
            team_findings(
                judge,
                self.state,
                app.level,
                experts,
                act.on,
                organizing_unit_consulted=organizing_unit_consulted,
                organizing_unit_served_on=served,
                draw=draw,
            ),
        )
        return self._record(
            ev.ReviewTeamFormed,
            act,
            judge,
            rules=tuple(f.rule_id for f in findings),
            experts=tuple(experts),
            organizing_unit_consulted=organizing_unit_consulted,
            organizing_unit_served_on=served,
            draw=draw,
        )

    def record_review(
        self,
        act: Act,
        judge: Judge,
        *,
        score: Decimal | int | str,
        nonconformities: Sequence[Nonconformity] = (),
        major_hazard_found: bool = False,
        level_met: bool = True,
        received_on: object = None,
    ) -> ev.Reviewed:
        """现场评审报告: the team's verdict whether the applied level is met (是否达到拟申请等级,
        附件2) is recorded, checked against a failed veto item and the policy's threshold for
        the industry where it holds one (``score.level_threshold``); not met, or a major hazard
        (``review.major_hazard``), fails the review at once. The rectification period runs from
        ``received_on``, the day the enterprise received the report (default: its date)."""
        self._role(act, judge, Role.REVIEW_TEAM)
        app = self._app(judge, Stage.TEAM_FORMED)
        self._not_before_last(act, judge)
        score = money(score)
        ids = [n.id for n in nonconformities]
        received = act.on if received_on is None else as_date(received_on)  # type: ignore[arg-type]
        industry = self.state.enterprise.industry
        raise_if_any_fails(
            "review report refused",
            [
                score_in_range(judge, score),
                judge.finding(
                    "review.report",
                    len(set(ids)) == len(ids),
                    "nonconformity ids are unique",
                    ids=ids,
                ),
                verdict_finding(judge, app.level, industry, score, nonconformities, level_met),
                judge.finding(
                    "rectify.deadline",
                    received >= act.on,
                    f"the report of {act.on} received on {received}",
                    received_on=received,
                    report_on=act.on,
                ),
            ],
        )
        rules = ["review.report", "score.range", "score.level_threshold"]
        if major_hazard_found:
            rules.append("review.major_hazard")
        deadlines: tuple[Deadline, ...] = ()
        if nonconformities and level_met and not major_hazard_found:
            rules.append("rectify.deadline")
            due = periods.within_workdays_after(judge, "rectify.deadline", received)
            deadlines = (Deadline("rectify.deadline", due, Role.ENTERPRISE, "fix and report"),)
        return self._record(
            ev.Reviewed,
            act,
            judge,
            rules=rules,
            deadlines=deadlines,
            score=score,
            nonconformities=tuple(nonconformities),
            major_hazard_found=major_hazard_found,
            level_met=level_met,
            received_on=received,
        )

    def extend_rectification(
        self,
        act: Act,
        judge: Judge,
        *,
        workdays: int,
        reason: ForceMajeure | str,
        explanation: str = "",
    ) -> ev.RectificationExtended:
        """``rectify.extension``: on force majeure, once, by at most N WD, before the deadline."""
        app = self._app(judge, Stage.RECTIFYING)
        self._authority(act, judge, app.level)
        self._not_before_last(act, judge)
        rule = "rectify.extension"
        most = judge.value(rule, "max_workdays")
        times = judge.value(rule, "max_times")
        due = periods.rectification_due(judge, app)
        raise_if_any_fails(
            "extension refused",
            [
                judge.finding(
                    rule,
                    0 < workdays <= most,
                    f"{workdays} WD asked, at most {most}",
                    workdays=workdays,
                    max_workdays=most,
                ),
                judge.finding(
                    rule,
                    app.extensions < times,
                    f"{app.extensions} extension(s) granted already, at most {times}",
                    extensions=app.extensions,
                ),
                judge.finding(rule, act.on <= due, f"asked {act.on}, deadline {due}", due=due),
            ],
        )
        extended = periods.within_workdays_after(
            judge,
            "rectify.deadline",
            periods.rectification_start(app),
            extra=app.extension_workdays + workdays,
        )
        return self._record(
            ev.RectificationExtended,
            act,
            judge,
            rules=(rule,),
            workdays=workdays,
            reason=ForceMajeure(reason),
            explanation=explanation,
            deadlines=(Deadline("rectify.deadline", extended, Role.ENTERPRISE, "fix and report"),),
        )

    def _in_time(self, act: Act, judge: Judge) -> None:
        app = self._app(judge, Stage.RECTIFYING)
        self._not_before_last(act, judge)
        due = periods.rectification_due(judge, app)
        if act.on > due:
            raise judge.refuse(
                f"rectification was due by {due}; {act.on} is late (it counts as failed: "
                "rectify.late)",
                "rectify.deadline",
                due=due,
                on=act.on,
            )

    def fix_nonconformity(
        self, act: Act, judge: Judge, *, nonconformity_id: str, evidence: str = ""
    ) -> ev.NonconformityFixed:
        """One nonconformity fixed, within the rectification period."""
        self._role(act, judge, Role.ENTERPRISE)
        self._in_time(act, judge)
        app = self.state.application
        assert app is not None
        if nonconformity_id not in app.unfixed:
            known = nonconformity_id in {n.id for n in app.nonconformities}
            raise judge.refuse(
                f"nonconformity {nonconformity_id!r} is "
                + ("already fixed" if known else "not in the review report"),
                "rectify.deadline",
                nonconformity_id=nonconformity_id,
            )
        return self._record(
            ev.NonconformityFixed,
            act,
            judge,
            rules=("rectify.deadline",),
            nonconformity_id=nonconformity_id,
            evidence=evidence,
        )

    def report_rectification(self, act: Act, judge: Judge) -> ev.RectificationReported:
        """整改报告: every nonconformity fixed and reported in writing, in time."""
        self._role(act, judge, Role.ENTERPRISE)
        self._in_time(act, judge)
        app = self.state.application
        assert app is not None
        if app.unfixed:
            raise judge.refuse(
                f"not fixed yet: {', '.join(app.unfixed)}",
                "rectify.deadline",
                unfixed=list(app.unfixed),
            )
        due = periods.within_workdays_after(judge, "rectify.verification", act.on)
        return self._record(
            ev.RectificationReported,
            act,
            judge,
            rules=("rectify.deadline",),
            deadlines=(Deadline("rectify.verification", due, Role.REVIEW_TEAM, "verify"),),
        )

    def verify_rectification(
        self,
        act: Act,
        judge: Judge,
        *,
        passed: bool,
        method: VerificationMethod | str = VerificationMethod.WRITTEN,
    ) -> ev.RectificationVerified:
        """整改确认 within N WD (``rectify.verification``); late is recorded as a breach."""
        self._role(act, judge, Role.REVIEW_TEAM)
        app = self._app(judge, Stage.RECTIFICATION_REPORTED)
        self._not_before_last(act, judge)
        late = act.on > periods.verification_due(judge, app)
        return self._record(
            ev.RectificationVerified,
            act,
            judge,
            rules=("rectify.verification",),
            breaches=("rectify.verification",) if late else (),
            passed=passed,
            method=VerificationMethod(method),
        )
