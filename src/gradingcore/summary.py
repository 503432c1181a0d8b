"""One-line human summaries of events (事件摘要), for timelines and reports, in the reader's
locale (docs/i18n.md). Names, ids and texts that people typed are shown as they are."""

from __future__ import annotations

import functools

from gradingcore import events as ev
from gradingcore.facts import ForceMajeure, Reporting, VerificationMethod
from gradingcore.i18n import (
    Joined,
    Locale,
    Message,
    joined,
    msg,
    msg_ctx,
    msg_plural,
    render,
    reread,
)

Summary = Message | Joined | str

REPORTING = {
    Reporting.ON_TIME: msg_ctx("reporting", "reported on time"),
    Reporting.CONCEALED: msg_ctx("reporting", "concealed"),
    Reporting.FALSE: msg_ctx("reporting", "falsely reported"),
    Reporting.LATE: msg_ctx("reporting", "reported late"),
    Reporting.OMITTED: msg_ctx("reporting", "omitted"),
}

#: The wording of the revocation triggers' findings (rules/revocation.py and the local
#: schemes' triggers word them with these). A revocation whose authority typed no facts
#: stores its trigger's finding, in English (stored data stays English, decision 0063); its
#: summary re-reads that English against these to show it in the reader's language.
TRIGGER_FACTS: dict[str, Message] = {
    "revoke.fatal_accident": msg("fatal accidents: {ids}"),
    "revoke.injuries_or_loss_12m": msg(
        "from {first} to {last}: {injured} serious injuries, {loss} CNY"
    ),
    "revoke.social_incident": msg_plural(
        "{n} event with major adverse social impact",
        "{n} events with major adverse social impact",
        0,
    ),
    "revoke.concealment": msg("accidents not reported: {ids}"),
    "revoke.dishonesty_list": msg("on the dishonesty list"),
    "revoke.fraud": msg_plural(
        "{n} finding of false materials or improper means",
        "{n} findings of false materials or improper means",
        0,
    ),
    "revoke.hazard_unfixed": msg("major accident hazards not fixed in time: {ids}"),
    "revoke.not_operating": msg_plural(
        "{n} serious failure to run the system", "{n} serious failures to run the system", 0
    ),
    "EQ-7": msg(
        "visit {visit} ({on}) still fails after the deadline {fix_by} set by visit "
        "{earlier}: delist (摘牌收证)"
    ),
    #: An accident not reported on time, in the list of ``revoke.concealment``.
    "revoke.concealment.item": msg("{incident} ({reporting})"),
}

_FORCE_MAJEURE = {
    ForceMajeure.NATURAL_DISASTER: msg_ctx("force majeure", "natural disaster"),
    ForceMajeure.EPIDEMIC: msg_ctx("force majeure", "epidemic"),
    ForceMajeure.OTHER: msg_ctx("force majeure", "other force majeure"),
}

_METHOD = {
    VerificationMethod.WRITTEN: msg_ctx("verification", "written check"),
    VerificationMethod.ON_SITE: msg_ctx("verification", "on-site check"),
}


def event_summary(event: ev.CaseEvent, locale: Locale | str | None = None) -> str:
    """What an event says, in a few words (empty for events whose name says it all)."""
    return render(summary_message(event), locale)


@functools.singledispatch
def summary_message(event: ev.CaseEvent) -> Summary:
    """The summary as a message, rendered later (:func:`event_summary`)."""
    return ""


@summary_message.register
def _(e: ev.CaseOpened) -> Summary:
    return msg(
        "{name} ({industry}, region {region})",
        name=e.enterprise.name,
        industry=e.enterprise.industry,
        region=e.enterprise.region,
    )


@summary_message.register
def _(e: ev.SelfEvaluated) -> Summary:
    return msg(
        "score {score}, claims {level}; internal publicity {start}..{end}",
        score=e.score,
        level=e.claimed_level,
        start=e.publicity_from,
        end=e.publicity_complete_on,
    )


@summary_message.register
def _(e: ev.Applied) -> Summary:
    if e.renewal:
        return msg("{level} (renewal)", level=e.level)
    return msg("{level}", level=e.level)


@summary_message.register
def _(e: ev.CorrectionRequested) -> Summary:
    return joined(e.items)


@summary_message.register
def _(e: ev.ApplicationAccepted) -> Summary:
    return msg("deemed, as of receipt") if e.deemed else msg("explicit")


@summary_message.register
def _(e: ev.ApplicationForwarded) -> Summary:
    # 报送 (HN 第七条(二)2), not 转报: the text's word (decision 0019).
    if e.opinion:
        return msg("forwarded (报送) to the grading authority: {opinion}", opinion=e.opinion)
    return msg("forwarded (报送) to the grading authority")


@summary_message.register
def _(e: ev.ApplicationRejected) -> Summary:
    # 书面告知并说明理由 (HN 第七条(二)2): the text has no "return" (退回).
    return msg("told in writing, with reasons: {reasons}", reasons=joined(e.reasons))


@summary_message.register
def _(e: ev.ReviewTeamFormed) -> Summary:
    names = [msg("{name} (leader)", name=x.name) if x.leader else x.name for x in e.experts]
    team = joined(names, msg(", "))
    if e.draw is None:
        return team
    return msg("{team}; drawn at random from {pool}", team=team, pool=e.draw.pool)


@summary_message.register
def _(e: ev.Reviewed) -> Summary:
    findings = msg_plural("{n} nonconformity", "{n} nonconformities", len(e.nonconformities))
    verdict = msg("level met") if e.level_met else msg("level NOT met")
    if e.major_hazard_found:
        return msg(
            "score {score}, {findings}, {verdict}, major accident hazard found",
            score=e.score,
            findings=findings,
            verdict=verdict,
        )
    return msg("score {score}, {findings}, {verdict}", score=e.score, findings=findings,
               verdict=verdict)  # fmt: skip


@summary_message.register
def _(e: ev.RectificationExtended) -> Summary:
    return msg("+{workdays} WD ({reason})", workdays=e.workdays, reason=_FORCE_MAJEURE[e.reason])


@summary_message.register
def _(e: ev.NonconformityFixed) -> Summary:
    return e.nonconformity_id


@summary_message.register
def _(e: ev.RectificationVerified) -> Summary:
    method = _METHOD[e.method]
    if e.passed:
        return msg("passed ({method})", method=method)
    return msg("FAILED ({method})", method=method)


@summary_message.register
def _(e: ev.ListReported) -> Summary:
    return msg("list {list} reported (报送) to the grading authority", list=e.list_id)


@summary_message.register
def _(e: ev.Publicized) -> Summary:
    return msg("complete at the end of {day}", day=e.complete_on)


@summary_message.register
def _(e: ev.ObjectionResolved) -> Summary:
    if e.substantiated:
        return msg("{objection}: substantiated", objection=e.objection_id)
    return msg("{objection}: unfounded", objection=e.objection_id)


@summary_message.register
def _(e: ev.Announced) -> Summary:
    return msg(
        "{level}, valid {start}..{end}",
        level=e.level,
        start=e.valid_from,
        end=e.valid_until,
    )


@summary_message.register
def _(e: ev.NotPassed) -> Summary:
    return joined(e.reasons)


@summary_message.register
def _(e: ev.Revoked) -> Summary:
    facts = reread(e.facts, (*TRIGGER_FACTS.values(), *REPORTING.values())) or e.facts
    return msg("{trigger}: {facts}", trigger=e.trigger, facts=facts)


@summary_message.register
def _(e: ev.CommitmentFoundFalse) -> Summary:
    return msg("{commitment}: {finding}", commitment=e.commitment, finding=e.finding)


@summary_message.register
def _(e: ev.IncidentRecorded) -> Summary:
    return msg(
        "{incident}: {grade} accident, {deaths} dead, {injured} seriously injured, {loss} CNY "
        "({reporting})",
        grade=e.grade.zh,  # the grade by its own name (特别重大/重大/较大/一般), decision 0019
        incident=e.incident_id,
        deaths=e.deaths,
        injured=e.serious_injuries,
        loss=e.direct_loss_cny,
        reporting=REPORTING[e.reporting],
    )


@summary_message.register
def _(e: ev.HazardRecorded) -> Summary:
    if e.major:
        return msg("{hazard} (major), fix by {day}", hazard=e.hazard_id, day=e.fix_by)
    return msg("{hazard}, fix by {day}", hazard=e.hazard_id, day=e.fix_by)
