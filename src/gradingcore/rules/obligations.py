"""Open obligations: who must act, by when, under which rule, and whether it is overdue."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pendulum

from gradingcore.citation import Citation
from gradingcore.i18n import Joined, Locale, Message, msg, msg_plural, render
from gradingcore.rules import periods
from gradingcore.rules._judge import Judge
from gradingcore.rules.local import local_findings
from gradingcore.rules.revocation import revocation_triggers
from gradingcore.state import Application, CaseState, Stage
from gradingcore.values import Role

#: Builds an obligation for the day being judged: ``owe(rule_id, party, text, due=None, **facts)``.
Owe = Callable[..., "Obligation"]


@attrs.frozen
class Obligation:
    """Something a party must do on a case; ``due`` is the last day (None: no deadline).

    ``text`` says what, rendered in the reader's locale (:meth:`localized`); ``what`` is its
    English wording, which data (JSON) carries (docs/decisions/0063)."""

    rule_id: str
    party: Role
    text: str | Message | Joined
    citation: Citation
    due: pendulum.Date | None = None
    overdue: bool = False
    facts: dict[str, object] = attrs.field(factory=dict)

    @property
    def what(self) -> str:
        """What is owed, in English (for data, logs and code that composes it)."""
        return render(self.text, Locale.EN)

    def localized(self, locale: Locale | str | None = None) -> str:
        """What is owed, in ``locale`` (default: the configured one)."""
        return render(self.text, locale)


def open_obligations(judge: Judge, state: CaseState, on: pendulum.Date) -> list[Obligation]:
    """Every obligation open on ``on``, in the order a reader would act on them."""

    def owe(
        rule_id: str,
        party: Role,
        text: str | Message | Joined,
        due: pendulum.Date | None = None,
        **facts: object,
    ) -> Obligation:
        overdue = due is not None and on > due
        return Obligation(rule_id, party, text, judge.policy.citation(rule_id), due, overdue, facts)

    found: list[Obligation] = []
    app = state.application
    if app is not None and app.is_open:
        found += _application(judge, app, on, owe)
    grading = state.level_on(on)
    if grading is not None:
        last = max([grading.valid_from, *(s.on for s in state.self_evaluations if s.on <= on)])
        found.append(
            owe(
                "selfeval.annual",
                Role.ENTERPRISE,
                msg("self-evaluate (at least once a year)"),
                periods.selfeval_next_due(judge, last),
                last_self_evaluation=last,
            )
        )
        for trigger in revocation_triggers(judge, state, on):
            found.append(
                owe(
                    trigger.rule_id,
                    Role.AUTHORITY,
                    msg("revocation due: {why}", why=trigger.text),
                    **trigger.facts,
                )
            )
    for hazard in state.hazards.values():
        if (
            hazard.major
            and hazard.found_on <= on
            and (hazard.fixed_on is None or hazard.fixed_on > on)
        ):
            found.append(
                owe(
                    "commit.hazards_fixed",
                    Role.ENTERPRISE,
                    msg("fix major hazard {id}", id=hazard.id),
                    hazard.fix_by,
                    hazard=hazard.id,
                )
            )
    # The local schemes' obligations (Qinyang's yearly due date, its revocation requests).
    found += local_findings("obligations", judge, state=state, on=on, owe=owe)
    return found


#: Stages that wait on one party with no deadline of their own: (rule, party, what).
_WAITING: dict[Stage, tuple[str, Role, Message]] = {
    Stage.AWAITING_CORRECTION: (
        "intake.correction",
        Role.ENTERPRISE,
        msg("resubmit the corrected report"),
    ),
    Stage.FORWARDED: ("review.confirmation", Role.AUTHORITY, msg("confirm and order the review")),
    Stage.REVIEW_ORDERED: ("review.team_size", Role.ORGANIZING_UNIT, msg("form the review team")),
    Stage.TEAM_FORMED: ("review.report", Role.REVIEW_TEAM, msg("review on site and report")),
    Stage.READY_FOR_PUBLICITY: ("publicity.duration", Role.AUTHORITY, msg("publicize")),
}


def _application(judge: Judge, app: Application, on: pendulum.Date, o: Owe) -> list[Obligation]:
    stage = app.stage
    listing = judge.holds("publicity.list") and not (app.direct_renewal or app.listed_on)
    if stage is Stage.READY_FOR_PUBLICITY and listing:
        return [o("publicity.list", Role.ORGANIZING_UNIT, msg("report the enterprise on the list"))]
    if stage in _WAITING:
        rule_id, party, what = _WAITING[stage]
        return [o(rule_id, party, what)]
    if stage is Stage.SUBMITTED:
        due = periods.correction_due(judge, app)
        if on <= due:
            return [
                o(
                    "intake.correction",
                    Role.ORGANIZING_UNIT,
                    msg("request correction (one notice) or accept"),
                    due,
                )
            ]
        return [
            o(
                "intake.audit",
                Role.ORGANIZING_UNIT,
                msg("audit, then forward or reject (deemed accepted as of receipt)"),
                periods.audit_due(judge, app),
            )
        ]
    if stage is Stage.ACCEPTED:
        return [
            o(
                "intake.audit",
                Role.ORGANIZING_UNIT,
                msg("audit, then forward or reject"),
                periods.audit_due(judge, app),
            )
        ]
    if stage is Stage.RECTIFYING:
        due = periods.rectification_due(judge, app)
        if on > due:
            # The authority's notice has no deadline of its own: the missed one is a fact.
            return [
                o(
                    "rectify.late",
                    Role.AUTHORITY,
                    msg("rectification not done in time: notify failure"),
                    rectification_due=due,
                    unfixed=app.unfixed,
                )
            ]
        return [
            o(
                "rectify.deadline",
                Role.ENTERPRISE,
                msg_plural(
                    "fix and report {n} nonconformity",
                    "fix and report {n} nonconformities",
                    len(app.unfixed),
                ),
                due,
                unfixed=app.unfixed,
            )
        ]
    if stage is Stage.RECTIFICATION_REPORTED:
        return [
            o(
                "rectify.verification",
                Role.REVIEW_TEAM,
                msg("verify the rectification"),
                periods.verification_due(judge, app),
            )
        ]
    if stage is Stage.PUBLICIZED:
        if app.open_objections:
            return [
                o(
                    "publicity.objection",
                    Role.AUTHORITY,
                    msg("verify objections {ids}", ids=", ".join(app.open_objections)),
                )
            ]
        assert app.publicity_complete_on is not None
        return [
            o(
                "announce.level",
                Role.AUTHORITY,
                msg("announce (from {day})", day=app.publicity_complete_on.add(days=1)),
            )
        ]
    if stage is Stage.FAILED:
        return [
            o(
                "announce.failure_notice",
                Role.AUTHORITY,
                msg("tell the enterprise in writing that it did not pass, with reasons"),
                failed_on=app.failed_on,
                rules=app.failure_rules,
            )
        ]
    return []
