"""Policies as cited, dated data: the rules in force per jurisdiction, level and period.

A :class:`Policy` holds every rule id of the rule catalogue with its citation (document, article,
item, Chinese text, verified or not), its numbers and the period it is in effect.
:func:`default_policies` loads the policies shipped with gradingcore (the national rules of 2021
and Henan's rules for levels 2 and 3); :meth:`PolicyRegistry.select` picks the one that governs a
case by region, level and date. See docs/policies.md.
"""

from __future__ import annotations

from gradingcore.levels import Level
from gradingcore.policy._catalogue import RULE_IDS, VALUE_KINDS
from gradingcore.policy._loading import default_policies, load_policy, parse_policy
from gradingcore.policy._model import (
    Authority,
    Policy,
    PolicyRef,
    Rule,
    RuleValue,
    ScoreThreshold,
    SourceDocument,
)
from gradingcore.policy._registry import PolicyRegistry

__all__ = [
    "RULE_IDS",
    "VALUE_KINDS",
    "Authority",
    "Level",
    "Policy",
    "PolicyRef",
    "PolicyRegistry",
    "Rule",
    "RuleValue",
    "ScoreThreshold",
    "SourceDocument",
    "default_policies",
    "load_policy",
    "parse_policy",
]
