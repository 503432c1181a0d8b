"""What a case looks like on a date: status, level, validity, obligations, eligibility."""

from __future__ import annotations

import enum

import attrs
import pendulum

from gradingcore.policy import Level
from gradingcore.rules import Finding, Judge, Obligation, application_findings, open_obligations
from gradingcore.state import CaseState, Stage


class Status(enum.StrEnum):
    """A case's status on a date, for registries and reports."""

    NEW = "new"
    IN_PROGRESS = "in_progress"  # an application is open (see the stage)
    GRADED = "graded"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_PASSED = "not_passed"
    REJECTED = "rejected"
    TERMINATED = "terminated"


def status_on(state: CaseState, on: pendulum.Date) -> Status:
    app = state.application
    if app is not None and app.is_open:
        return Status.IN_PROGRESS
    if state.level_on(on) is not None:
        return Status.GRADED
    last = state.grading
    closed = app.closed_on if app is not None else None
    if last is not None and (closed is None or last.announced_on >= closed):
        # The latest level is no longer valid: it was revoked, or it ran out.
        revoked = last.revoked_on is not None and last.revoked_on <= on
        return Status.REVOKED if revoked else Status.EXPIRED
    if app is not None:
        return {
            Stage.NOT_PASSED: Status.NOT_PASSED,
            Stage.REJECTED: Status.REJECTED,
            Stage.TERMINATED: Status.TERMINATED,
        }.get(app.stage, Status.NEW)
    return Status.NEW


@attrs.frozen
class Eligibility:
    """Whether an application for ``level`` on ``on`` would be accepted, with every finding."""

    level: Level
    on: pendulum.Date
    findings: tuple[Finding, ...]

    @property
    def eligible(self) -> bool:
        return all(f.holds for f in self.findings)

    @property
    def unmet(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.holds)


def eligibility(judge: Judge, state: CaseState, level: Level, on: pendulum.Date) -> Eligibility:
    return Eligibility(level, on, tuple(application_findings(judge, state, level, on)))


@attrs.frozen
class CaseView:
    """A case as of a business date (and as known at a recorded time)."""

    state: CaseState
    on: pendulum.Date
    status: Status
    stage: Stage | None
    level: Level | None
    valid_until: pendulum.Date | None
    obligations: tuple[Obligation, ...]


def view(judge: Judge, state: CaseState, on: pendulum.Date) -> CaseView:
    grading = state.level_on(on)
    app = state.application
    return CaseView(
        state=state,
        on=on,
        status=status_on(state, on),
        stage=app.stage if app is not None else None,
        level=grading.level if grading else None,
        valid_until=grading.valid_until if grading else None,
        obligations=tuple(open_obligations(judge, state, on)),
    )
