"""Value objects of the grading domain: who, which enterprise, which case.

Each is a frozen attrs class that validates on construction, so a bad value is refused at the
edge, before any rule runs or anything is written.
"""

from __future__ import annotations

import enum
import functools
import uuid
from decimal import Decimal

import attrs

from gradingcore.bounds import Bounded, to_member
from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg

# GB 32100-2015 统一社会信用代码: 18 characters from this 31-character set (no I, O, Z, S, V).
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: Namespace of case ids: uuid5(namespace, "USCC/specialty") gives each case a stable id, so a
#: host system needs no lookup table.
CASE_NAMESPACE = uuid.UUID("6f1f8f3e-5b7a-5c0e-9a55-2f3c7d0b9e11")


def uscc_check_character(first_17: str) -> str:
    """The check character (校验码) of GB 32100-2015 for the first 17 characters."""
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(first_17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31]


def _validate_uscc(_: object, __: attrs.Attribute[str], value: str) -> None:
    if len(value) != 18:
        raise InvalidInput(
            msg(
                "USCC {uscc} must have 18 characters, it has {n}",
                uscc=repr(value),
                n=len(value),
            )
        )
    bad = [c for c in value if c not in _USCC_CHARSET]
    if bad:
        raise InvalidInput(
            msg(
                "USCC {uscc} has characters outside GB 32100-2015's set: {bad}",
                uscc=repr(value),
                bad=repr("".join(bad)),
            )
        )
    if not value[2:8].isdigit():
        raise InvalidInput(
            msg("USCC {uscc}: characters 3-8 must be the administrative code", uscc=repr(value))
        )
    expected = uscc_check_character(value[:17])
    if value[17] != expected:
        raise InvalidInput(
            msg(
                "USCC {uscc} has check character {found}, expected {expected} "
                "(GB 32100-2015): mistyped?",
                uscc=repr(value),
                found=repr(value[17]),
                expected=repr(expected),
            ),
            facts={"uscc": value, "expected_check": expected},
        )


def _normalized(value: object) -> str:
    return str(value).strip().upper()


@attrs.frozen
class USCC:
    """统一社会信用代码: the enterprise's unified social credit code (GB 32100-2015)."""

    value: str = attrs.field(converter=_normalized, validator=_validate_uscc)

    @property
    def region(self) -> str:
        """The 6-digit administrative division code (GB/T 2260) of the registering authority."""
        return self.value[2:8]

    def __str__(self) -> str:
        return self.value


def _to_uscc(value: USCC | str) -> USCC:
    return value if isinstance(value, USCC) else USCC(value)


def _stripped(value: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(
            msg("CaseKey.specialty: a text, not {value}", value=repr(value)),
            facts={"field": "specialty"},
        )
    return value.strip()


@attrs.frozen
class CaseKey:
    """The natural key of a grading case: one enterprise (USCC) and one specialty (专业)."""

    uscc: USCC = attrs.field(converter=_to_uscc)
    specialty: str = attrs.field(default="", converter=_stripped)

    @functools.cached_property
    def case_id(self) -> uuid.UUID:
        """The case's aggregate id: uuid5 of ``USCC/specialty``."""
        return uuid.uuid5(CASE_NAMESPACE, f"{self.uscc}/{self.specialty}")

    def __str__(self) -> str:
        return f"{self.uscc}/{self.specialty}" if self.specialty else str(self.uscc)


class Role(enum.StrEnum):
    """Who may act on a case (lifecycle.md, "Actors and what each may do")."""

    ENTERPRISE = "enterprise"
    ORGANIZING_UNIT = "organizing_unit"  # 组织单位
    REVIEW_TEAM = "review_team"  # 现场评审组
    AUTHORITY = "authority"  # 定级部门
    SUPERVISOR = "supervisor"  # 监管部门 (any authority recording facts)
    AUDITOR = "auditor"
    SYSTEM = "system"  # the library itself, e.g. a deemed acceptance


class AuthorityKind(enum.StrEnum):
    """Which grading authority (定级部门): rule ``authority.by_level``."""

    MEM = "MEM"  # 应急管理部
    PROVINCE = "province"  # 省级应急管理部门
    CITY = "city"  # 设区的市级应急管理部门


_to_role = to_member(Role, "Actor.role")
_to_authority = to_member(AuthorityKind, "Actor.authority")


def _role(value: Role | str) -> Role:
    role: Role = _to_role(value)
    return role


def _authority(value: AuthorityKind | str | None) -> AuthorityKind | None:
    kind: AuthorityKind | None = None if value is None else _to_authority(value)
    return kind


@attrs.frozen
class Actor(Bounded):
    """Who did something: an id in the host system, a role, and for an authority which one."""

    id: str
    role: Role = attrs.field(converter=_role)
    authority: AuthorityKind | None = attrs.field(default=None, converter=_authority)

    def __str__(self) -> str:
        kind = f"/{self.authority}" if self.authority else ""
        return f"{self.id} ({self.role}{kind})"


def money(value: object) -> Decimal:
    """Amounts in CNY (元) as exact decimals; a text that is not a number is InvalidInput."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(msg("an amount is a decimal number, not {value}", value=repr(value)))
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:
        raise InvalidInput(
            msg("an amount is a decimal number, not {value}", value=repr(value))
        ) from None


@attrs.frozen
class Enterprise(Bounded):
    """The enterprise a case belongs to, as its application describes it."""

    name: str
    industry: str  # 行业, e.g. 化工, 冶金, 机械 (HN 第二条)
    region: str = ""  # GB/T 2260 code where it operates; defaults to the USCC's region
    above_designated_size: bool = True  # 规模以上
