"""The rule catalogue: every rule id of rules.md, and the names and kinds of the values it holds.

The numbers themselves live only in the policy data files; this module knows which names a
rule's values table must have, so that a policy file with a typo fails when it is loaded rather
than when a deadline is computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeAlias

#: The kind of a value: an integer, a string, a list of integers or of strings, a TOML date
#: (``2024-03-31``), or a day of every year as ``"MM-DD"`` (``"05-31"``).
ValueKind: TypeAlias = Literal["int", "str", "list[int]", "list[str]", "date", "month-day"]

_NO_VALUES: Mapping[str, ValueKind] = MappingProxyType({})

_CATALOGUE: dict[str, Mapping[str, ValueKind]] = {
    # Counting time
    "period.civil_code": _NO_VALUES,
    "period.workdays": _NO_VALUES,
    "calendar.official": _NO_VALUES,
    # Procedure (第七条)
    "selfeval.annual": {"interval_years": "int"},
    "selfeval.workgroup": _NO_VALUES,
    "selfeval.publicity": {"workdays": "int"},
    "selfeval.consultants": _NO_VALUES,
    "apply.self_evaluation": _NO_VALUES,
    "apply.report_to_city": {"levels": "list[int]"},
    "intake.correction": {"workdays": "int"},
    "intake.deemed_acceptance": {"workdays": "int"},
    "intake.audit": {"workdays": "int"},
    "review.confirmation": _NO_VALUES,
    "review.team_size": {"min_experts": "int", "max_experts": "int", "leaders": "int"},
    "review.expertise": _NO_VALUES,
    "review.expert_qualification": {
        "expert_min_years": "int",
        "leader_min_years": "int",
        "expert_min_title": "str",
        "leader_min_title": "str",
        "min_degree": "str",
        "levels": "list[int]",
    },
    "review.independence": {"service_lookback_years": "int", "random_draw_levels": "list[int]"},
    "review.report": _NO_VALUES,
    "review.major_hazard": _NO_VALUES,
    "rectify.deadline": {"workdays": "int"},
    "rectify.extension": {"max_workdays": "int", "max_times": "int"},
    "rectify.late": _NO_VALUES,
    "rectify.verification": {"workdays": "int"},
    "publicity.duration": {"workdays": "int"},
    "publicity.objection": _NO_VALUES,
    "announce.level": {"copied_to": "list[str]"},
    "announce.failure_notice": _NO_VALUES,
    # Eligibility to apply (第八条)
    "commit.licences": _NO_VALUES,
    "commit.safety_org": _NO_VALUES,
    "commit.certified_staff": _NO_VALUES,
    "commit.no_accident_1y": {
        "lookback_years": "int",
        "deaths_at_least": "int",
        "serious_injuries_at_least": "int",
        "direct_loss_at_least_cny": "int",
    },
    "commit.no_social_incident": {"lookback_years": "int"},
    "commit.not_dishonest": _NO_VALUES,
    "lockout.after_failure": {"years": "int"},
    "lockout.after_revocation": {"years": "int"},
    "commit.hazards_fixed": _NO_VALUES,
    "lockout.false_commitment": {"years": "int"},
    # Validity, renewal, revocation
    "validity.term": {"years": "int"},
    "renewal.window": {"months": "int"},
    "renewal.direct": {
        "deaths_at_least": "int",
        "serious_injuries_at_least": "int",
        "direct_loss_at_least_cny": "int",
        "levels": "list[int]",
    },
    "revoke.fatal_accident": _NO_VALUES,
    "revoke.injuries_or_loss_12m": {
        "window_months": "int",
        "serious_injuries_at_least": "int",
        "direct_loss_at_least_cny": "int",
    },
    "revoke.social_incident": _NO_VALUES,
    "revoke.concealment": _NO_VALUES,
    "revoke.dishonesty_list": _NO_VALUES,
    "revoke.fraud": _NO_VALUES,
    "revoke.licence": _NO_VALUES,
    "revoke.hazard_unfixed": _NO_VALUES,
    "revoke.not_operating": _NO_VALUES,
    "revoke.announce": _NO_VALUES,
    # Level 1 (national rules)
    "level1.record": _NO_VALUES,
    "level1.history": {
        "effective_years": "int",
        "no_major_accident_years": "int",
        "no_relatively_large_accident_years": "int",
    },
    "renewal.direct.level1": {
        "serious_injuries_at_least": "int",
        "direct_loss_at_least_cny": "int",
    },
    # Other rules
    "authority.by_level": _NO_VALUES,
    "fees.none": _NO_VALUES,
    "score.range": {"min": "int", "max": "int"},
    "score.level_threshold": _NO_VALUES,  # per-industry thresholds, if any, are cited tables
    # Not in rules.md's table: the order of the steps and who takes them, which the case enforces
    # (docs/decisions/0009-readings-of-the-rules.md).
    "procedure.order": _NO_VALUES,
    "procedure.actor": _NO_VALUES,
    # Not in rules.md's table either: the readings the fidelity review found missing (the
    # industry scope of 第二条, online-only handling of 第十六条, the unit's periodic list of
    # 第七条(四); docs/decisions/0017-scope-online-list.md).
    "scope.industry": {"industries": "list[str]"},
    "procedure.online": {"system": "str"},
    "publicity.list": _NO_VALUES,
}

# The local schemes' rules (schemes-checklists.md), by their checklist ids. Only a scheme's own
# policy holds them; the core's rules above stay the same for every policy.
_SCHEMES: dict[str, Mapping[str, ValueKind]] = {
    # Changzhou, 常州市安全生产达标企业创建方案 (seed 003)
    "CZ-1": {"industries": "list[str]"},
    "CZ-2": {"key_fields_start_by": "date", "non_key_above_size_start_by": "date"},
    "CZ-3": {
        "mobilisation_until": "date",
        "improvement_from": "date",
        "improvement_until": "date",
        "assessment_from": "date",
        "assessment_until": "date",
    },
    "CZ-4": {"five_in_place": "list[str]"},
    "CZ-7": {"qualified_min": "int", "benchmark_min": "int"},
    "CZ-8": {"level_1_min": "int", "level_2_min": "int"},
    "CZ-9": {"pool": "str"},
    # Qinyang, 沁阳市深入推进企业创建安全生产标准化工作实施方案（征求意见稿） (seed 000)
    "QY-2": {"complete_by": "date", "categories": "list[str]"},
    "QY-3": {"from": "date", "complete_by": "date", "categories": "list[str]"},
    "QY-4": {"from": "date", "complete_by": "date", "categories": "list[str]"},
    "QY-5": {"candidates_by": "date", "filed_with": "str"},
    "QY-6": {"out_of_scope_industries": "list[str]"},
    "QY-7": {"levels": "list[int]", "apply_by": "month-day", "done_by": "month-day"},
    "QY-12": {"requested_of": "str"},
    "QY-13": {
        "inspections_per_year": "int",
        "comprehensive_per_year": "int",
        "year_ends": "month-day",
    },
    # Zhengzhou Erqi, 二七安监管[2016]8号 (seed 002)
    "EQ-1": {"graded_enterprises": "int"},
    "EQ-2": {"shares_percent": "list[int]", "by": "list[str]", "at_least_level": "int"},
    "EQ-3": {"due": "str"},
    "EQ-5": {"rows": "list[str]"},
    "EQ-7": _NO_VALUES,
    # Baoding, "安全诚信企业" 创建活动方案 (seed 001)
    "BD-1": {"tracks": "list[str]", "standardized_industries": "list[str]"},
    "BD-2": {"criteria": "list[str]", "certified_staff_percent": "int"},
    "BD-3": {"criteria": "list[str]"},
    "BD-4": {"due": "date", "to": "str"},
    "BD-5": {"due": "date"},
    "BD-6": {"due": "date"},
    "BD-7": {"from": "date", "until": "date"},
    "BD-8": {"from": "date", "until": "date", "fields": "list[str]"},
    "BD-9": {"from": "date"},
    "BD-10": {"from": "date", "until": "date"},
    "BD-11": {"approved_by": "str"},
    "BD-12": {"deaths_at_least": "int"},
    "BD-13": {"accident_grade_at_least": "str"},
}

#: Every rule id of rules.md, in the order of its tables, then the procedure's own two, then the
#: three readings added with decision 0017.
RULE_IDS: tuple[str, ...] = tuple(_CATALOGUE)

#: The local schemes' rule ids: their checklist ids (CZ-8, QY-7, EQ-7, BD-12, ...).
SCHEME_RULE_IDS: tuple[str, ...] = tuple(_SCHEMES)

#: For each rule id, core or scheme, the names of its values and their kinds (the rule code
#: reads these names).
VALUE_KINDS: Mapping[str, Mapping[str, ValueKind]] = MappingProxyType(
    {
        rule_id: MappingProxyType(dict(kinds))
        for rule_id, kinds in (*_CATALOGUE.items(), *_SCHEMES.items())
    }
)

__all__ = ["RULE_IDS", "SCHEME_RULE_IDS", "VALUE_KINDS", "ValueKind"]
