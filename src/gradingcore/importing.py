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
import pendulum

from gradingcore import events as ev
from gradingcore.audit import command_arguments, decisions, step_of
from gradingcore.clock import ZONE, ManualClock
from gradingcore.commands import _BASE, COMMANDS, Command
from gradingcore.decisions import ANSWERS
from gradingcore.errors import GradingError, InvalidInput, Unconvertible, placed_reasons
from gradingcore.i18n import Locale, joined, msg, msg_ctx, msg_plural, render_value
from gradingcore.inputs import as_date
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
        raise InvalidInput(msg("an import document is a JSON object with 'format' and 'cases'"))
    if data.get("format") != FORMAT:
        raise InvalidInput(
            msg(
                "unknown format {given}: expected {expected}",
                given=repr(data.get("format")),
                expected=repr(FORMAT),
            ),
            facts={"field": "format"},
        )
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise InvalidInput(msg("'cases' must be a non-empty list"), facts={"field": "cases"})
    problems: list[Any] = []
    cases = []
    for n, raw in enumerate(raw_cases):
        case = _case(raw, f"cases[{n}]", problems)
        if case is not None:
            cases.append(case)
    keys = [c.key for c in cases]
    problems += [
        msg("case {case} appears more than once", case=k) for k in set(keys) if keys.count(k) > 1
    ]
    if problems:
        raise InvalidInput(
            msg_plural(
                "{n} problem in the import: {problems}",
                "{n} problems in the import: {problems}",
                len(problems),
                problems=joined(problems),
            ),
            facts={"problems": [render_value(p, Locale.EN) for p in problems]},
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
            raise InvalidInput(
                msg("cannot read {file}: {reason}", file=str(source), reason=_os_reason(error)),
                facts={"file": str(source)},
            ) from None
    else:
        raw = source.encode("utf-8") if isinstance(source, str) else source
    if len(raw) > max_bytes:
        raise InvalidInput(
            msg(
                "the import is larger than {max_bytes} bytes (files.import_max_bytes): split it",
                max_bytes=format(max_bytes, ","),
            ),
            facts={"max_bytes": max_bytes},
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            msg(
                "not UTF-8 text: byte {at} is {byte}; an import file is JSON in UTF-8",
                at=error.start,
                byte=hex(raw[error.start]),
            ),
            facts={"byte": error.start},
        ) from None
    depth = limits().max_nesting
    if _nesting(text) > depth:
        raise InvalidInput(
            msg("the JSON is nested more than {depth} deep (files.max_nesting)", depth=depth),
            facts={"max_depth": depth},
        )
    try:
        return json.loads(text, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            msg(
                "not JSON: {problem} at line {line}, column {column}",
                problem=_JSON_PROBLEMS.get(error.msg, error.msg),
                line=error.lineno,
                column=error.colno,
            ),
            facts={"line": error.lineno, "column": error.colno},
        ) from None
    except RecursionError:  # belt and braces: _nesting already bounds it
        raise InvalidInput(msg("the JSON is nested too deeply")) from None


def _not_a_number(constant: str) -> Any:
    raise InvalidInput(msg("{constant} is not a number: give a finite decimal", constant=constant))


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


def _case(raw: Any, where: str, problems: list[Any]) -> ImportCase | None:
    if not isinstance(raw, Mapping):
        problems.append(msg("{where}: a case is an object", where=where))
        return None
    for name in ("uscc", "specialty"):
        if not isinstance(raw.get(name, ""), str):
            problems.append(_not_a_string(f"{where}.{name}", raw.get(name)))
            return None
    try:
        key = CaseKey(raw.get("uscc", ""), raw.get("specialty", ""))
    except GradingError as error:
        problems.append(msg("{where}: {problem}", where=_at(where, "uscc"), problem=error))
        return None
    try:
        enterprise = strict.structure(raw.get("enterprise"), Enterprise)
    except Exception as error:
        problems.append(
            msg("{where}: {problem}", where=_at(where, "enterprise"), problem=_why(error))
        )
        return None
    raw_events = raw.get("events")
    if not isinstance(raw_events, list) or not raw_events:
        problems.append(msg("{where}: a non-empty list of steps", where=_at(where, "events")))
        return None
    steps = []
    for i, item in enumerate(raw_events):
        step = _step(key, enterprise, i, item, f"{where}.events[{i}]", problems)
        if step is not None:
            steps.append(step)
    return ImportCase(key, enterprise, tuple(steps))


def _step(
    key: CaseKey, enterprise: Enterprise, index: int, raw: Any, where: str, problems: list[Any]
) -> ImportStep | None:
    if not isinstance(raw, Mapping):
        problems.append(msg("{where}: a step is an object", where=where))
        return None
    unknown = set(raw) - {"type", "on", "actor", "policy", "payload", "command_id", "recorded"}
    if unknown:
        problems.append(
            msg("{where}: unknown fields {names}", where=where, names=", ".join(sorted(unknown)))
        )
    kind = raw.get("type", "")
    if not isinstance(kind, str):
        problems.append(_not_a_string(f"{where}.type", kind))
        return None
    step = _STEPS_BY_EVENT.get(kind, kind)
    cls = COMMANDS.get(step)
    if cls is None:
        problems.append(
            msg("{where}: unknown step {step}", where=_at(where, "type"), step=repr(kind))
        )
        return None
    try:
        for name in ("on", "policy", "recorded", "command_id"):
            if raw.get(name) is not None and not isinstance(raw[name], str):
                raise Unconvertible(_not_a_string(repr(name), raw[name]))
        on = as_date(raw.get("on"), "on")
        actor = strict.structure(raw.get("actor"), Actor)
        policy = PolicyRef.parse(raw["policy"]) if raw.get("policy") else None
        recorded = _moment(raw["recorded"]) if raw.get("recorded") else None
        if recorded is not None and recorded.tzinfo is None:
            raise Unconvertible(msg("'recorded' needs a time zone (e.g. +08:00)"))
        payload = raw.get("payload") or {}
        if not isinstance(payload, Mapping):
            raise Unconvertible(msg("'payload' is an object"))
        bad = set(payload) & set(_BASE)
        if bad:
            raise Unconvertible(
                msg(
                    "payload fields {names} belong to the step itself", names=", ".join(sorted(bad))
                )
            )
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
        problems.append(msg("{where}: {problem}", where=where, problem=_why(error)))
        return None
    return ImportStep(index, command, policy, recorded)


def _at(where: str, name: str) -> str:
    return where + "." + name


def _why(error: Exception) -> Any:
    return placed_reasons(error, "$", _reason)


def _reason(error: BaseException, type_: Any) -> Any:
    if isinstance(error, KeyError):
        return msg("required field missing")
    return msg(
        "invalid value for type {type}: {problem}",
        type=getattr(type_, "__name__", type_),
        problem=str(error),
    )


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise Unconvertible(
            msg("'recorded': expected a date and time in ISO 8601, got {value}", value=repr(text))
        ) from None


def _os_reason(error: OSError) -> Any:
    """Why a file could not be read, in the reader's words where the cause is a common one."""
    if isinstance(error, FileNotFoundError):
        return msg("no such file")
    if isinstance(error, PermissionError):
        return msg("permission denied")
    if isinstance(error, IsADirectoryError):
        return msg("it is a directory")
    return error.strerror or str(error)


#: The JSON parser's usual complaints (the standard library's English), in the reader's words.
_JSON_PROBLEMS: dict[str, Any] = {
    "Expecting value": msg("a value was expected"),
    "Expecting property name enclosed in double quotes": msg(
        "a field name in double quotes was expected"
    ),
    "Expecting ',' delimiter": msg("a comma was expected"),
    "Expecting ':' delimiter": msg("a colon was expected"),
    "Extra data": msg("more text after the JSON value"),
    "Unterminated string starting at": msg("a string is not closed"),
    "Invalid control character at": msg("a control character inside a string"),
}


def _not_a_string(where: str, value: Any) -> Any:
    return msg("{where}: a string, not {kind}", where=where, kind=_json_type(value))


def _json_type(value: Any) -> Any:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return msg_ctx("json", "a number")
    if isinstance(value, str):
        return msg_ctx("json", "a string")
    return msg_ctx("json", "a list") if isinstance(value, list) else msg_ctx("json", "an object")


def import_histories(service: Any, cases: Sequence[ImportCase]) -> ImportResult:
    """Judge every step of ``cases`` on an in-memory store first; if all hold, write their
    events to ``service``'s store in one save. On any refusal nothing is written and the error
    names the case, the step index, the rule ids and the citations."""
    from gradingcore.service import GradingService

    for case in cases:
        if service.exists(case.key):
            raise ImportRefused(
                msg(
                    "case {case} is already in the store: an import never merges histories",
                    case=case.key,
                ),
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
            place = "cases[" + str(n) + "]"
            where = msg(
                "case {case} ({place}), step {index} ({step})",
                case=case.key,
                place=place,
                index=step.index,
                step=step.command.step,
            )
            try:
                outcome = scratch.execute(step.command)
            except GradingError as error:
                raise ImportRefused(
                    msg(
                        "{where} refused, nothing written: {refusal}",
                        where=where,
                        refusal=error.text,
                    ),
                    rule_ids=error.rule_ids,
                    citations=error.citations,
                    facts={**error.facts, "case": str(case.key), "step": step.index},
                ) from None
            judged = outcome.events[-1].policy if outcome.events else None
            if step.policy is not None and judged is not None and judged != step.policy:
                raise ImportRefused(
                    msg(
                        "{where}: the file says policy {given}, but the rules judge it under "
                        "{judged}; nothing written",
                        where=where,
                        given=step.policy,
                        judged=judged,
                    ),
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
