"""From a JSON body to a command's typed payload.

The payload goes through the library's one text-input converter (:mod:`gradingcore.inputs`,
decision 0025), so a body reads as a scenario file does and the value checks plugged into it
apply here too. What is particular to HTTP is kept here, with a private cattrs converter for
the envelope a body may carry (``on``, ``enterprise``), and every problem is named by a JSON
pointer (RFC 6901) into the body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
import pendulum

from gradingcore import Enterprise, GradingError, inputs
from gradingcore.i18n import render_value
from gradingcore_cli._i18n import _

#: The envelope fields a body may carry next to a command's own (the rest comes from the path,
#: the token and the headers).
ENVELOPE = ("on", "enterprise")


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


def _date(value: Any, kind: Any) -> pendulum.Date:
    if isinstance(value, str) and len(value) == 10:
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return pendulum.Date(parsed.year, parsed.month, parsed.day)
    raise ValueError(_("expected a date as YYYY-MM-DD, got {value}").format(value=repr(value)))


def _exact(kind: type) -> Any:
    def hook(value: Any, _type: Any) -> Any:
        if type(value) is kind:
            return value
        expected = (
            _("expected true or false, got {value}")
            if kind is bool
            else _("expected text, got {value}")
        )
        raise ValueError(expected.format(value=repr(value)))

    return hook


def _make() -> cattrs.Converter:
    """The envelope's converter: JSON's own types, strictly."""
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(str, _exact(str))
    c.register_structure_hook(bool, _exact(bool))
    return c


_converter = _make()


def payload_fields(step: str) -> Mapping[str, attrs.Attribute[Any]]:
    """The fields of command ``step`` a body gives (the envelope left out)."""
    return inputs.payload_fields(step)


def _pointer(path: str) -> str:
    """cattrs' ``$.experts[0].name`` as the JSON pointer ``/experts/0/name``."""
    out = []
    for part in path.removeprefix("$").replace("[", ".").replace("]", "").split("."):
        if part:
            out.append(part.strip("'\"").replace("~", "~0").replace("/", "~1"))
    return "/" + "/".join(out) if out else ""


def _detail(error: BaseException, kind: Any) -> str:
    if isinstance(error, GradingError):
        return str(error.localized())
    if isinstance(error, KeyError):
        return _("required field missing")
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


def _from_inputs(error: inputs.FieldError) -> list[FieldProblem]:
    """The converter names the field and, inside it, the nested place (``@ workgroup.leader``)."""
    return [
        FieldProblem(_pointer(error.field or "" if where is None else where), render_value(why))
        for where, why in error.places()
    ]


def structure(step: str, body: Any) -> tuple[dict[str, Any], pendulum.Date | None, Any]:
    """The typed payload, business date and enterprise of a command ``step`` from its JSON
    body. Raises BodyInvalid naming every field in error."""
    if not isinstance(body, dict):
        raise BodyInvalid([FieldProblem("", _("the body must be a JSON object"))])
    problems: list[FieldProblem] = []
    on: pendulum.Date | None = None
    enterprise: Enterprise | None = None
    payload = {k: v for k, v in body.items() if k not in ENVELOPE}
    for key in ENVELOPE:
        if key not in body:
            continue
        try:
            if key == "on":
                on = _date(body[key], None)
            else:
                enterprise = _converter.structure(body[key], Enterprise)
        except Exception as error:
            problems.extend(_problems(error, key))
    typed: dict[str, Any] = {}
    try:
        typed = inputs.structure_arguments(step, payload)
    except inputs.InputErrors as errors:
        for each in errors.errors:
            problems.extend(_from_inputs(each))
    except inputs.FieldError as one:
        problems.extend(_from_inputs(one))
    if problems:
        raise BodyInvalid(problems)
    return typed, on, enterprise


def finite(value: str) -> float:
    """json.loads' parse_constant: NaN and Infinity are not JSON numbers."""
    raise ValueError(_("{value} is not a JSON number").format(value=value))


__all__ = ["ENVELOPE", "BodyInvalid", "FieldProblem", "finite", "payload_fields", "structure"]
