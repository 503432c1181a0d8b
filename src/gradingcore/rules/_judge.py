"""Findings and the judge: what every rule function returns, and what it reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from gradingcore.calendar import WorkdayCalendar
from gradingcore.citation import Citation
from gradingcore.errors import RuleViolation
from gradingcore.i18n import Joined, Locale, Message, joined, msg, render
from gradingcore.policy import Policy
from gradingcore.values import Actor


@attrs.frozen
class Finding:
    """The outcome of one rule: holds or not, why, on which facts, and where it is written."""

    rule_id: str
    holds: bool
    #: Why, rendered in the reader's locale when shown (:meth:`localized`, docs/i18n.md); a
    #: plain string for a text that needs no translation.
    text: str | Message | Joined
    citation: Citation
    facts: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def message(self) -> str:
        """The English wording (for data, logs and code that composes it)."""
        return render(self.text, Locale.EN)

    def localized(self, locale: Locale | str | None = None) -> str:
        return render(self.text, locale)

    def __str__(self) -> str:
        mark = "ok" if self.holds else "BREACH"
        return f"[{mark}] {self.rule_id} ({self.citation.localized()}): {self.localized()}"


def coded(context: str, code: Any) -> Message:
    """A code (a stage, a role) as a message: its label in the catalog's context (``stage``,
    ``role``: the entries gradingcore.labels marks), shown as the code itself in English."""
    return Message(str(getattr(code, "value", code)), context=context)


def actor_message(actor: Actor) -> Message:
    """Who acted, as gradingcore.labels.actor_label shows it (the same catalog entries)."""
    role = coded("role", actor.role)
    if actor.authority is None:
        return msg("{actor} ({role})", actor=actor.id, role=role)
    authority = coded("authority", actor.authority)
    return msg("{actor} ({role}/{authority})", actor=actor.id, role=role, authority=authority)


@attrs.frozen
class Judge:
    """A policy and a calendar for one day of judgement: everything a rule reads besides the
    case itself. Numbers are those the policy has in force on ``on`` (the command's or the
    query's date), also for periods that began earlier."""

    policy: Policy
    calendar: WorkdayCalendar
    on: pendulum.Date

    def value(self, rule_id: str, name: str) -> Any:
        return self.policy.value(rule_id, name, self.on)

    def holds(self, rule_id: str) -> bool:
        """Whether the policy holds ``rule_id`` on the day judged (a national policy lacks the
        rules only a province's text has)."""
        return self.policy.holds(rule_id, self.on)

    def finding(
        self, rule_id: str, holds: bool, message: str | Message | Joined, **facts: Any
    ) -> Finding:
        return Finding(rule_id, holds, message, self.policy.citation(rule_id), facts)

    def refuse(self, message: str | Message | Joined, rule_id: str, **facts: Any) -> RuleViolation:
        """A refusal naming one rule (for single checks such as the order of steps); its text is
        ``message`` once, not repeated as the finding's detail."""
        finding = self.finding(rule_id, False, message, **facts)
        return RuleViolation(
            message,
            rule_ids=[rule_id],
            citations=[finding.citation],
            facts={f"{rule_id}.{k}": v for k, v in facts.items()},
        )


def refusal(message: str | Message | Joined, findings: Iterable[Finding]) -> RuleViolation:
    """A RuleViolation carrying every failed finding's rule id, citation and facts."""
    failed = [f for f in findings if not f.holds]
    facts: dict[str, Any] = {}
    for finding in failed:
        facts.update({f"{finding.rule_id}.{k}": v for k, v in finding.facts.items()})
    details = [f.text for f in failed if f.text and f.text != message]
    return RuleViolation(
        # Translators: a refusal: what was refused, then why (the failed rules' findings).
        msg("{refused}: {why}", refused=message, why=joined(details)) if details else message,
        rule_ids=[f.rule_id for f in failed],
        citations=[f.citation for f in failed],
        facts=facts,
    )


def raise_if_any_fails(
    message: str | Message | Joined, findings: Iterable[Finding]
) -> list[Finding]:
    """Raise a RuleViolation naming every failed finding; return the findings otherwise."""
    findings = list(findings)
    if any(not f.holds for f in findings):
        raise refusal(message, findings)
    return findings
