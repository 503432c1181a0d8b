"""The rules of rules.md as pure functions over (case state, policy, calendar).

Each function returns findings that name their rule id and citation. The same functions serve
the decision (a command is refused when a finding fails) and the later check (an auditor's
re-judgement is the decision run again on the recorded history).
"""

from gradingcore.rules import periods
from gradingcore.rules._judge import Finding, Judge, raise_if_any_fails, refusal
from gradingcore.rules.eligibility import application_findings
from gradingcore.rules.obligations import Obligation, open_obligations
from gradingcore.rules.review import score_in_range, team_findings, verdict_finding
from gradingcore.rules.revocation import direct_renewal_findings, revocation_triggers

__all__ = [
    "Finding",
    "Judge",
    "Obligation",
    "application_findings",
    "direct_renewal_findings",
    "open_obligations",
    "periods",
    "raise_if_any_fails",
    "refusal",
    "revocation_triggers",
    "score_in_range",
    "team_findings",
    "verdict_finding",
]
