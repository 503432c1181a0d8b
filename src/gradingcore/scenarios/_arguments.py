"""From plain values (YAML, keyword arguments) to a command's typed payload, and back to words.

One private cattrs converter, strict where a scenario author's slip would otherwise pass
silently (``"no"`` is not a boolean, ``2.5`` is not a number of working days): ISO dates become
``pendulum.Date``, numbers and numeric text become ``Decimal``, levels, titles and degrees may
be given by number or name, mappings become work groups, experts and nonconformities.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
import pendulum
from cattrs.v import format_exception

from gradingcore.commands import COMMANDS, Command
from gradingcore.errors import GradingError
from gradingcore.facts import (
    Degree,
    Expert,
    ExpertDraw,
    ForceMajeure,
    IncidentGrade,
    LicenceLoss,
    Reporting,
    Title,
    VerificationMethod,
    WorkGroup,
)
from gradingcore.levels import Level
from gradingcore.scenarios._errors import ScenarioError
from gradingcore.scenarios._model import CHECK
from gradingcore.values import AuthorityKind, Role

#: Payload defaults a scenario may leave out (the command itself requires them).
DEFAULTS: Mapping[str, Mapping[str, Callable[[], Any]]] = {
    "self_evaluate": {
        "workgroup": lambda: WorkGroup("主要负责人", True, 2),
    },
    "form_review_team": {
        "experts": lambda: default_team(),
        "draw": lambda: ExpertDraw("省安全生产专家"),
    },
}


def default_team() -> tuple[Expert, ...]:
    """A qualified, independent team of three: a senior leader with 12 years of safety work,
    an expert with a background in the enterprise's processes, and a third expert; each with
    a related bachelor's degree and provincial training passed, all written out (data left
    out is not qualified)."""
    known = functools.partial(
        Expert, degree=Degree.BACHELOR, degree_related=True, trained_provincially=True
    )
    return (
        known("e1", "评审组长", leader=True, title=Title.SENIOR, safety_work_years=12),
        known(
            "e2", "工艺专家", title=Title.INTERMEDIATE, safety_work_years=8, process_background=True
        ),
        known("e3", "安全专家", title=Title.INTERMEDIATE, safety_work_years=6),
    )


def _date(value: Any, _: Any = None) -> pendulum.Date:
    if isinstance(value, dt.datetime):
        msg = f"expected a date, got the date and time {value.isoformat()}"
        raise ValueError(msg)
    if isinstance(value, pendulum.Date):
        return value
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return pendulum.Date.fromisoformat(value.strip())
        except ValueError:
            pass
    msg = f"expected a date as YYYY-MM-DD, got {value!r}"
    raise ValueError(msg)


def as_date(value: Any) -> pendulum.Date:
    """A business date from a ``date`` or an ISO ``YYYY-MM-DD`` text (ValueError otherwise)."""
    return _date(value)


def _decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, bool):
        msg = f"expected a number, got {value!r}"
        raise ValueError(msg)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float | str):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            pass
    msg = f"expected a number, got {value!r}"
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
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    msg = f"expected text, got {value!r}"
    raise ValueError(msg)


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
    msg = f"expected one of {allowed}, got {value!r}"
    raise ValueError(msg)


def _texts(value: Any, _: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(_str(v, None) for v in value)
    msg = f"expected text or a list of texts, got {value!r}"
    raise ValueError(msg)


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
    """The command class of a step name; a ScenarioError naming the close matches if none."""
    if name in COMMANDS:
        return COMMANDS[name]
    if name == CHECK:
        raise ScenarioError("the check step runs no command", step=name)
    close = difflib.get_close_matches(name, [*COMMANDS, CHECK], n=3)
    hint = f"did you mean {' or '.join(close)}?" if close else f"steps: {', '.join(COMMANDS)}"
    raise ScenarioError(f"no step {name!r}; {hint}", step=name)


def structure_arguments(name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The typed payload of step ``name`` from plain values, defaults filled in.

    Raises one ScenarioError per problem (an unknown step, an unknown or missing argument, a
    value of the wrong type), collected in a list attached as ``errors`` to the first.
    """
    if name == CHECK:
        if raw:
            msg = f"the check step takes no arguments, got {', '.join(raw)}"
            raise ScenarioError(msg, step=name, field=next(iter(raw)))
        return {}
    command_class(name)
    fields = payload_fields(name)
    problems: list[ScenarioError] = []
    typed: dict[str, Any] = {}
    for key, value in raw.items():
        field = fields.get(key)
        if field is None:
            allowed = ", ".join(fields) or "none"
            problems.append(
                ScenarioError(f"unknown argument (arguments: {allowed})", step=name, field=key)
            )
            continue
        try:
            typed[key] = _converter.structure(value, field.type or Any)
        except Exception as error:
            problems.append(ScenarioError(_reason(error, key), step=name, field=key))
    for key, make in DEFAULTS.get(name, {}).items():
        typed.setdefault(key, make())
    for key, field in fields.items():
        if key not in typed and field.default is attrs.NOTHING and key not in raw:
            problems.append(ScenarioError("required argument missing", step=name, field=key))
    if problems:
        raise ArgumentErrors(problems)
    return typed


class ArgumentErrors(ScenarioError):
    """Several problems with one step's arguments; ``errors`` holds each one."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(
            "; ".join(f"{e.field}: {e.problem}" if e.field else e.problem for e in errors),
            where=first.where,
            step=first.step,
        )


def _format(error: BaseException, type_: Any) -> str:
    if isinstance(error, GradingError):
        return error.message
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return format_exception(error, type_)


def _reason(error: Exception, field: str) -> str:
    """A short reason for a conversion error, nested places named as ``field[0].name``."""
    if isinstance(error, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(error, path=field, format_exception=_format))
    return _format(error, None)


__all__ = [
    "DEFAULTS",
    "ArgumentErrors",
    "as_date",
    "command_class",
    "default_team",
    "payload_fields",
    "structure_arguments",
]
