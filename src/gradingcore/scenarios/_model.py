"""The scenario model, shared by the given/when/then DSL and the YAML files.

A :class:`Scenario` is one grading case: the policy it is judged by, the enterprise, and its
steps in date order. A :class:`Step` is one command (named by its snake_case step, as in
``gradingcore.commands.COMMANDS``) with its business date, its actor and its arguments, and
what it is expected to give (:class:`Expect`). Nothing here runs anything: see ``_runner``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs
import pendulum

from gradingcore.calendar import OfficialYear
from gradingcore.events import CaseEvent
from gradingcore.i18n import Locale, current_locale, msg, msg_ctx
from gradingcore.labels import ROLE
from gradingcore.levels import Level
from gradingcore.state import Stage
from gradingcore.values import Actor, AuthorityKind, CaseKey, Enterprise, Role
from gradingcore.views import Status

#: The pseudo-step that runs no command and only checks the case on its date.
CHECK = "check"


class Unset(enum.Enum):
    """Marks an expectation that was not given (``None`` is a value: "no level", "no stage")."""

    UNSET = "unset"


UNSET = Unset.UNSET


@attrs.frozen
class Where:
    """A place in a scenario's source: a file and a line (1-based), either may be unknown."""

    path: str | None = None
    line: int | None = None

    def localized(self, locale: Locale | str | None = None) -> str:
        """``file:line``, the file alone, or ``line N`` in ``locale`` (第 N 行)."""
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        if self.line:
            return msg("line {n}", n=self.line).render(locale)
        return self.path or ""

    def __str__(self) -> str:
        return self.localized("en")


@attrs.frozen
class ActorSpec:
    """An actor given by role (and authority kind), its id and kind filled in when the step
    runs: the policy's organizing unit or grading authority for the level of the case."""

    role: Role
    authority: AuthorityKind | None = None
    id: str | None = None


#: Who does a step: an :class:`Actor`, a spec to fill in, or None for the step's default.
ActorLike: TypeAlias = Actor | ActorSpec | None


@attrs.frozen
class ObligationMatch:
    """An obligation expected open: its rule id, and optionally its due date, party and
    whether it is overdue (each unchecked when None)."""

    rule_id: str
    due: pendulum.Date | None = None
    party: Role | None = None
    overdue: bool | None = None

    def localized(self, locale: Locale | str | None = None) -> str:
        """What is expected, in ``locale``: the rule id, then the due date (a date in the
        reader's form), the party (its glossary name) and overdue or not."""
        parts: list[str] = [self.rule_id]
        if self.due is not None:
            parts.append(msg("due {due}", due=self.due).render(locale))
        if self.party is not None:
            parts.append(msg("by {party}", party=ROLE[self.party]).render(locale))
        if self.overdue is not None:
            overdue = msg_ctx("scenario", "overdue") if self.overdue else msg("not overdue")
            parts.append(overdue.render(locale))
        return " ".join(parts)

    def __str__(self) -> str:
        return self.localized("en")


@attrs.frozen
class EventMatch:
    """An event expected recorded: its class name, and optionally some of its fields, compared
    with the event as the store keeps it (dates as ISO text, amounts as decimals)."""

    name: str
    fields: Mapping[str, Any] = attrs.field(factory=dict)

    def __str__(self) -> str:
        if not self.fields:
            return self.name
        shown = ", ".join(f"{k}={_shown(v)}" for k, v in self.fields.items())
        return f"{self.name}({shown})"


def _shown(value: Any) -> str:
    """A value as a scenario author wrote it: dates in ISO form, lists in brackets."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return repr(value)


@attrs.frozen(kw_only=True)
class Expect:
    """What a step is expected to give. Every field left unset is not checked.

    ``refused`` lists the rule ids a refusal must name (None: the step must be accepted).
    ``events`` are the events the step records, in order. ``status``, ``stage``, ``level``,
    ``valid_until`` and ``obligations`` are checked against ``service.view(key, as_of)``,
    ``as_of`` defaulting to the step's date; ``level=None`` means no level is valid then.
    ``absent`` names obligations that must not be open. ``lines`` gives the source line of
    each expectation, by its name, for reports.
    """

    refused: tuple[str, ...] | None = None
    events: tuple[EventMatch, ...] | None = None
    status: Status | None = None
    stage: Stage | Unset | None = UNSET
    level: Level | Unset | None = UNSET
    valid_until: pendulum.Date | Unset | None = UNSET
    obligations: tuple[ObligationMatch, ...] = ()
    absent: tuple[str, ...] = ()
    as_of: pendulum.Date | None = None
    lines: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def checks_view(self) -> bool:
        """Whether any expectation reads the case's view."""
        return bool(
            self.status is not None
            or self.stage is not UNSET
            or self.level is not UNSET
            or self.valid_until is not UNSET
            or self.obligations
            or self.absent
        )

    @property
    def empty(self) -> bool:
        return self.refused is None and self.events is None and not self.checks_view


@attrs.frozen(kw_only=True)
class Step:
    """One step of a scenario: a command (or the ``check`` pseudo-step) on a business date.

    ``arguments`` are the command's payload, already of the command's field types (see
    :func:`gradingcore.scenarios.step`, which converts ISO dates, numbers and mappings).
    """

    name: str
    on: pendulum.Date
    arguments: Mapping[str, Any] = attrs.field(factory=dict)
    actor: ActorLike = None
    command_id: str | None = None
    expect: Expect = Expect()
    where: Where = Where()

    def __str__(self) -> str:
        return f"{self.name} {self.on}"


@attrs.frozen(kw_only=True)
class Scenario:
    """One grading case told as steps in date order, and what each step should give.

    ``policy`` names the policy (``id`` or ``id@version``) that judges the case: a scenario's
    own service knows no other. ``rules`` lists the rule ids the scenario tests and ``cites``
    where they are written; ``history`` holds recorded events to start from; ``calendar`` the
    official years (from ``calendar_files``) its calendar holds besides the shipped ones.
    ``name_zh`` is the name in Chinese, shown to a Chinese reader when the file has one
    (decision 0092).
    """

    name: str
    policy: str
    enterprise: Enterprise
    key: CaseKey
    steps: tuple[Step, ...]
    rules: tuple[str, ...] = ()
    cites: str = ""
    description: str = ""
    name_zh: str = ""
    history: tuple[CaseEvent, ...] = ()
    calendar: tuple[OfficialYear, ...] = ()
    where: Where = Where()

    def localized_name(self, locale: Locale | str | None = None) -> str:
        """The name in ``locale``: ``name_zh`` for a Chinese reader when there is one, else
        the name as the file has it."""
        if self.name_zh and current_locale(locale) is Locale.ZH:
            return self.name_zh
        return self.name


__all__ = [
    "CHECK",
    "UNSET",
    "ActorLike",
    "ActorSpec",
    "EventMatch",
    "Expect",
    "ObligationMatch",
    "Scenario",
    "Step",
    "Unset",
    "Where",
]
