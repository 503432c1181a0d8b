"""Histories from elsewhere: a documented JSON format, judged by the rules, written all or nothing.

The format (docs/audit.md)::

    {"format": "gradingcore.history/1",
     "cases": [{"uscc": "91410882MA0000001T", "specialty": "机械",
                "enterprise": {"name": "…", "industry": "机械", "region": "410882"},
                "events": [{"type": "self_evaluate", "on": "2024-03-01",
                            "actor": {"id": "ent-1", "role": "enterprise"},
                            "policy": "cn.henan.2023@1", "payload": {…}}, …]}]}

``type`` is a command step (``apply``, ``record_review``, …; an event name such as ``Applied``
is accepted too); ``payload`` holds the command's fields, as the store writes them (dates as
ISO strings, amounts as strings or numbers). ``policy`` (optional) is the policy the step must
be judged under; ``command_id`` and ``recorded`` (an ISO timestamp; default: noon of ``on`` in
Asia/Shanghai) are optional too.

:func:`import_histories` first decides every step through a real service on an in-memory
store, so the rules judge all of it; only if every step holds are the recorded events written
to the target store, in one save.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pendulum

from gradingcore import events as ev
from gradingcore.audit import command_arguments, decisions, step_of
from gradingcore.clock import ZONE, ManualClock
from gradingcore.commands import _BASE, COMMANDS, Command
from gradingcore.decisions import ANSWERS
from gradingcore.errors import GradingError, InvalidInput
from gradingcore.limits import limits
from gradingcore.policy import PolicyRef
from gradingcore.serialization import converter
from gradingcore.strict import strict
from gradingcore.values import Actor, CaseKey, Enterprise

#: The format tag of an import file.
FORMAT = "gradingcore.history/1"

_STEPS_BY_EVENT = {cls.__name__: command.step for cls, command in ANSWERS.items()}


class ImportRefused(GradingError):
    """An import was refused: nothing was written. ``facts`` name the case and step index."""


@attrs.frozen
class ImportStep:
    """One step of an imported case: a command, the policy it must be judged under, when it
    was recorded."""

    index: int
    command: Command
    policy: PolicyRef | None
    recorded: datetime | None


@attrs.frozen
class ImportCase:
    key: CaseKey
    enterprise: Enterprise
    steps: tuple[ImportStep, ...]


@attrs.frozen
class ImportResult:
    """What an import wrote: the cases and the number of events of each."""

    cases: tuple[tuple[CaseKey, int], ...]

    @property
    def events(self) -> int:
        return sum(n for _, n in self.cases)


def load(source: str | bytes | Path | Mapping[str, Any]) -> list[ImportCase]:
    """Parse and check an import document (a path, JSON text or parsed data). Every problem
    is reported at once, each with its place (``cases[0].events[3].payload.score``).

    A file is bounded before it is parsed: at most ``files.import_max_bytes`` bytes of UTF-8,
    nested at most ``files.max_nesting`` deep (the input limits, docs/reliability.md); JSON's
    non-numbers (``NaN``, ``Infinity``) are refused."""
    if isinstance(source, Mapping):
        data: Any = source
    else:
        data = parse_json(source)
    if not isinstance(data, Mapping):
        raise InvalidInput("an import document is a JSON object with 'format' and 'cases'")
    if data.get("format") != FORMAT:
        raise InvalidInput(f"unknown format {data.get('format')!r}: expected {FORMAT!r}")
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise InvalidInput("'cases' must be a non-empty list")
    problems: list[str] = []
    cases = []
    for n, raw in enumerate(raw_cases):
        case = _case(raw, f"cases[{n}]", problems)
        if case is not None:
            cases.append(case)
    keys = [c.key for c in cases]
    problems += [f"case {k} appears more than once" for k in set(keys) if keys.count(k) > 1]
    if problems:
        raise InvalidInput(
            f"{len(problems)} problem(s) in the import: " + "; ".join(problems),
            facts={"problems": problems},
        )
    return cases


def parse_json(source: str | bytes | Path) -> Any:
    """JSON text, bytes or a file's content, bounded (see :func:`load`)."""
    max_bytes = limits().import_max_bytes
    if isinstance(source, Path):
        try:
            with source.open("rb") as file:
                raw = file.read(max_bytes + 1)
        except OSError as error:
            raise InvalidInput(f"cannot read {source}: {error.strerror}") from None
    else:
        raw = source.encode("utf-8") if isinstance(source, str) else source
    if len(raw) > max_bytes:
        raise InvalidInput(
            f"the import is larger than {max_bytes:,} bytes (files.import_max_bytes): split it",
            facts={"max_bytes": max_bytes},
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"not UTF-8 text: byte {error.start} is 0x{raw[error.start]:02x}; an import file is "
            "JSON in UTF-8",
            facts={"byte": error.start},
        ) from None
    depth = limits().max_nesting
    if _nesting(text) > depth:
        raise InvalidInput(
            f"the JSON is nested more than {depth} deep (files.max_nesting)",
            facts={"max_depth": depth},
        )
    try:
        return json.loads(text, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"not JSON: {error}") from None
    except RecursionError:  # belt and braces: _nesting already bounds it
        raise InvalidInput("the JSON is nested too deeply") from None


def _not_a_number(constant: str) -> Any:
    raise InvalidInput(f"{constant} is not a number: give a finite decimal")


def _nesting(text: str) -> int:
    """How deep ``text``'s brackets nest, strings skipped (a linear scan, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _case(raw: Any, where: str, problems: list[str]) -> ImportCase | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: a case is an object")
        return None
    for name in ("uscc", "specialty"):
        if not isinstance(raw.get(name, ""), str):
            problems.append(f"{where}.{name}: a string, not {_json_type(raw.get(name))}")
            return None
    try:
        key = CaseKey(raw.get("uscc", ""), raw.get("specialty", ""))
    except GradingError as error:
        problems.append(f"{where}.uscc: {error}")
        return None
    try:
        enterprise = strict.structure(raw.get("enterprise"), Enterprise)
    except Exception as error:
        problems.append(f"{where}.enterprise: {_why(error)}")
        return None
    raw_events = raw.get("events")
    if not isinstance(raw_events, list) or not raw_events:
        problems.append(f"{where}.events: a non-empty list of steps")
        return None
    steps = []
    for i, item in enumerate(raw_events):
        step = _step(key, enterprise, i, item, f"{where}.events[{i}]", problems)
        if step is not None:
            steps.append(step)
    return ImportCase(key, enterprise, tuple(steps))


def _step(
    key: CaseKey, enterprise: Enterprise, index: int, raw: Any, where: str, problems: list[str]
) -> ImportStep | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: a step is an object")
        return None
    unknown = set(raw) - {"type", "on", "actor", "policy", "payload", "command_id", "recorded"}
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    kind = raw.get("type", "")
    if not isinstance(kind, str):
        problems.append(f"{where}.type: a string, not {_json_type(kind)}")
        return None
    step = _STEPS_BY_EVENT.get(kind, kind)
    cls = COMMANDS.get(step)
    if cls is None:
        problems.append(f"{where}.type: unknown step {kind!r}")
        return None
    try:
        for name in ("on", "policy", "recorded", "command_id"):
            if raw.get(name) is not None and not isinstance(raw[name], str):
                raise ValueError(f"'{name}' is a string, not {_json_type(raw[name])}")
        on = pendulum.Date.fromisoformat(str(raw.get("on")))
        actor = strict.structure(raw.get("actor"), Actor)
        policy = PolicyRef.parse(raw["policy"]) if raw.get("policy") else None
        recorded = datetime.fromisoformat(raw["recorded"]) if raw.get("recorded") else None
        if recorded is not None and recorded.tzinfo is None:
            raise ValueError("'recorded' needs a time zone (e.g. +08:00)")
        payload = raw.get("payload") or {}
        if not isinstance(payload, Mapping):
            raise ValueError("'payload' is an object")
        bad = set(payload) & set(_BASE)
        if bad:
            raise ValueError(f"payload fields {sorted(bad)} belong to the step itself")
        state = {
            **payload,
            "case": converter.unstructure(key),
            "actor": converter.unstructure(actor),
            "on": on.isoformat(),
            "enterprise": converter.unstructure(enterprise),
            "command_id": raw.get("command_id"),
        }
        command = strict.structure(state, cls)
    except Exception as error:
        problems.append(f"{where}: {_why(error)}")
        return None
    return ImportStep(index, command, policy, recorded)


def _why(error: Exception) -> str:
    if isinstance(error, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(error, format_exception=_reason))
    return str(error)


def _reason(error: BaseException, type_: Any) -> str:
    if isinstance(error, GradingError):
        return str(error)
    if isinstance(error, KeyError):
        return "required field missing"
    return f"invalid value for type {getattr(type_, '__name__', type_)}: {error}"


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def import_histories(service: Any, cases: Sequence[ImportCase]) -> ImportResult:
    """Judge every step of ``cases`` on an in-memory store first; if all hold, write their
    events to ``service``'s store in one save. On any refusal nothing is written and the error
    names the case, the step index, the rule ids and the citations."""
    from gradingcore.service import GradingService

    for case in cases:
        if service.exists(case.key):
            raise ImportRefused(
                f"case {case.key} is already in the store: an import never merges histories",
                facts={"case": str(case.key)},
            )
    clock = ManualClock(service.clock.now())
    scratch = GradingService(
        "memory",
        policies=service.policies,
        calendar=service.calendar,
        clock=clock,
        keys=getattr(service, "keys", None),  # the events are chained as the store's are
    )
    written: list[ev.CaseEvent] = []
    counts = []
    for n, case in enumerate(cases):
        for step in case.steps:
            clock.set(step.recorded or step.command.on)  # type: ignore[arg-type]
            where = f"case {case.key} (cases[{n}]), step {step.index} ({step.command.step})"
            try:
                outcome = scratch.execute(step.command)
            except GradingError as error:
                raise ImportRefused(
                    f"{where} refused, nothing written: {error.message}",
                    rule_ids=error.rule_ids,
                    citations=error.citations,
                    facts={**error.facts, "case": str(case.key), "step": step.index},
                ) from None
            judged = outcome.events[-1].policy if outcome.events else None
            if step.policy is not None and judged is not None and judged != step.policy:
                raise ImportRefused(
                    f"{where}: the file says policy {step.policy}, but the rules judge it under "
                    f"{judged}; nothing written",
                    facts={"case": str(case.key), "step": step.index},
                )
        history = scratch.history(case.key)
        written += history
        counts.append((case.key, len(history)))
    service.write_history(written)
    return ImportResult(tuple(counts))


def export_history(events: Sequence[ev.CaseEvent]) -> dict[str, Any]:
    """A case's history in the import format (``import_histories`` records it again).

    Each decision is one step. A deemed acceptance that a forward or a rejection recorded
    first is recorded again by that step; one recorded on its own (an ``accept`` after the
    correction period) is a step of its own, dated the day it can be taken again
    (:func:`_deemed_on`)."""
    opened = events[0]
    assert isinstance(opened, ev.CaseOpened)
    steps = []
    for start, group in decisions(events):
        e = group[-1]
        on = e.on
        if isinstance(e, ev.ApplicationAccepted) and e.deemed:
            on = _deemed_on(events[:start], e)
        steps.append(
            {
                "type": step_of(e),
                "on": on.isoformat(),
                "actor": converter.unstructure(e.actor),
                "policy": str(e.policy),
                "recorded": e.timestamp.isoformat(),
                "command_id": e.command_id,
                "payload": converter.unstructure(command_arguments(e)),
            }
        )
    return {
        "uscc": str(opened.key.uscc),
        "specialty": opened.key.specialty,
        "enterprise": converter.unstructure(opened.enterprise),
        "events": steps,
    }


def _deemed_on(before: Sequence[ev.CaseEvent], accepted: ev.ApplicationAccepted) -> pendulum.Date:
    """The business date of the ``accept`` step that recorded a deemed acceptance.

    The event is dated the day of receipt, but the step was taken after the correction period
    (taken inside it, it would have been an explicit acceptance). Any day after the period
    records the same event: the day it was recorded (in the authority's zone), and never
    earlier than the day after the correction period the application set."""
    recorded = pendulum.instance(accepted.timestamp).in_timezone(ZONE).date()
    correction = [d.due for e in before for d in e.deadlines if d.rule_id == "intake.correction"]
    first = correction[-1].add(days=1) if correction else accepted.on
    return max(recorded, first, accepted.on)


__all__ = [
    "FORMAT",
    "ImportCase",
    "ImportRefused",
    "ImportResult",
    "ImportStep",
    "export_history",
    "import_histories",
    "load",
]
