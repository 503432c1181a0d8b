"""From a JSON body to a command's typed payload, with a private cattrs converter.

JSON already has numbers, booleans and lists, so this converter is strict where the scenario
files' is lenient: ``"true"`` is not a boolean and ``2.5`` is not a number of working days. What
JSON lacks is read from text: ISO dates become ``pendulum.Date``, amounts and scores may be a
number or a decimal text (``"82.5"``) and become ``Decimal``. Enumerations are given by value.
Every problem names its field as a JSON pointer (RFC 6901) into the body.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
import pendulum

from gradingcore import (
    AuthorityKind,
    Degree,
    Enterprise,
    ForceMajeure,
    GradingError,
    IncidentGrade,
    Level,
    LicenceLoss,
    Reporting,
    Role,
    Title,
    VerificationMethod,
    commands,
)

#: The envelope fields a body may carry next to a command's own (the rest comes from the path,
#: the token and the headers).
ENVELOPE = ("on", "enterprise")

#: The enumerations a body may name, each by its value.
ENUMS: tuple[type[enum.Enum], ...] = (
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


@attrs.frozen
class FieldProblem:
    """One thing wrong with a body: where (a JSON pointer) and why."""

    pointer: str
    detail: str


class BodyInvalid(Exception):
    """The body does not make a command; ``problems`` names each field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.pointer or '/'}: {p.detail}" for p in problems))
        self.problems = problems


def _date(value: Any, _: Any) -> pendulum.Date:
    if isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(value) == 10:
                return pendulum.Date(parsed.year, parsed.month, parsed.day)
    msg = f"expected a date as YYYY-MM-DD, got {value!r}"
    raise ValueError(msg)


def _decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    msg = f"expected a finite number, got {value!r}"
    raise ValueError(msg)


def _int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    msg = f"expected a whole number, got {value!r}"
    raise ValueError(msg)


def _bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    msg = f"expected true or false, got {value!r}"
    raise ValueError(msg)


def _str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    msg = f"expected text, got {value!r}"
    raise ValueError(msg)


def _enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, bool):
        try:
            return cls(value)
        except ValueError:
            pass
    allowed = ", ".join(repr(m.value) for m in cls)
    msg = f"expected one of {allowed}, got {value!r}"
    raise ValueError(msg)


def _texts(value: Any, _: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(_str(v, None) for v in value)
    msg = f"expected a list of texts, got {value!r}"
    raise ValueError(msg)


def _make() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(pendulum.Date, _date)
    c.register_structure_hook(Decimal, _decimal)
    c.register_structure_hook(int, _int)
    c.register_structure_hook(bool, _bool)
    c.register_structure_hook(str, _str)
    c.register_structure_hook_func(lambda t: t == tuple[str, ...], _texts)
    for cls in ENUMS:  # by class: the int and str hooks would otherwise take IntEnum, StrEnum
        c.register_structure_hook(cls, _enum)
    return c


_converter = _make()


@functools.cache
def payload_fields(step: str) -> Mapping[str, attrs.Attribute[Any]]:
    """The fields of command ``step`` a body gives (the envelope left out)."""
    cls = commands.COMMANDS[step]
    attrs.resolve_types(cls)
    envelope = {f.name for f in attrs.fields(commands.Command)}
    return {f.name: f for f in attrs.fields(cls) if f.name not in envelope}


def _pointer(path: str) -> str:
    """cattrs' ``$.experts[0].name`` as the JSON pointer ``/experts/0/name``."""
    out = []
    for part in path.removeprefix("$").replace("[", ".").replace("]", "").split("."):
        if part:
            out.append(part.strip("'\"").replace("~", "~0").replace("/", "~1"))
    return "/" + "/".join(out) if out else ""


def _detail(error: BaseException, _: Any) -> str:
    if isinstance(error, GradingError):
        return error.message
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return cattrs.v.format_exception(error, None)


def _problems(error: Exception, field: str) -> list[FieldProblem]:
    if isinstance(error, cattrs.BaseValidationError):
        found = []
        for line in cattrs.transform_error(error, path=f"$.{field}", format_exception=_detail):
            detail, _, where = line.rpartition(" @ ")
            found.append(FieldProblem(_pointer(where), detail))
        return found
    return [FieldProblem(_pointer(field), _detail(error, None))]


def structure(step: str, body: Any) -> tuple[dict[str, Any], pendulum.Date | None, Any]:
    """The typed payload, business date and enterprise of a command ``step`` from its JSON
    body. Raises BodyInvalid naming every field in error."""
    if not isinstance(body, dict):
        raise BodyInvalid([FieldProblem("", "the body must be a JSON object")])
    fields = payload_fields(step)
    problems: list[FieldProblem] = []
    typed: dict[str, Any] = {}
    on: pendulum.Date | None = None
    enterprise: Enterprise | None = None
    for key, value in body.items():
        try:
            if key == "on":
                on = _date(value, None)
            elif key == "enterprise":
                enterprise = _converter.structure(value, Enterprise)
            elif key in fields:
                typed[key] = _converter.structure(value, fields[key].type or Any)
            else:
                allowed = ", ".join([*ENVELOPE, *fields])
                problems.append(FieldProblem(_pointer(key), f"unknown field (fields: {allowed})"))
        except Exception as error:
            problems.extend(_problems(error, key))
    for key, field in fields.items():
        if key not in body and field.default is attrs.NOTHING:
            problems.append(FieldProblem(_pointer(key), "required field missing"))
    if problems:
        raise BodyInvalid(problems)
    return typed, on, enterprise


def finite(value: str) -> float:
    """json.loads' parse_constant: NaN and Infinity are not JSON numbers."""
    msg = f"{value} is not a JSON number"
    raise ValueError(msg)


__all__ = ["ENVELOPE", "BodyInvalid", "FieldProblem", "finite", "payload_fields", "structure"]
