"""The policy seam of the local schemes: rules a scheme's policy holds, judged where the core
judges its own, with no branch of the core's lifecycle. Changzhou's and Qinyang's rule
functions are the modules of this package (``changzhou``, ``qinyang``).

A scheme's rule function is registered for a seam (``apply``: an application's eligibility,
returning findings; ``obligations``: a case's open obligations, returning them) and runs only
when the policy in force holds its rule id, so the same code judges a case in
Changzhou (whose policy holds CZ-8) and in Henan (whose does not) without asking where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gradingcore.rules._judge import Judge

#: A scheme's rule function: what its rule adds at a seam (findings, obligations).
RuleFunction = Callable[..., list[Any]]

#: seam -> [(rule id, function)].
SEAMS: dict[str, list[tuple[str, RuleFunction]]] = {}


def at_seam(seam: str, rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Registers a scheme's rule function for ``seam`` under ``rule_id``."""

    def register(func: RuleFunction) -> RuleFunction:
        SEAMS.setdefault(seam, []).append((rule_id, func))
        return func

    return register


def local_findings(seam: str, judge: Judge, **context: Any) -> list[Any]:
    """What every scheme rule at ``seam`` that the judge's policy holds adds there."""
    # Imported here: the schemes' rule modules import this one (for at_seam) themselves.
    from gradingcore.rules.local import changzhou, erqi, qinyang  # noqa: F401 (they register)

    found: list[Any] = []
    for rule_id, func in SEAMS.get(seam, ()):
        if rule_id in judge.policy.rules:
            found += func(judge, **context)
    return found


__all__ = ["SEAMS", "RuleFunction", "at_seam", "local_findings"]
