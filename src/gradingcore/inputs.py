"""Text input (输入): from plain values (YAML, JSON, form fields, keyword arguments) to a command.

The ONE lenient converter of the library, for scenario files, the CLI and the HTTP API alike
(decision 0025). Lenient where a person's way of writing is unambiguous (ISO dates as text,
numbers as text, levels, titles and degrees by number or name, mappings for work groups,
experts and nonconformities), strict where a slip would otherwise pass silently (``"no"`` is not
a boolean, ``2.5`` is not a number of working days). Every failure is an
:class:`~gradingcore.errors.InvalidInput` naming the command and the field (a
:class:`FieldError`); several are collected in one :class:`InputErrors`.

Conversion first; whether a converted value is plausible (a NaN, a count beyond its bound, an
over-long text, a year beyond 2100) is for the checks in :data:`VALUE_CHECKS`, the hook where
the validation of values plugs in: run on every converted field, before a command is built. The
input bounds (:mod:`gradingcore.bounds`) are its first check, so every problem of a text input
is collected, each naming its field, as the built command would refuse it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
import pendulum
from cattrs.v import format_exception

from gradingcore.bounds import field_problem
from gradingcore.commands import COMMANDS, ENVELOPE, Command
from gradingcore.errors import (
    InvalidInput,
    Unconvertible,
    placed_reasons,
    reason_of,
    reason_places,
)
from gradingcore.facts import (
    Degree,
    ForceMajeure,
    IncidentGrade,
    LicenceLoss,
    Reporting,
    Title,
    VerificationMethod,
)
from gradingcore.i18n import Locale, joined, msg, render_value
from gradingcore.levels import Level
from gradingcore.values import AuthorityKind, Role

#: A check of one converted value: ``check(command class, field name, value)`` gives the
#: problem in words, or None when the value is acceptable.
ValueCheck = Callable[[type[Command], str, Any], Any]

#: The checks run on every converted field: the place where the validation of values plugs in.
#: The input bounds come first (:func:`gradingcore.bounds.field_problem`, decision 0029), so a
#: text value meets the same bounds as a built one, each refusal naming its field.
VALUE_CHECKS: list[ValueCheck] = [field_problem]


class FieldError(InvalidInput):
    """One field of a command's input that cannot be taken; names the command and the field."""

    def __init__(self, problem: Any, *, step: str, field: str | None = None) -> None:
        self.step = step
        self.field = field
        #: The problem as a message; ``problem`` is its English wording (adapters read it).
        self.reason = problem
        self.problem = render_value(problem, Locale.EN)
        where = f"{step}.{field}" if field else step
        facts = {"step": step, "field": field} if field else {"step": step}
        super().__init__(msg("{where}: {problem}", where=where, problem=problem), facts=facts)

    def places(self) -> list[tuple[str | None, Any]]:
        """Each nested failure's place (cattrs' ``$.workgroup.leader``, None for the field
        itself) and its reason, a message to render in the reader's language."""
        return reason_places(self.reason)


class InputErrors(InvalidInput):
    """Several problems with one command's input; ``errors`` holds each :class:`FieldError`."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        parts = [
            msg("{field}: {problem}", field=e.field, problem=e.reason) if e.field else e.reason
            for e in errors
        ]
        super().__init__(
            msg("{step}: {problems}", step=first.step, problems=joined(parts)),
            facts={"step": first.step, "fields": [e.field for e in errors if e.field]},
        )


def _date(value: Any, _: Any = None) -> pendulum.Date:
    if isinstance(value, dt.datetime):
        raise Unconvertible(
            msg("expected a date, got the date and time {moment}", moment=value.isoformat())
        )
    if isinstance(value, pendulum.Date):
        return value
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return pendulum.Date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Unconvertible(msg("expected a date as YYYY-MM-DD, got {value}", value=repr(value)))


def as_date(value: Any, field: str | None = None) -> pendulum.Date:
    """A business date from a ``date`` or an ISO ``YYYY-MM-DD`` text. Raises ValueError, or,
    when ``field`` is named, an :class:`InvalidInput` naming it."""
    if field is None:
        return _date(value)
    try:
        return _date(value)
    except ValueError as error:
        raise InvalidInput(
            msg("{field}: {problem}", field=field, problem=reason_of(error)), facts={"field": field}
        ) from None


def _decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, bool):
        raise Unconvertible(msg("expected a number, got {value}", value=repr(value)))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float | str):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            pass
    raise Unconvertible(msg("expected a number, got {value}", value=repr(value)))


def _int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise Unconvertible(msg("expected a whole number, got {value}", value=repr(value)))


def _bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Unconvertible(msg("expected true or false, got {value}", value=repr(value)))


def _str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Unconvertible(msg("expected text, got {value}", value=repr(value)))


def _enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, cls):
        return value
    by_name = {m.name.lower(): m for m in cls}
    if isinstance(value, str) and value.strip().lower() in by_name:
        return by_name[value.strip().lower()]
    try:
        if not isinstance(value, bool):
            return cls(value)
    except ValueError:
        pass
    if issubclass(cls, int):
        allowed = ", ".join(f"{m.value} ({m.name.lower()})" for m in cls)
    else:
        allowed = ", ".join(str(m.value) for m in cls)
    raise Unconvertible(
        msg("expected one of {allowed}, got {value}", allowed=allowed, value=repr(value))
    )


def _texts(value: Any, _: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(_str(v, None) for v in value)
    raise Unconvertible(msg("expected text or a list of texts, got {value}", value=repr(value)))


_ENUMS: tuple[type[enum.Enum], ...] = (
    Level,
    Title,
    Degree,
    IncidentGrade,
    Reporting,
    ForceMajeure,
    VerificationMethod,
    LicenceLoss,
    Role,
    AuthorityKind,
)


def _make_converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(pendulum.Date, _date)
    c.register_structure_hook(Decimal, _decimal)
    c.register_structure_hook(int, _int)
    c.register_structure_hook(bool, _bool)
    c.register_structure_hook(str, _str)
    c.register_structure_hook_func(lambda t: t == tuple[str, ...], _texts)
    for cls in _ENUMS:  # by class, so that the int and str hooks do not take IntEnum, StrEnum
        c.register_structure_hook(cls, _enum)
    return c


_converter = _make_converter()


@functools.cache
def payload_fields(name: str) -> Mapping[str, attrs.Attribute[Any]]:
    """The payload fields of the command ``name`` (its arguments, the envelope left out)."""
    cls = COMMANDS[name]
    attrs.resolve_types(cls)
    envelope = {f.name for f in attrs.fields(Command)}
    return {f.name: f for f in attrs.fields(cls) if f.name not in envelope}


def command_class(name: str) -> type[Command]:
    """The command class of a name; a :class:`FieldError` naming the close matches if none."""
    if name in COMMANDS:
        return COMMANDS[name]
    close = difflib.get_close_matches(name, list(COMMANDS), n=3)
    if close:
        hint = msg("did you mean {names}?", names=joined(close, msg(" or ")))
    else:
        hint = msg("commands: {names}", names=", ".join(COMMANDS))
    raise FieldError(msg("no command {name}; {hint}", name=repr(name), hint=hint), step=name)


def structure_arguments(
    name: str,
    raw: Mapping[str, Any],
    defaults: Mapping[str, Callable[[], Any]] | None = None,
) -> dict[str, Any]:
    """The typed payload of command ``name`` from plain values, ``defaults`` filled in for what
    is left out. Raises :class:`InputErrors` naming every problem (an unknown or missing field,
    a value of the wrong type, a value one of :data:`VALUE_CHECKS` refuses)."""
    cls = command_class(name)
    fields = payload_fields(name)
    problems: list[FieldError] = []
    typed: dict[str, Any] = {}
    for key, value in raw.items():
        field = fields.get(key)
        if field is None:
            known = (
                msg("unknown argument (arguments: {names})", names=", ".join(fields))
                if fields
                else msg("unknown argument (this command takes none)")
            )
            problems.append(FieldError(known, step=name, field=key))
            continue
        try:
            typed[key] = _converter.structure(value, field.type or Any)
        except Exception as error:
            problems.append(FieldError(_reason(error, key), step=name, field=key))
            continue
        for check in VALUE_CHECKS:
            problem = check(cls, key, typed[key])
            if problem:
                problems.append(FieldError(problem, step=name, field=key))
    for key, make in (defaults or {}).items():
        typed.setdefault(key, make())
    for key, field in fields.items():
        if key not in typed and field.default is attrs.NOTHING and key not in raw:
            problems.append(FieldError(msg("required argument missing"), step=name, field=key))
    if problems:
        raise InputErrors(problems)
    return typed


def command_from(
    name: str,
    raw: Mapping[str, Any],
    *,
    defaults: Mapping[str, Callable[[], Any]] | None = None,
    **envelope: Any,
) -> Command:
    """A command from its name, its payload as plain values, and its envelope (``case``,
    ``actor``, ``on``, ``command_id``, … already typed, except ``on``, which may be ISO text)."""
    unknown = sorted(set(envelope) - set(ENVELOPE))
    if unknown:
        raise FieldError(msg("not a field of every command"), step=name, field=unknown[0])
    if isinstance(envelope.get("on"), str | dt.date):
        try:
            envelope["on"] = _date(envelope["on"])
        except ValueError as error:
            raise FieldError(reason_of(error), step=name, field="on") from None
    return command_class(name)(**envelope, **structure_arguments(name, raw, defaults))


def _format(error: BaseException, type_: Any) -> Any:
    if isinstance(error, KeyError):
        return msg("required field missing")
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return format_exception(error, type_)


def _reason(error: Exception, field: str) -> Any:
    """A short reason for a conversion error, nested places named as ``field[0].name``."""
    return placed_reasons(error, field, _format)


__all__ = [
    "VALUE_CHECKS",
    "FieldError",
    "InputErrors",
    "ValueCheck",
    "as_date",
    "command_class",
    "command_from",
    "payload_fields",
    "structure_arguments",
]
