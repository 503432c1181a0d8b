"""What a re-judgement finds: one finding per rule outcome, and the report of a whole case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import attrs
import pendulum

from gradingcore import events as ev
from gradingcore.citation import Citation
from gradingcore.errors import GradingError
from gradingcore.i18n import Joined, Locale, Message, current_locale, render
from gradingcore.policy import Policy, PolicyRegistry
from gradingcore.rules import Finding
from gradingcore.values import CaseKey, Enterprise


@attrs.frozen
class AuditFinding:
    """One rule outcome of a re-judged history.

    ``kind`` says what was checked: ``step`` (a recorded decision run again), ``rule`` (one
    rule the step rests on, such as an eligibility condition or the team's independence),
    ``deadline`` (a deadline and the event that met it), ``period`` (a validity or a lockout),
    ``recorded`` (a breach the event recorded itself, such as a late audit), ``policy`` and
    ``calendar`` (what the history was judged under). ``version`` is the event concerned.
    """

    rule_id: str
    holds: bool
    #: Why, rendered in the reader's locale when shown (:meth:`localized`).
    text: str | Message | Joined
    kind: str
    version: int
    on: pendulum.Date | None = None
    citation: Citation | None = None
    #: The rule's summary in English (``summary``) and Chinese (``summary_zh``), ours, from
    #: the policy (empty when the policy is unknown); :meth:`localized_summary` picks one.
    summary: str = ""
    facts: Mapping[str, Any] = attrs.field(factory=dict)
    summary_zh: str = attrs.field(default="", kw_only=True)

    @property
    def breach(self) -> bool:
        return not self.holds

    @property
    def message(self) -> str:
        """The English wording (for data, logs and code that composes it)."""
        return render(self.text, Locale.EN)

    def localized(self, locale: Locale | str | None = None) -> str:
        return render(self.text, locale)

    def localized_summary(self, locale: Locale | str | None = None) -> str:
        """The rule's summary in ``locale`` (default: the configured one), as
        :meth:`Rule.localized_summary <gradingcore.policy.Rule.localized_summary>` gives it:
        the English one where the policy has no Chinese summary."""
        if current_locale(locale) is Locale.ZH and self.summary_zh:
            return self.summary_zh
        return self.summary

    def __str__(self) -> str:
        mark = "ok" if self.holds else "BREACH"
        cited = f" ({self.citation.localized()})" if self.citation else ""
        return f"[{mark}] v{self.version} {self.rule_id}{cited}: {self.localized()}"


@attrs.frozen
class AuditReport:
    """Every finding of one case's re-judgement, in the order of its history."""

    case_id: UUID
    key: CaseKey | None
    enterprise: Enterprise | None
    events: tuple[ev.CaseEvent, ...]
    findings: tuple[AuditFinding, ...]
    calendar_version: str
    as_of: pendulum.Date

    @property
    def breaches(self) -> tuple[AuditFinding, ...]:
        return tuple(f for f in self.findings if f.breach)

    @property
    def ok(self) -> bool:
        return not self.breaches


def policy_of(policies: PolicyRegistry, event: ev.CaseEvent) -> Policy | None:
    """The policy an event names (``id@version``), or None when the registry lacks it."""
    try:
        return policies.get(event.policy.id, event.policy.version)
    except GradingError:
        return None


def cite(policy: Policy | None, rule_id: str) -> tuple[Citation | None, str, str]:
    """A rule's citation and its English and Chinese summaries under ``policy`` (none when it
    is unknown)."""
    if policy is None or rule_id not in policy.rules:
        return None, "", ""
    rule = policy.rules[rule_id]
    return rule.citation, rule.summary, rule.summary_zh


def finding(
    policy: Policy | None,
    rule_id: str,
    holds: bool,
    message: str | Message | Joined,
    kind: str,
    event: ev.CaseEvent,
    **facts: Any,
) -> AuditFinding:
    """A finding about ``event``, cited from ``policy``."""
    citation, summary, summary_zh = cite(policy, rule_id)
    return AuditFinding(
        rule_id,
        holds,
        message,
        kind,
        event.originator_version,
        event.on,
        citation,
        summary,
        facts,
        summary_zh=summary_zh,
    )


def from_rule(
    found: Finding,
    policy: Policy,
    event: ev.CaseEvent,
    holds: bool | None = None,
    kind: str = "rule",
) -> AuditFinding:
    """A rule function's own finding, about ``event`` (``holds`` overrides its verdict)."""
    _, summary, summary_zh = cite(policy, found.rule_id)
    return AuditFinding(
        found.rule_id,
        found.holds if holds is None else holds,
        found.text,
        kind,
        event.originator_version,
        event.on,
        found.citation,
        summary,
        dict(found.facts),
        summary_zh=summary_zh,
    )
