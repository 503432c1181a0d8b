"""Policies as data: rules with their citations and numbers, dated, per jurisdiction and level.

A :class:`Policy` is the set of rules in force for some regions and levels over a period. Each
:class:`Rule` carries the rule id of rules.md, where it is written (a :class:`Citation` with the
Chinese text), the numbers the rule code reads, and the period it is in effect. Nothing here
reads a clock: every question that depends on time takes the business date it is asked for.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import attrs
import pendulum

from gradingcore.citation import Citation
from gradingcore.errors import InvalidInput, PolicyError
from gradingcore.i18n import Locale, Message, current_locale, joined, msg, msg_ctx
from gradingcore.levels import Level
from gradingcore.policy._catalogue import VALUE_KINDS

#: A value a rule holds: a number (``workdays = 5``), a name, a list of levels or of names, a
#: date (a local scheme's deadline, ``2024-03-31``).
RuleValue: TypeAlias = int | str | list[int] | list[str] | pendulum.Date

#: Who grades a level: the ministry, a province, or a prefecture-level city.
AuthorityKind: TypeAlias = Literal["MEM", "province", "city"]

#: Whether a policy is in force, or a draft (征求意见稿) chosen only once adopted
#: (:meth:`PolicyRegistry.adopting`) or compared (``gradingcore simulate --compare``).
PolicyStatus: TypeAlias = Literal["in force", "draft"]

#: What a policy judges: the grading itself, or a local campaign beside it with its own records
#: (Baoding's 安全诚信企业 campaign).
GRADING = "grading"


def as_date(on: dt.date) -> pendulum.Date:
    """``on`` as a ``pendulum.Date``; a datetime is refused (business dates are whole days)."""
    if isinstance(on, dt.datetime):
        raise InvalidInput(
            msg(
                "expected a business date, got the datetime {value}: pass its date in the "
                "authority's time zone (Asia/Shanghai)",
                value=on.isoformat(),
            ),
            facts={"value": on.isoformat(), "field": "on"},
        )
    if isinstance(on, pendulum.Date):
        return on
    return pendulum.Date(on.year, on.month, on.day)


def _optional_date(on: dt.date | None) -> pendulum.Date | None:
    return None if on is None else as_date(on)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def matches_kind(value: object, kind: str) -> bool:
    """Whether ``value`` is of the catalogue kind ``kind`` (an empty list is of both list kinds)."""
    if kind == "int":
        return _is_int(value)
    if kind == "str":
        return isinstance(value, str)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "month-day":
        return isinstance(value, str) and month_day(value) is not None
    if kind in ("list[int]", "list[str]") and isinstance(value, list):
        check = _is_int if kind == "list[int]" else (lambda v: isinstance(v, str))
        return all(check(v) for v in value)
    return False


def month_day(text: str) -> tuple[int, int] | None:
    """``"05-31"`` → ``(5, 31)``: a day of every year (``"02-29"`` is refused); else None."""
    month, sep, day = text.partition("-")
    if not (sep and len(month) == 2 and len(day) == 2 and month.isdigit() and day.isdigit()):
        return None
    try:
        dt.date(2023, int(month), int(day))
    except ValueError:
        return None
    return int(month), int(day)


def _frozen_value(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return as_date(value)
    # Lists are copied, so that a caller's list cannot change the rule afterwards.
    return copy.copy(value)


def _freeze_values(values: Mapping[str, RuleValue]) -> Mapping[str, RuleValue]:
    return MappingProxyType({name: _frozen_value(value) for name, value in values.items()})


def _period_text(start: pendulum.Date, until: pendulum.Date | None) -> str:
    return f"{start.isoformat()} to {until.isoformat() if until else '(open-ended)'}"


def _period_message(start: pendulum.Date, until: pendulum.Date | None) -> Message:
    """The period in effect for people: dates in the reader's form."""
    if until is None:
        return msg("{start} to (open-ended)", start=start)
    return msg("{start} to {until}", start=start, until=until)


def _in_period(on: pendulum.Date, start: pendulum.Date, until: pendulum.Date | None) -> bool:
    return start <= on and (until is None or on <= until)


@attrs.frozen
class PolicyRef:
    """The identity of one version of a policy, recorded with every decision: ``id@version``."""

    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.id}@{self.version}"

    @classmethod
    def parse(cls, text: str) -> PolicyRef:
        """``"cn.henan.2023@1"`` → ``PolicyRef("cn.henan.2023", "1")``."""
        policy_id, sep, version = text.partition("@")
        if not (policy_id and sep and version):
            raise InvalidInput(
                msg(
                    "not a policy reference: {value} (expected id@version, e.g. cn.henan.2023@1)",
                    value=repr(text),
                ),
                facts={"value": text, "field": "policy"},
            )
        return cls(policy_id, version)


@attrs.frozen
class Authority:
    """The grading authority (定级部门) of a level: ``kind`` is ``MEM``, ``province`` or ``city``.

    ``name_zh`` and ``name_en`` name it as the policy's document does (for a national policy, the
    kind of department, e.g. 省级应急管理部门).
    """

    kind: AuthorityKind
    name_zh: str
    name_en: str


@attrs.frozen
class SourceDocument:
    """A document a policy cites, by its short code (``HN``, ``MEM``, ``CC``, ``GOV``).

    ``verified`` is false where the text could not be read: its citations are as recalled.
    """

    code: str
    title: str
    number: str = ""
    verified: bool = True
    note: str = ""


@attrs.frozen
class ScoreThreshold:
    """The review score that meets ``level`` in ``industry`` (所属行业), from that industry's
    grading standard (行业定级标准), which ``citation`` names: what ``score.level_threshold``
    checks the review team's verdict against (docs/decisions/0013-review-verdict.md)."""

    industry: str
    level: Level = attrs.field(converter=Level)
    min_score: Decimal
    citation: Citation


def _thresholds(thresholds: Iterable[ScoreThreshold]) -> tuple[ScoreThreshold, ...]:
    return tuple(thresholds)


@attrs.frozen
class Rule:
    """One rule of rules.md as a policy holds it: citation, numbers and period in effect.

    ``values`` maps the names the rule code reads to the numbers (an empty mapping for a rule
    without numbers). ``effective_until`` is the last day in effect, or None if open-ended.
    ``summary`` is our English summary of the rule, ``summary_zh`` the same in Chinese (ours
    too: the verbatim source is the citation's ``text_zh``); :meth:`localized_summary` picks
    the reader's.
    """

    id: str
    summary: str
    citation: Citation
    values: Mapping[str, RuleValue] = attrs.field(converter=_freeze_values, hash=False)
    effective_from: pendulum.Date = attrs.field(converter=as_date)
    effective_until: pendulum.Date | None = attrs.field(default=None, converter=_optional_date)
    note: str = ""
    thresholds: tuple[ScoreThreshold, ...] = attrs.field(default=(), converter=_thresholds)
    summary_zh: str = ""

    def localized_summary(self, locale: Locale | str | None = None) -> str:
        """The summary in ``locale`` (default: the configured one); the English one where a
        policy written by a host gives no Chinese."""
        if current_locale(locale) is Locale.ZH and self.summary_zh:
            return self.summary_zh
        return self.summary

    def threshold(self, industry: str, level: Level) -> ScoreThreshold | None:
        """The score threshold for ``industry`` at ``level``, if the rule holds one."""
        for threshold in self.thresholds:
            if threshold.industry == industry and threshold.level == level:
                return threshold
        return None

    def __attrs_post_init__(self) -> None:
        kinds = VALUE_KINDS.get(self.id)
        if kinds is None:
            raise PolicyError(
                msg(
                    "unknown rule id {rule}: not in the rule catalogue (rules.md)",
                    rule=repr(self.id),
                ),
                facts={"field": "id"},
            )
        problems = [
            msg("missing value {name}", name=repr(name))
            for name in kinds
            if name not in self.values
        ]
        problems += [
            msg("unknown value {name}", name=repr(name))
            for name in self.values
            if name not in kinds
        ]
        problems += [
            msg(
                "value {name} must be {kind}, got {value}",
                name=repr(name),
                kind=kinds[name],
                value=repr(value),
            )
            for name, value in self.values.items()
            if name in kinds and not matches_kind(value, kinds[name])
        ]
        if self.effective_until is not None and self.effective_until < self.effective_from:
            problems.append(msg("effective_until is before effective_from"))
        if problems:
            raise PolicyError(
                msg("rule {rule}: {problems}", rule=self.id, problems=joined(problems)),
                rule_ids=(self.id,),
            )

    def in_effect(self, on: dt.date) -> bool:
        """Whether the rule is in effect on the business date ``on`` (both ends included)."""
        return _in_period(as_date(on), self.effective_from, self.effective_until)

    @property
    def period(self) -> str:
        """The period in effect, as text: ``2021-11-01 to (open-ended)``."""
        return _period_text(self.effective_from, self.effective_until)


def _freeze_mapping(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


def _level_mapping(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType({Level(k): v for k, v in mapping.items()})


def _regions(regions: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(regions) or ("",)


def _levels(levels: frozenset[Level] | set[int] | list[int]) -> frozenset[Level]:
    return frozenset(Level(level) for level in levels)


@attrs.frozen(kw_only=True)
class Policy:
    """The rules in force for some regions and levels over a period, each cited and dated.

    ``regions`` are GB/T 2260 code prefixes (``("",)`` for the whole country, ``("41",)`` for
    Henan); ``effective_until`` is the last day in effect, or None if open-ended. ``zone`` is the
    authority's time zone for business dates and ``calendar`` the working-day calendar it counts
    on. A recorded decision names the policy by :attr:`ref` and replays under that version.
    """

    id: str
    version: str
    title_zh: str
    title_en: str
    documents: Mapping[str, SourceDocument] = attrs.field(converter=_freeze_mapping, hash=False)
    regions: tuple[str, ...] = attrs.field(converter=_regions)
    levels: frozenset[Level] = attrs.field(converter=_levels)
    effective_from: pendulum.Date = attrs.field(converter=as_date)
    effective_until: pendulum.Date | None = attrs.field(default=None, converter=_optional_date)
    zone: str = "Asia/Shanghai"
    calendar: str = "cn-official"
    authorities: Mapping[Level, Authority] = attrs.field(converter=_level_mapping, hash=False)
    organizing_units: Mapping[Level, str] = attrs.field(converter=_level_mapping, hash=False)
    rules: Mapping[str, Rule] = attrs.field(converter=_freeze_mapping, hash=False)
    note: str = ""
    #: The policy this one is layered over (a local scheme over its province's or the nation's
    #: rules): it holds the base's rules, documents and authorities, and its own on top.
    extends: PolicyRef | None = None
    status: PolicyStatus = "in force"
    applies_to: str = GRADING
    #: Checklist items of the scheme's document that no rule implements, each with the reason
    #: (a datum a library cannot observe, such as a broadcast on television).
    out_of_scope: Mapping[str, str] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Message] = []
        if self.status not in ("in force", "draft"):
            problems.append(
                msg("status {status} is neither 'in force' nor 'draft'", status=repr(self.status))
            )
        for region in self.regions:
            if not (region == "" or (region.isdigit() and len(region) in (2, 4, 6))):
                problems.append(
                    msg(
                        "region {region} is not a GB/T 2260 prefix (2, 4 or 6 digits)",
                        region=repr(region),
                    )
                )
        if not self.levels and self.applies_to == GRADING:
            problems.append(msg("no levels"))
        for level in sorted(self.levels):
            if level not in self.authorities:
                problems.append(msg("no authority for {level}", level=level))
            if level not in self.organizing_units:
                problems.append(msg("no organizing unit for {level}", level=level))
        if self.effective_until is not None and self.effective_until < self.effective_from:
            problems.append(msg("effective_until is before effective_from"))
        for key, rule in self.rules.items():
            if key != rule.id:
                problems.append(
                    msg("rule {rule} filed under {key}", rule=repr(rule.id), key=repr(key))
                )
            if rule.citation.document not in self.documents:
                problems.append(
                    msg(
                        "rule {rule} cites unknown document {document}",
                        rule=rule.id,
                        document=repr(rule.citation.document),
                    )
                )
        if problems:
            raise PolicyError(
                msg("policy {policy}: {problems}", policy=str(self.ref), problems=joined(problems))
            )

    @functools.cached_property
    def ref(self) -> PolicyRef:
        """``PolicyRef(id, version)``, recorded with every decision taken under this policy."""
        return PolicyRef(self.id, self.version)

    @property
    def title(self) -> str:
        """The Chinese title followed by the English one."""
        return f"{self.title_zh} ({self.title_en})"

    @property
    def period(self) -> str:
        """The period in effect, as text: ``2021-11-01 to (open-ended)``."""
        return _period_text(self.effective_from, self.effective_until)

    def in_effect(self, on: dt.date) -> bool:
        """Whether the policy is in effect on the business date ``on`` (both ends included)."""
        return _in_period(as_date(on), self.effective_from, self.effective_until)

    def region_match(self, region: str) -> int | None:
        """The length of the longest of :attr:`regions` that ``region`` starts with, or None."""
        lengths = [len(prefix) for prefix in self.regions if region.startswith(prefix)]
        return max(lengths) if lengths else None

    def rule(self, rule_id: str, on: dt.date | None = None) -> Rule:
        """The rule ``rule_id``; with ``on``, only if the policy and the rule are in effect then.

        Raises PolicyError for a rule id the policy does not hold, or a date outside the period.
        """
        rule = self.rules.get(rule_id)
        if rule is None:
            raise PolicyError(
                msg("policy {policy} has no rule {rule}", policy=str(self.ref), rule=repr(rule_id)),
                facts={"policy": str(self.ref), "rule_id": rule_id},
            )
        if on is None:
            return rule
        day = as_date(on)
        if not self.in_effect(day):
            raise PolicyError(
                msg(
                    "policy {policy} is not in effect on {day} (in effect {period}); rule {rule} "
                    "cannot be applied on that date",
                    policy=str(self.ref),
                    day=day,
                    period=_period_message(self.effective_from, self.effective_until),
                    rule=rule_id,
                ),
                rule_ids=(rule_id,),
                citations=(rule.citation,),
                facts={"policy": str(self.ref), "on": day.isoformat(), "period": self.period},
            )
        if not rule.in_effect(day):
            raise PolicyError(
                msg(
                    "rule {rule} of policy {policy} is not in effect on {day} (in effect {period})",
                    rule=rule_id,
                    policy=str(self.ref),
                    day=day,
                    period=_period_message(rule.effective_from, rule.effective_until),
                ),
                rule_ids=(rule_id,),
                citations=(rule.citation,),
                facts={"policy": str(self.ref), "on": day.isoformat(), "period": rule.period},
            )
        return rule

    def value(self, rule_id: str, name: str, on: dt.date) -> Any:
        """The value ``name`` of rule ``rule_id`` in effect on ``on`` (a copy, for a list).

        Raises PolicyError naming the rule id and the value name if the rule holds no such value,
        and as :meth:`rule` for an unknown rule or a date outside its period.
        """
        rule = self.rule(rule_id, on)
        if name not in rule.values:
            held = ", ".join(rule.values) or msg_ctx("values", "none")
            raise PolicyError(
                msg(
                    "rule {rule} of policy {policy} has no value {name} (it holds: {held})",
                    rule=rule_id,
                    policy=str(self.ref),
                    name=repr(name),
                    held=held,
                ),
                rule_ids=(rule_id,),
                citations=(rule.citation,),
                facts={"policy": str(self.ref), "rule_id": rule_id, "name": name},
            )
        value = rule.values[name]
        return list(value) if isinstance(value, list) else value

    def holds(self, rule_id: str, on: dt.date | None = None) -> bool:
        """Whether the policy holds rule ``rule_id`` (in effect on ``on``, when given).

        A policy holds only the rules its text has: the national policy has no report to the city,
        for instance (docs/decisions/0012-national-policy-national-text.md).
        """
        rule = self.rules.get(rule_id)
        if rule is None:
            return False
        return on is None or (self.in_effect(on) and rule.in_effect(on))

    def citation(self, rule_id: str) -> Citation:
        """Where rule ``rule_id`` is written: document, article, item and the Chinese text."""
        return self.rule(rule_id).citation


__all__ = [
    "GRADING",
    "Authority",
    "AuthorityKind",
    "Policy",
    "PolicyRef",
    "PolicyStatus",
    "Rule",
    "RuleValue",
    "ScoreThreshold",
    "SourceDocument",
    "as_date",
    "matches_kind",
    "month_day",
]
