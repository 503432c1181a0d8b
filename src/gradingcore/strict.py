"""The converter of typed input from outside (JSON of an import file or a request body).

It is the store's converter with no quiet conversion: ``true`` is not a score, ``null`` is not
the text ``"None"``, ``1.5`` is not the count ``1``, a string is not a list of characters, and
``NaN`` or ``Infinity`` are not amounts. Each refusal names the expected type; cattrs adds the
field's place (decision 0029).
"""

from __future__ import annotations

import enum
import math
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

import cattrs

from gradingcore.errors import Unconvertible
from gradingcore.i18n import msg
from gradingcore.serialization import converter as _store_converter


def _str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise Unconvertible(msg("expected a string, got {value}", value=_shown(value)))
    return value


def _int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unconvertible(msg("expected a whole number, got {value}", value=_shown(value)))
    return value


def _bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise Unconvertible(msg("expected true or false, got {value}", value=_shown(value)))
    return value


def _decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise Unconvertible(
            msg("expected a number (or a decimal in a string), got {value}", value=_shown(value))
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise Unconvertible(msg("expected a finite number, got {value}", value=repr(value)))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise Unconvertible(
            msg("expected a decimal number, got {value}", value=repr(value))
        ) from None
    if not number.is_finite():
        raise Unconvertible(msg("expected a finite number, got {value}", value=repr(value)))
    return number


def _int_enum(value: Any, type_: type[enum.IntEnum]) -> enum.IntEnum:
    if isinstance(value, bool) or not isinstance(value, int) or value not in set(type_):
        known = ", ".join(str(m.value) for m in type_)
        raise Unconvertible(
            msg("expected one of {known}, got {value}", known=known, value=_shown(value))
        )
    return type_(value)


def _str_enum(value: Any, type_: type[enum.StrEnum]) -> enum.StrEnum:
    if not isinstance(value, str) or value not in {m.value for m in type_}:
        known = ", ".join(m.value for m in type_)
        raise Unconvertible(
            msg("expected one of {known}, got {value}", known=known, value=_shown(value))
        )
    return type_(value)


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple(type_: Any) -> Any:
    item = typing.get_args(type_)[0]

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise Unconvertible(msg("expected a list, got {value}", value=_shown(value)))
        return tuple(strict.structure(v, item) for v in value)

    return structure


def _shown(value: Any) -> Any:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return msg("the text {text}", text=repr(value))
    return f"{type(value).__name__} {value!r}"


def _make() -> cattrs.Converter:
    c = _store_converter.copy()
    # Class hooks dispatch on the most specific class: the enums' before int's and str's.
    c.register_structure_hook(str, _str)
    c.register_structure_hook(int, _int)
    c.register_structure_hook(bool, _bool)
    c.register_structure_hook(Decimal, _decimal)
    c.register_structure_hook(enum.IntEnum, _int_enum)
    c.register_structure_hook(enum.StrEnum, _str_enum)
    c.register_structure_hook_factory(_is_homogeneous_tuple, _tuple)
    return c


#: Structures outside input into commands and values, refusing every quiet conversion.
strict: cattrs.Converter = _make()

__all__ = ["strict"]
