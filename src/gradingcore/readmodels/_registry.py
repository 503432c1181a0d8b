"""The registry (企业台账) and the deadline board, read from the ``cases`` view.

Both ask the per-case rules about the stored states: a case's status is
:func:`gradingcore.views.status_on`, its obligations are :func:`gradingcore.views.view`'s, judged
by the policy the service itself would choose. Nothing here decides a rule again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs
import pendulum

from gradingcore.policy import Level
from gradingcore.rules import Judge, Obligation
from gradingcore.state import CaseState, Stage
from gradingcore.values import CaseKey, Role
from gradingcore.views import Status, status_on, view


@attrs.frozen
class RegistryEntry:
    """One line of the 企业台账: an enterprise's case and its grading on a day."""

    key: CaseKey
    name: str
    region: str
    township: str | None
    industry: str
    above_designated_size: bool
    status: Status
    stage: Stage | None
    level: Level | None
    valid_from: pendulum.Date | None
    valid_until: pendulum.Date | None
    revoked_on: pendulum.Date | None


def registry_entry(state: CaseState, on: pendulum.Date) -> RegistryEntry:
    held = state.level_on(on)
    last = state.grading
    app = state.application
    return RegistryEntry(
        key=state.key,
        name=state.enterprise.name,
        region=state.enterprise.region or state.key.uscc.region,
        township=state.township,
        industry=state.enterprise.industry,
        above_designated_size=state.enterprise.above_designated_size,
        status=status_on(state, on),
        stage=app.stage if app is not None else None,
        level=held.level if held else None,
        valid_from=held.valid_from if held else None,
        valid_until=held.valid_until if held else None,
        revoked_on=last.revoked_on if last is not None else None,
    )


def registry(
    states: Iterable[CaseState],
    on: pendulum.Date,
    *,
    level: Level | None = None,
    status: Status | None = None,
    expiring_within: int | None = None,
) -> list[RegistryEntry]:
    """The entries on ``on``; ``expiring_within`` N keeps the levels valid on ``on`` whose
    validity ends within N days (``valid_until <= on + N``)."""
    found = []
    horizon = on.add(days=expiring_within) if expiring_within is not None else None
    for state in states:
        entry = registry_entry(state, on)
        if level is not None and entry.level != level:
            continue
        if status is not None and entry.status != status:
            continue
        if horizon is not None and (entry.valid_until is None or entry.valid_until > horizon):
            continue
        found.append(entry)
    return found


@attrs.frozen
class BoardItem:
    """One open obligation on the deadline board."""

    key: CaseKey
    name: str
    region: str
    township: str | None
    obligation: Obligation

    @property
    def due(self) -> pendulum.Date | None:
        return self.obligation.due


def board(
    states: Iterable[CaseState],
    on: pendulum.Date,
    judge_of: Callable[[CaseState, pendulum.Date], Judge],
    *,
    role: Role | None = None,
    due_within: int | None = None,
    overdue: bool = False,
) -> list[BoardItem]:
    """Every open obligation on ``on``: overdue first, then by due date (none last)."""
    horizon = on.add(days=due_within) if due_within is not None else None
    items = []
    for state in states:
        for o in view(judge_of(state, on), state, on).obligations:
            if role is not None and o.party != role:
                continue
            if overdue and not o.overdue:
                continue
            if horizon is not None and (o.due is None or o.due > horizon):
                continue
            items.append(
                BoardItem(
                    state.key,
                    state.enterprise.name,
                    state.enterprise.region or state.key.uscc.region,
                    state.township,
                    o,
                )
            )
    items.sort(key=board_order)
    return items


def board_order(item: BoardItem) -> tuple[bool, bool, str, str, str]:
    o = item.obligation
    return (
        not o.overdue,
        o.due is None,
        o.due.isoformat() if o.due else "",
        str(item.key),
        o.rule_id,
    )
