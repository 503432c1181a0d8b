"""BD-12 and BD-13 judged on what the grading case already records for the same enterprise.

The grading case's facts (accidents, the dishonesty list, fraud, major hazards and their
fixing) are read from its events, so the campaign needs no second record of them; only the
resistance to an inspection, which no grading rule reads, is the campaign's own fact.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pendulum

from gradingcore import events as gev
from gradingcore.facts import IncidentGrade
from gradingcore.rules import Judge
from gradingcore.state import fold

#: The grades of 生产安全事故报告和调查处理条例 第三条 by the names the seed uses.
GRADES = {
    "一般": IncidentGrade.YIBAN,
    "较大": IncidentGrade.JIAODA,
    "重大": IncidentGrade.ZHONGDA,
    "特别重大": IncidentGrade.TEBIE_ZHONGDA,
}


@attrs.frozen
class Stain:
    """A fact that triggers a rule: which rule, what happened, which record it comes from."""

    rule_id: str
    trigger: str
    source: str
    on: pendulum.Date


@attrs.frozen
class GradingFacts:
    """The events of the enterprise's grading cases (every specialty), in the order recorded."""

    histories: tuple[tuple[gev.CaseEvent, ...], ...] = ()

    def events(self) -> list[gev.CaseEvent]:
        return [e for history in self.histories for e in history]

    def graded_on(self, day: pendulum.Date) -> bool:
        """Whether any of its cases holds a valid level on ``day``."""
        for history in self.histories:
            known = [e for e in history if e.on <= day]
            if known and fold(known).level_on(day) is not None:
                return True
        return False


def title_triggers(
    judge: Judge, facts: GradingFacts, since: pendulum.Date, on: pendulum.Date
) -> list[Stain]:
    """BD-12: a fatal accident or a major act of dishonesty from ``since`` up to ``on``."""
    deaths = judge.value("BD-12", "deaths_at_least")
    found: list[Stain] = []
    for event in facts.events():
        if not since <= event.on <= on:
            continue
        if isinstance(event, gev.IncidentRecorded) and event.deaths >= deaths:
            trigger = f"fatal accident ({event.deaths} dead)"
            found.append(Stain("BD-12", trigger, f"incident {event.incident_id}", event.on))
        elif isinstance(event, gev.DishonestyListed):
            trigger = f"listed on {event.list_name}"
            found.append(Stain("BD-12", trigger, f"dishonesty list {event.on}", event.on))
        elif isinstance(event, gev.FraudFound):
            found.append(Stain("BD-12", "fraud found", f"fraud {event.on}", event.on))
    return found


def blacklist_triggers(
    judge: Judge,
    facts: GradingFacts,
    resisted_on: Sequence[pendulum.Date],
    since: pendulum.Date,
    on: pendulum.Date,
) -> list[Stain]:
    """BD-13: a major hazard not fixed by its deadline, resisting an inspection, an accident
    of the policy's grade or above, from ``since`` up to ``on``."""
    grade_name = judge.value("BD-13", "accident_grade_at_least")
    least = GRADES[grade_name]
    found: list[Stain] = []
    fixed: dict[str, pendulum.Date] = {}
    hazards: list[gev.HazardRecorded] = []
    for event in facts.events():
        if isinstance(event, gev.HazardFixed):
            fixed.setdefault(event.hazard_id, event.on)
        elif isinstance(event, gev.HazardRecorded) and event.major:
            hazards.append(event)
        elif (
            isinstance(event, gev.IncidentRecorded)
            and event.grade >= least
            and since <= event.on <= on
        ):
            trigger = f"accident of grade {grade_name} or above"
            found.append(Stain("BD-13", trigger, f"incident {event.incident_id}", event.on))
    for hazard in hazards:
        # Not fixed on time (不如期进行整改): the day after its deadline, if still open then.
        missed = hazard.fix_by.add(days=1)
        done = fixed.get(hazard.hazard_id)
        if since <= missed <= on and (done is None or done > hazard.fix_by):
            trigger = f"major hazard not fixed by {hazard.fix_by.isoformat()}"
            found.append(Stain("BD-13", trigger, f"hazard {hazard.hazard_id}", missed))
    found += [
        Stain("BD-13", "resisted an inspection", f"inspection {day.isoformat()}", day)
        for day in resisted_on
        if since <= day <= on
    ]
    return sorted(found, key=lambda s: (s.on, s.source))


__all__ = ["GRADES", "GradingFacts", "Stain", "blacklist_triggers", "title_triggers"]
