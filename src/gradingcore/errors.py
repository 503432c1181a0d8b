"""The error hierarchy: every refusal names the rule ids and citations it rests on.

A refused command writes nothing. Errors are raised by the core and translated by adapters
into exit codes or HTTP statuses; they never carry infrastructure details.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gradingcore.citation import Citation


class GradingError(Exception):
    """Base of every error gradingcore raises on purpose.

    ``rule_ids`` name the rules of ``rules.md`` involved, ``citations`` where they are written,
    ``facts`` the values that were checked (dates, totals, thresholds), so that a caller can show
    the user exactly why.
    """

    def __init__(
        self,
        message: str,
        *,
        rule_ids: Sequence[str] = (),
        citations: Sequence[Citation] = (),
        facts: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.rule_ids: tuple[str, ...] = tuple(rule_ids)
        self.citations: tuple[Citation, ...] = tuple(citations)
        self.facts: dict[str, Any] = dict(facts or {})

    def __str__(self) -> str:
        if not self.rule_ids:
            return self.message
        if len(self.citations) == len(self.rule_ids):
            pairs = zip(self.rule_ids, self.citations, strict=True)
            cited = ", ".join(f"{rule_id} ({citation})" for rule_id, citation in pairs)
        else:
            cited = ", ".join(self.rule_ids)
        return f"{self.message} [{cited}]"


class InvalidInput(GradingError):
    """A value given to the library is malformed (a bad USCC, a score out of range, …)."""


class DuplicateError(InvalidInput):
    """A record with this id already exists on the case (an incident recorded twice, …).

    A plain duplicate: it cites no rule, since no rule of the grading is in question.
    """


class CalendarCoverageError(GradingError):
    """A computation needs a year for which no official holiday notice is loaded.

    Rule ``calendar.official``: the library never guesses a year's working days.
    """

    def __init__(self, year: int, *, citation: Citation | None = None) -> None:
        self.year = year
        super().__init__(
            f"no official working-day calendar for {year}: load the State Council's notice for "
            f"{year} (see docs/calendar.md) before computing dates in it",
            rule_ids=("calendar.official",),
            citations=(citation,) if citation else (),
            facts={"year": year},
        )


class PolicyError(GradingError):
    """A policy was asked something it cannot answer (unknown rule, date outside its period)."""


class RuleViolation(GradingError):
    """A command was refused because one or more rules do not hold. Nothing was written."""


class ConflictError(GradingError):
    """Another writer changed the case first and the command no longer holds."""


class CaseNotFound(GradingError):
    """No grading case exists for the key or id given."""
