"""``gradingcore policies`` and ``gradingcore rules``: the policies shipped and their rules."""

from __future__ import annotations

import datetime
import json
from typing import Any

import click

from gradingcore import Citation, Locale, Policy, PolicyRef, Rule, default_policies, i18n
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._render import day, rule_summary

_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _regions(policy: Policy) -> str:
    return _("whole country") if policy.regions == ("",) else _list(policy.regions)


def _list(items: Any) -> str:
    return ("、" if i18n.current_locale() is Locale.ZH else ", ").join(str(i) for i in items)


def _title(policy: Policy) -> str:
    """The policy's own (Chinese) title; in English our translation beside it."""
    return policy.title_zh if i18n.current_locale() is Locale.ZH else policy.title


def _period(start: Any, until: Any) -> str:
    if until is None:
        return _("{start} to (open-ended)").format(start=day(start))
    return _("{start} to {until}").format(start=day(start), until=day(until))


def _policy_data(policy: Policy) -> dict[str, Any]:
    return {
        "ref": str(policy.ref),
        "id": policy.id,
        "version": policy.version,
        "title_zh": policy.title_zh,
        "title_en": policy.title_en,
        "regions": list(policy.regions),
        "levels": sorted(int(level) for level in policy.levels),
        "effective_from": policy.effective_from.isoformat(),
        "effective_until": policy.effective_until.isoformat() if policy.effective_until else None,
        "zone": policy.zone,
        "calendar": policy.calendar,
        "note": policy.note,
        "status": policy.status,
        "applies_to": policy.applies_to,
        "extends": str(policy.extends) if policy.extends else None,
        "out_of_scope": dict(policy.out_of_scope),
    }


def _citation_data(citation: Citation) -> dict[str, Any]:
    return {
        "cited": str(citation),
        "document": citation.document,
        "article": citation.article,
        "item": citation.item,
        "subject": citation.subject,
        "verified": citation.verified,
        "text_zh": citation.text_zh,
        "note": citation.note,
    }


def _rule_data(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "summary": rule.summary,
        "citation": _citation_data(rule.citation),
        "values": {name: _json_value(v) for name, v in rule.values.items()},
        "thresholds": [
            {
                "industry": t.industry,
                "level": int(t.level),
                "min_score": str(t.min_score),
                "citation": _citation_data(t.citation),
            }
            for t in rule.thresholds
        ],
        "effective_from": rule.effective_from.isoformat(),
        "effective_until": rule.effective_until.isoformat() if rule.effective_until else None,
        "note": rule.note,
    }


def _json_value(value: object) -> object:
    # A scheme's deadline is a date: JSON has none, so it is written as ISO text.
    return value.isoformat() if isinstance(value, datetime.date) else value


def _value_text(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _values_text(rule: Rule) -> str:
    return ", ".join(f"{name}={_value_text(v)}" for name, v in rule.values.items()) or "-"


@cli.command("policies")
@_json_option
@handle_errors
def policies_command(as_json: bool) -> None:
    """List the policies: id@version, title, regions, levels and the period in effect."""
    policies = default_policies().all()
    if as_json:
        _emit([_policy_data(policy) for policy in policies])
        return
    for policy in policies:
        levels = _list(int(level) for level in sorted(policy.levels)) or _("none")
        click.echo(f"{policy.ref}  {_title(policy)}")
        click.echo(
            "    "
            + _("regions: {regions}; levels: {levels}; in effect {period}").format(
                regions=_regions(policy),
                levels=levels,
                period=_period(policy.effective_from, policy.effective_until),
            )
        )
        extra = [_("layered over {ref}").format(ref=policy.extends)] if policy.extends else []
        if policy.status == "draft":
            extra.append(_("a draft: chosen for no case until adopted"))
        if policy.applies_to != "grading":
            extra.append(
                _("applies to `{what}`, not to the grading").format(what=policy.applies_to)
            )
        if extra:
            click.echo("    " + _("; ").join(extra))


@cli.command("rules")
@click.option(
    "--policy",
    "policy_id",
    metavar="ID[@VERSION]",
    help="The policy to list (default: the national one).",
)
@_json_option
@handle_errors
def rules_command(policy_id: str | None, as_json: bool) -> None:
    """List every rule of a policy: its citation (verified or not), its numbers, its summary."""
    registry = default_policies()
    if policy_id is None:
        policy = registry.national()
    elif "@" in policy_id:
        ref = PolicyRef.parse(policy_id)
        policy = registry.get(ref.id, ref.version)
    else:
        policy = registry.get(policy_id)
    if as_json:
        _emit(
            {
                "policy": _policy_data(policy),
                "rules": [_rule_data(r) for r in policy.rules.values()],
            }
        )
        return
    click.echo(f"{policy.ref}  {_title(policy)}")
    verified = sum(rule.citation.verified for rule in policy.rules.values())
    click.echo(
        _(
            "{verified} of {total} citations verified against the text; the others are marked "
            "UNVERIFIED (as recalled, or the article not known)"
        ).format(verified=verified, total=len(policy.rules))
    )
    for rule in policy.rules.values():
        mark = _("verified") if rule.citation.verified else _("UNVERIFIED")
        click.echo(f"{rule.id}  {rule.citation.localized()}  [{mark}]  {_values_text(rule)}")
        click.echo(f"    {rule_summary(rule)}")


__all__ = ["policies_command", "rules_command"]
