"""Input bounds (输入校验): every value a command or a value object is built from, checked where it
is built.

:class:`Bounded` gives an attrs class a check of each field against its declared type and the
plausibility limits of ``policy/data/limits/input.toml`` (:mod:`gradingcore.limits`): texts and
ids no longer than their limit, counts whole and not negative, amounts finite, people and money
below their plausible bounds, dates within the years the library knows, enums by value. A value
that does not hold raises :class:`~gradingcore.errors.InvalidInput` naming the field
(``RecordIncident.deaths``), before any rule runs or anything is written (decision 0029).

An int given for an int enum (``2`` for ``Level.LEVEL_2``), a str for a str enum and an int for
a decimal are exact, so they are normalized; nothing else is converted.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from gradingcore.errors import InvalidInput
from gradingcore.i18n import Message, msg
from gradingcore.limits import InputLimits, limits

#: A field's check: the value as it should be kept (normalized), or InvalidInput.
Check = Callable[[Any], Any]

#: Upper bounds of particular fields, by name, as attributes of InputLimits.
_MAXIMA = {
    "deaths": "max_deaths",
    "serious_injuries": "max_injuries",
    "employee_representatives": "max_representatives",
    "safety_work_years": "max_work_years",
    "direct_loss_cny": "max_loss_cny",
    "lost_workdays": "max_statistic",
    "deaths_per_thousand": "max_statistic",
    "serious_injuries_per_thousand": "max_statistic",
    "injury_frequency_rate": "max_statistic",
    "injury_severity_rate": "max_statistic",
    "year": "max_year",
}

#: The commands that record a fact (事实) about the enterprise: they are dated when the fact
#: happened, which cannot lie after the day it is recorded (``dates.max_future_days_fact``).
FACT_STEPS = frozenset(
    {
        "record_incident",
        "record_social_incident",
        "record_penalty",
        "record_hazard",
        "fix_hazard",
        "list_dishonest",
        "delist_dishonest",
        "record_licence_loss",
        "record_major_change",
        "record_fraud",
        "record_operation_failure",
        "record_township",
        "record_inspection",
    }
)


class Bounded:
    """Mixin of an attrs class whose fields are checked (and normalized) after construction."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        checks = _CHECKS.get(cls)
        if checks is None:
            checks = _CHECKS[cls] = _checks(cls)
        for name, check in checks:
            value = getattr(self, name)
            kept = check(value)
            if kept is not value:
                object.__setattr__(self, name, kept)


#: Where the plausible maxima are set (a path, shown as it is).
_LIMITS = "policy/data/limits"


def _refused(where: str, problem: Message, **facts: Any) -> InvalidInput:
    """The refusal of field ``where``: ``where: problem``, the field named in ``facts``."""
    return InvalidInput(
        msg("{where}: {problem}", where=where, problem=problem), facts={"field": where, **facts}
    )


def _shown(value: Any) -> Any:
    if isinstance(value, str):
        return msg("the text {text}", text=repr(value[:40]) + ("…" if len(value) > 40 else ""))
    if value is None:
        return "None"
    return f"{type(value).__name__} {value!r}"[:80]


#: Each class's checks, built on its first instance (the types resolved once).
_CHECKS: dict[type, tuple[tuple[str, Check], ...]] = {}


def _checks(cls: type) -> tuple[tuple[str, Check], ...]:
    hints = typing.get_type_hints(cls)
    found = []
    for field in attrs.fields(cls):
        check = _check_for(f"{cls.__name__}.{field.name}", field.name, hints[field.name])
        if check is not None:
            found.append((field.name, check))
    return tuple(found)


def _check_for(where: str, name: str, hint: Any) -> Check | None:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            return None
        check = _check_for(where, name, inner[0])
        return None if check is None else _optional(check)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _check_for(f"{where}[]", name, args[0])
        return _items(where, item)
    if not isinstance(hint, type):
        return None
    bounds = limits()
    if hint is bool:
        return _boolean(where)
    if issubclass(hint, enum.Enum):
        return _member(where, hint)
    if hint is str:
        is_id = name == "id" or name.endswith("_id")
        if name == "command_id":
            return _identifier(where, _text(where, bounds.max_id_chars, "text.max_id_chars"))
        if is_id:
            return _text(where, bounds.max_id_chars, "text.max_id_chars")
        return _text(where, bounds.max_chars, "text.max_chars")
    if hint is int:
        return _count(where, _maximum(bounds, name))
    if hint is Decimal:
        return _amount(where, _maximum(bounds, name))
    if hint is pendulum.Date:
        return _date(where, bounds)
    if hint is datetime:
        return _instance(where, datetime, msg("a timestamp"))
    if attrs.has(hint):
        return _instance(where, hint, msg("a {kind}", kind=hint.__name__))
    return None


def _maximum(bounds: InputLimits, name: str) -> Any:
    attribute = _MAXIMA.get(name)
    return getattr(bounds, attribute) if attribute else None


def _optional(check: Check) -> Check:
    def optional(value: Any) -> Any:
        return None if value is None else check(value)

    return optional


def _items(where: str, item: Check | None) -> Check:
    most = limits().max_items

    def items(value: Any) -> Any:
        if isinstance(value, list):
            value = tuple(value)
        if not isinstance(value, tuple):
            raise _refused(where, msg("a list, not {value}", value=_shown(value)))
        if len(value) > most:
            raise _refused(
                where,
                msg(
                    "{n} items, more than the {most} allowed (text.max_items)",
                    n=len(value),
                    most=most,
                ),
                limit=most,
            )
        if item is None:
            return value
        kept = tuple(item(v) for v in value)
        return value if all(a is b for a, b in zip(kept, value, strict=True)) else kept

    return items


def _boolean(where: str) -> Check:
    def boolean(value: Any) -> Any:
        if not isinstance(value, bool):
            raise _refused(where, msg("true or false, not {value}", value=_shown(value)))
        return value

    return boolean


def _member(where: str, kind: type[enum.Enum]) -> Check:
    values = {m.value: m for m in kind}

    def member(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        exact = not isinstance(value, bool) and type(value) in (int, str)
        if exact and value in values:
            return values[value]
        known = ", ".join(str(v) for v in values)
        raise _refused(
            where,
            msg(
                "unknown {kind} {value}; one of {known}",
                kind=kind.__name__,
                value=_shown(value),
                known=known,
            ),
            known=list(values),
        )

    return member


def _text(where: str, most: int, limit: str) -> Check:
    def text(value: Any) -> Any:
        if not isinstance(value, str):
            raise _refused(where, msg("a text, not {value}", value=_shown(value)))
        if len(value) > most:
            raise _refused(
                where,
                msg(
                    "{n} characters, more than the {most} allowed ({limit})",
                    n=len(value),
                    most=most,
                    limit=limit,
                ),
                limit=most,
            )
        return value

    return text


def _identifier(where: str, text: Check) -> Check:
    """A command id: a text that is not empty (an empty id would make every command with
    it one command); leave it out (None) for a command that is not to be repeated."""

    def identifier(value: Any) -> Any:
        value = text(value)
        if not value.strip():
            raise _refused(
                where, msg("an empty text is not a command id; leave it out or give one")
            )
        return value

    return identifier


def _count(where: str, most: int | None) -> Check:
    def count(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _refused(where, msg("a whole number, not {value}", value=_shown(value)))
        if value < 0:
            raise _refused(where, msg("cannot be negative: {value}", value=value))
        if most is not None and value > most:
            raise _refused(
                where,
                msg(
                    "{value} is beyond the plausible {most} ({source})",
                    value=value,
                    most=most,
                    source=_LIMITS,
                ),
                limit=most,
            )
        return value

    return count


def _amount(where: str, most: Decimal | None) -> Check:
    def amount(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise _refused(where, msg("a decimal, not {value}", value=_shown(value)))
        number = value if isinstance(value, Decimal) else Decimal(value)
        if not number.is_finite():
            raise _refused(where, msg("a finite number, not {value}", value=number))
        if most is not None and not 0 <= number <= most:
            raise _refused(
                where,
                msg(
                    "{value} is outside the plausible 0-{most} ({source})",
                    value=number,
                    most=most,
                    source=_LIMITS,
                ),
                limit=str(most),
            )
        return number

    return amount


def _date(where: str, bounds: InputLimits) -> Check:
    def day(value: Any) -> Any:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise _refused(where, msg("a date (pendulum.Date), not {value}", value=_shown(value)))
        if not bounds.min_year <= value.year <= bounds.max_year:
            raise _refused(
                where,
                msg(
                    "{day} is outside {first}-{last} (dates.min_year, dates.max_year)",
                    day=value.isoformat(),
                    first=bounds.min_year,
                    last=bounds.max_year,
                ),
            )
        if not isinstance(value, pendulum.Date):
            return pendulum.Date(value.year, value.month, value.day)
        return value

    return day


def _instance(where: str, cls: type, what: Message) -> Check:
    def instance(value: Any) -> Any:
        if not isinstance(value, cls):
            raise _refused(where, msg("{what}, not {value}", what=what, value=_shown(value)))
        return value

    return instance


#: Each class's checks by field name, for :func:`field_problem`.
_BY_NAME: dict[type, dict[str, Check]] = {}


def field_problem(cls: type, name: str, value: Any) -> Any:
    """What is wrong with ``value`` as the field ``name`` of ``cls``, in the words the built
    value's check uses, or None when it holds: the bounds as a check of
    :data:`gradingcore.inputs.VALUE_CHECKS`, so that text input (scenario files, the CLI, the
    HTTP API) is refused field by field exactly as a value built in code is."""
    checks = _BY_NAME.get(cls)
    if checks is None:
        checks = _BY_NAME[cls] = dict(_checks(cls)) if attrs.has(cls) else {}
    check = checks.get(name)
    if check is None:
        return None
    try:
        check(value)
    except InvalidInput as error:
        # The field is named by the caller (``record_incident.deaths``): only the problem.
        if isinstance(error.text, Message):
            problem = dict(error.text.params).get("problem")
            if problem is not None:
                return problem
        return error.text
    return None


def to_member(kind: type[enum.Enum], where: str) -> Callable[[Any], Any]:
    """An attrs converter to a member of ``kind`` (by value), InvalidInput naming ``where``."""
    return _member(where, kind)


def check_fact_date(step: str, on: date, recorded: date) -> None:
    """A fact is not dated after the day it is recorded (beyond ``max_future_days_fact``)."""
    if step not in FACT_STEPS:
        return
    most = limits().max_future_days_fact
    ahead = on.toordinal() - recorded.toordinal()  # pendulum's date difference costs more
    if ahead > most:
        raise InvalidInput(
            msg(
                "{step}: a fact dated {on} is {ahead} days after the day it is recorded "
                "({recorded}); facts are recorded after they happen (dates.max_future_days_fact "
                "= {most})",
                step=step,
                on=on,
                ahead=ahead,
                recorded=recorded,
                most=most,
            ),
            facts={"field": "on", "on": str(on), "recorded": str(recorded), "limit": most},
        )


__all__ = ["FACT_STEPS", "Bounded", "check_fact_date", "field_problem", "to_member"]
