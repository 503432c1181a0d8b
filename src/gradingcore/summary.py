"""One-line human summaries of events, for timelines and reports."""

from __future__ import annotations

import functools

from gradingcore import events as ev


@functools.singledispatch
def event_summary(event: ev.CaseEvent) -> str:
    """What an event says, in a few words (empty for events whose name says it all)."""
    return ""


@event_summary.register
def _(e: ev.CaseOpened) -> str:
    return f"{e.enterprise.name} ({e.enterprise.industry}, region {e.enterprise.region})"


@event_summary.register
def _(e: ev.SelfEvaluated) -> str:
    return (
        f"score {e.score}, claims level {int(e.claimed_level)}; internal publicity "
        f"{e.publicity_from}..{e.publicity_complete_on}"
    )


@event_summary.register
def _(e: ev.Applied) -> str:
    return f"level {int(e.level)}" + (" (renewal)" if e.renewal else "")


@event_summary.register
def _(e: ev.CorrectionRequested) -> str:
    return "; ".join(e.items)


@event_summary.register
def _(e: ev.ApplicationAccepted) -> str:
    return "deemed, as of receipt" if e.deemed else "explicit"


@event_summary.register
def _(e: ev.ApplicationForwarded) -> str:
    return "报送 to the grading authority" + (f": {e.opinion}" if e.opinion else "")


@event_summary.register
def _(e: ev.ApplicationRejected) -> str:
    return "书面告知并说明理由: " + "; ".join(e.reasons)


@event_summary.register
def _(e: ev.ReviewTeamFormed) -> str:
    team = ", ".join(x.name + (" (leader)" if x.leader else "") for x in e.experts)
    return team + (f"; 随机抽取 from {e.draw.pool}" if e.draw else "")


@event_summary.register
def _(e: ev.Reviewed) -> str:
    verdict = "level met" if e.level_met else "level NOT met"
    hazard = ", 重大事故隐患 found" if e.major_hazard_found else ""
    received = f", received {e.received_on}" if e.received_on and e.received_on != e.on else ""
    return f"score {e.score}, {len(e.nonconformities)} nonconformities, {verdict}{hazard}{received}"


@event_summary.register
def _(e: ev.ListReported) -> str:
    return f"名单 {e.list_id} 报送 to the grading authority"


@event_summary.register
def _(e: ev.RectificationExtended) -> str:
    return f"+{e.workdays} WD ({e.reason})"


@event_summary.register
def _(e: ev.NonconformityFixed) -> str:
    return e.nonconformity_id


@event_summary.register
def _(e: ev.RectificationVerified) -> str:
    return f"{'passed' if e.passed else 'FAILED'} ({e.method})"


@event_summary.register
def _(e: ev.Publicized) -> str:
    return f"complete at the end of {e.complete_on}"


@event_summary.register
def _(e: ev.ObjectionResolved) -> str:
    return f"{e.objection_id}: {'substantiated' if e.substantiated else 'unfounded'}"


@event_summary.register
def _(e: ev.Announced) -> str:
    return f"level {int(e.level)}, valid {e.valid_from}..{e.valid_until}"


@event_summary.register
def _(e: ev.NotPassed) -> str:
    return "; ".join(e.reasons)


@event_summary.register
def _(e: ev.Revoked) -> str:
    return f"{e.trigger}: {e.facts}"


@event_summary.register
def _(e: ev.CommitmentFoundFalse) -> str:
    return f"{e.commitment}: {e.finding}"


@event_summary.register
def _(e: ev.IncidentRecorded) -> str:
    return (
        f"{e.incident_id}: {e.grade.zh}事故, {e.deaths} dead, {e.serious_injuries} seriously "
        f"injured (重伤), {e.direct_loss_cny} CNY ({e.reporting})"
    )


@event_summary.register
def _(e: ev.HazardRecorded) -> str:
    return f"{e.hazard_id}{' (major)' if e.major else ''}, fix by {e.fix_by}"
