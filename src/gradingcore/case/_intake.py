"""Self-evaluation, application and intake (第七条(一)(二), 第八条)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gradingcore import events as ev
from gradingcore.case._base import Act, CaseBase
from gradingcore.facts import COMMITMENTS, Channel, Deadline, WorkGroup, YearStatistics
from gradingcore.policy import Level
from gradingcore.rules import (
    Judge,
    application_findings,
    periods,
    raise_if_any_fails,
    score_in_range,
)
from gradingcore.state import Application, Stage
from gradingcore.values import Role, money


class IntakeSteps(CaseBase):
    def self_evaluate(
        self,
        act: Act,
        judge: Judge,
        *,
        score: Decimal | int | str,
        claimed_level: Level | int,
        workgroup: WorkGroup,
        publicity_from: object = None,
        consultants: Sequence[str] = (),
        deductions: Sequence[str] = (),
    ) -> ev.SelfEvaluated:
        """自评: ``selfeval.workgroup``, ``selfeval.consultants``, ``selfeval.publicity``."""
        self._role(act, judge, Role.ENTERPRISE)
        self._not_before_last(act, judge)
        score = money(score)
        led = workgroup.leader_is_principal and workgroup.employee_representatives > 0
        raise_if_any_fails(
            "self-evaluation refused",
            [
                score_in_range(judge, score),
                judge.finding(
                    "selfeval.workgroup",
                    led,
                    "led by the principal, with employee representatives"
                    if led
                    else "the work group must be led by the principal and include employee "
                    "representatives",
                    leader_is_principal=workgroup.leader_is_principal,
                    employee_representatives=workgroup.employee_representatives,
                ),
            ],
        )
        start = publicity_from or act.on
        complete = periods.selfeval_publicity_complete(judge, start)  # type: ignore[arg-type]
        return self._record(
            ev.SelfEvaluated,
            act,
            judge,
            rules=("selfeval.workgroup", "selfeval.consultants", "selfeval.publicity"),
            score=score,
            claimed_level=Level(claimed_level),
            publicity_from=start,
            publicity_complete_on=complete,
            workgroup=workgroup,
            consultants=tuple(consultants),
            deductions=tuple(deductions),
        )

    def apply(
        self,
        act: Act,
        judge: Judge,
        *,
        level: Level | int,
        commitments: Sequence[str] = COMMITMENTS,
        reported_to_city: bool = True,
        statistics: Sequence[YearStatistics] = (),
        channel: Channel | str = Channel.ONLINE,
    ) -> ev.Applied:
        """申请: every rule of 第八条 and the lockouts, all at once (``application_findings``)."""
        self._role(act, judge, Role.ENTERPRISE)
        self._not_before_last(act, judge)
        level = Level(level)
        findings = raise_if_any_fails(
            f"application for level {int(level)} refused",
            application_findings(
                judge,
                self.state,
                level,
                act.on,
                commitments=commitments,
                reported_to_city=reported_to_city,
                statistics=statistics,
                channel=Channel(channel),
            ),
        )
        latest = max(s.version for s in self.state.self_evaluations if s.on <= act.on)
        held = self.state.level_on(act.on)
        # Applying for a higher level than the one held is a new grading, not a renewal.
        renewal = held is not None and level >= held.level
        pending = Application(level=level, applied_on=act.on, self_evaluation=latest)
        return self._record(
            ev.Applied,
            act,
            judge,
            rules=tuple(f.rule_id for f in findings),
            deadlines=(
                Deadline(
                    "intake.correction",
                    periods.correction_due(judge, pending),
                    Role.ORGANIZING_UNIT,
                    "correction notice, or deemed accepted",
                ),
            ),
            level=level,
            commitments=tuple(commitments),
            self_evaluation=latest,
            reported_to_city=reported_to_city,
            renewal=renewal,
            statistics=tuple(statistics),
            channel=Channel(channel),
        )

    def request_correction(
        self, act: Act, judge: Judge, *, items: Sequence[str]
    ) -> ev.CorrectionRequested:
        """补正: one notice listing every item, within N WD of receipt (``intake.correction``)."""
        self._role(act, judge, Role.ORGANIZING_UNIT)
        app = self._app(judge, Stage.SUBMITTED)
        self._not_before_last(act, judge)
        due = periods.correction_due(judge, app)
        raise_if_any_fails(
            "correction request refused",
            [
                judge.finding(
                    "intake.correction",
                    act.on <= due and bool(items),
                    f"due by {due}, sent {act.on}" if items else "a notice must list the items",
                    due=due,
                    on=act.on,
                    items=len(items),
                )
            ],
        )
        return self._record(
            ev.CorrectionRequested, act, judge, rules=("intake.correction",), items=tuple(items)
        )

    def resubmit(self, act: Act, judge: Judge) -> ev.Resubmitted:
        """The enterprise resubmits the corrected report; the audit period starts again."""
        self._role(act, judge, Role.ENTERPRISE)
        self._app(judge, Stage.AWAITING_CORRECTION)
        self._not_before_last(act, judge)
        due = periods.audit_due_after(judge, act.on)
        return self._record(
            ev.Resubmitted,
            act,
            judge,
            rules=("intake.audit",),
            deadlines=(Deadline("intake.audit", due, Role.ORGANIZING_UNIT, "audit and forward"),),
        )

    def accept(self, act: Act, judge: Judge) -> ev.ApplicationAccepted:
        """受理: explicit within the correction period; after it, deemed as of receipt."""
        self._role(act, judge, Role.ORGANIZING_UNIT, Role.SYSTEM)
        app = self._app(judge, Stage.SUBMITTED)
        self._not_before_last(act, judge)
        if act.on <= periods.correction_due(judge, app):
            if act.actor.role is Role.SYSTEM:
                raise judge.refuse(
                    f"not yet deemed accepted: the unit may send a correction notice through "
                    f"{periods.correction_due(judge, app)}",
                    "intake.deemed_acceptance",
                    deemed_from=periods.deemed_acceptance_from(judge, app),
                    on=act.on,
                )
            return self._accepted(act, judge, app, deemed=False)
        return self._accepted(act, judge, app, deemed=True)

    def _accepted(
        self, act: Act, judge: Judge, app: Application, *, deemed: bool
    ) -> ev.ApplicationAccepted:
        on = app.applied_on if deemed else act.on
        return self._record(
            ev.ApplicationAccepted,
            act,
            judge,
            on=on,
            deemed=deemed,
            rules=("intake.deemed_acceptance",) if deemed else ("intake.correction",),
            deadlines=(
                Deadline(
                    "intake.audit",
                    periods.audit_due_after(judge, on),
                    Role.ORGANIZING_UNIT,
                    "audit, then forward or reject",
                ),
            ),
        )

    def _audited(self, act: Act, judge: Judge) -> tuple[str, ...]:
        """Accept by deeming if the unit skipped it; say whether the audit came late."""
        self._role(act, judge, Role.ORGANIZING_UNIT)
        app = self._app(judge, Stage.SUBMITTED, Stage.ACCEPTED)
        self._not_before_last(act, judge)
        if app.stage is Stage.SUBMITTED:
            if act.on <= periods.correction_due(judge, app):
                raise judge.refuse(
                    "accept the application (or let the correction period pass) before auditing",
                    "procedure.order",
                )
            self._accepted(act, judge, app, deemed=True)
            app = self.state.application  # type: ignore[assignment]
        late = act.on > periods.audit_due(judge, app)
        return ("intake.audit",) if late else ()

    def forward(self, act: Act, judge: Judge, *, opinion: str = "") -> ev.ApplicationForwarded:
        """报送: forwarded to the authority with the unit's opinion (``intake.audit``)."""
        breaches = self._audited(act, judge)
        return self._record(
            ev.ApplicationForwarded,
            act,
            judge,
            rules=("intake.audit",),
            breaches=breaches,
            opinion=opinion,
        )

    def reject(self, act: Act, judge: Judge, *, reasons: Sequence[str]) -> ev.ApplicationRejected:
        """Not forwarded: the enterprise is told in writing with reasons (``intake.audit``)."""
        if not reasons:
            raise judge.refuse("a rejection must give its reasons", "intake.audit")
        breaches = self._audited(act, judge)
        return self._record(
            ev.ApplicationRejected,
            act,
            judge,
            rules=("intake.audit",),
            breaches=breaches,
            reasons=tuple(reasons),
        )


__all__ = ["COMMITMENTS", "IntakeSteps"]
