"""Which policy judges a command (decision 0010): chosen once, here, for the service and the
auditor alike."""

from __future__ import annotations

import pendulum

from gradingcore import commands as c
from gradingcore.policy import Level, Policy, PolicyRegistry
from gradingcore.state import CaseState
from gradingcore.values import CaseKey


def selection_level(command: c.Command) -> Level | None:
    """The level a command asks to be judged for, when it starts something new: an
    application, or a self-evaluation (its claimed level). Other commands carry no level."""
    if isinstance(command, c.Apply):
        return Level(command.level)
    if isinstance(command, c.SelfEvaluate):
        return Level(command.claimed_level)
    return None


def governing_policy(
    policies: PolicyRegistry,
    key: CaseKey,
    state: CaseState | None,
    on: pendulum.Date,
    level: Level | None = None,
) -> Policy:
    """The policy of a step on ``on``: a new application's (``level`` given) is selected by
    region, level and date; every later step of an application keeps the policy recorded when
    it was made; a case with no application is judged for the level it holds (else 3)."""
    app = state.application if state else None
    if level is None and app is not None and app.policy is not None:
        return policies.get(app.policy.id, app.policy.version)
    region = state.enterprise.region if state else key.uscc.region
    if level is None:
        grading = state.grading if state else None
        level = grading.level if grading else Level.LEVEL_3
    return policies.select(region, Level(level), on)
