"""Confirmation, the review team, the review and rectification (第七条(三), 第十三至十五条)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gradingcore import events as ev
from gradingcore.case._base import Act, CaseBase
from gradingcore.facts import Deadline, Expert, ForceMajeure, Nonconformity, VerificationMethod
from gradingcore.rules import (
    Judge,
    direct_renewal_findings,
    periods,
    raise_if_any_fails,
    score_findings,
    team_findings,
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
    ) -> ev.ReviewTeamFormed:
        """现场评审组: size, expertise, qualification and independence, all checked."""
        self._role(act, judge, Role.ORGANIZING_UNIT)
        self._app(judge, Stage.REVIEW_ORDERED)
        self._not_before_last(act, judge)
        findings = raise_if_any_fails(
            "review team refused",
            team_findings(
                judge,
                self.state,
                experts,
                act.on,
                organizing_unit_consulted=organizing_unit_consulted,
            ),
        )
        return self._record(
            ev.ReviewTeamFormed,
            act,
            judge,
            rules=tuple(f.rule_id for f in findings),
            experts=tuple(experts),
            organizing_unit_consulted=organizing_unit_consulted,
        )

    def record_review(
        self,
        act: Act,
        judge: Judge,
        *,
        score: Decimal | int | str,
        nonconformities: Sequence[Nonconformity] = (),
        major_hazard_found: bool = False,
    ) -> ev.Reviewed:
        """现场评审报告: the level is met when the score reaches the policy's threshold and no
        veto item failed (``score.level_threshold``); a major hazard fails the review at once
        (``review.major_hazard``)."""
        self._role(act, judge, Role.REVIEW_TEAM)
        app = self._app(judge, Stage.TEAM_FORMED)
        self._not_before_last(act, judge)
        score = money(score)
        ids = [n.id for n in nonconformities]
        in_range, threshold = score_findings(judge, app.level, score, nonconformities, act.on)
        raise_if_any_fails(
            "review report refused",
            [
                in_range,
                judge.finding(
                    "review.report",
                    len(set(ids)) == len(ids),
                    "nonconformity ids are unique",
                    ids=ids,
                ),
            ],
        )
        rules = ["review.report", "score.range", "score.level_threshold"]
        if major_hazard_found:
            rules.append("review.major_hazard")
        deadlines: tuple[Deadline, ...] = ()
        level_met = threshold.holds
        if nonconformities and level_met and not major_hazard_found:
            due = periods.within_workdays_after(judge, "rectify.deadline", act.on)
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
            app.reviewed_on,  # type: ignore[arg-type]
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
