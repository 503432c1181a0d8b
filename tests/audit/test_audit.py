"""The auditor's re-judgement: recorded histories decided again under their policy and calendar."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pendulum
import pytest

from gradingcore import AuditReport, GradingService, ManualClock, check, check_history
from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.audit import command_arguments, command_for
from gradingcore.commands import COMMANDS
from gradingcore.decisions import ANSWERS, HANDLERS
from gradingcore.facts import Nonconformity
from gradingcore.serialization import to_state
from tests.case.harness import ENTERPRISE, PROVINCE, TEAM, UNIT, Case, D, team


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock("2024-01-02")


@pytest.fixture
def service(clock: ManualClock) -> Iterator[GradingService]:
    svc = GradingService("memory", clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def life(service: GradingService, clock: ManualClock) -> Case:
    return Case(service, clock)


def rejudge(life: Case, events: list[ev.CaseEvent], as_of: str | None = None) -> AuditReport:
    return check_history(
        events,
        policies=life.service.policies,
        calendar=life.service.calendar,
        as_of=D(as_of) if as_of else None,
    )


def breaches(report: AuditReport) -> set[str]:
    return {f.rule_id for f in report.breaches}


def replace(
    events: list[ev.CaseEvent], kind: type[ev.CaseEvent], **changes: object
) -> list[ev.CaseEvent]:
    """The history with the first event of ``kind`` changed behind the rules' back."""
    i = next(n for n, e in enumerate(events) if isinstance(e, kind))
    return [*events[:i], attrs.evolve(events[i], **changes), *events[i + 1 :]]


class TestCommandMapping:
    def test_every_event_type_has_a_step(self) -> None:
        """Every event type is answered by a command with a handler (or opens the case)."""
        assert set(ANSWERS) == set(ev.EVENT_TYPES)
        assert set(HANDLERS) | {c.OpenCase} == set(COMMANDS.values())

    def test_commands_from_a_history_record_it_again(self, life: Case, clock: ManualClock) -> None:
        """The commands rebuilt from a graded history, run on a fresh store, record the same
        payloads, deadlines and rules."""
        life.graded(2024)
        history = life.service.history(life.key)
        fresh = GradingService("memory", clock=clock)
        for e in history[1:]:
            clock.set(e.on)
            fresh.execute(command_for(e, life.key, enterprise=life.enterprise))
        again = fresh.history(life.key)
        drop = {"timestamp", "digest", "previous_hash"}
        assert [{k: v for k, v in to_state(e).items() if k not in drop} for e in again] == [
            {k: v for k, v in to_state(e).items() if k not in drop} for e in history
        ]

    def test_derived_fields_are_not_arguments(self, life: Case) -> None:
        """Fields a step derives (a publicity's end, a deadline) are left to the re-run; the
        team's verdict and the receipt date are the report's own and are re-given."""
        life.through_review(2024)
        reviewed = next(e for e in life.service.history(life.key) if isinstance(e, ev.Reviewed))
        assert set(command_arguments(reviewed)) == {
            "score",
            "nonconformities",
            "major_hazard_found",
            "level_met",
            "received_on",
        }


class TestRejudgedSteps:
    def test_a_lawful_history_holds(self, life: Case) -> None:
        """A graded case re-judges without a breach, each step and rule with its citation."""
        life.graded(2024)
        report = check(life.service, life.key, as_of=D("2024-05-01"))
        assert report.ok, [str(f) for f in report.breaches]
        rules = {f.rule_id for f in report.findings}
        assert {
            "apply.self_evaluation",
            "lockout.after_failure",
            "review.team_size",
            "review.independence",
            "score.level_threshold",
            "publicity.duration",
            "validity.term",
        } <= rules
        assert all(f.citation is not None for f in report.findings)

    def test_an_application_before_the_internal_publicity_ended_is_a_breach(
        self, life: Case
    ) -> None:
        """An Applied event moved to the last day of the internal publicity is refused again,
        naming apply.self_evaluation with its citation."""
        life.through_review(2024)
        history = life.service.history(life.key)
        evaluated = next(e for e in history if isinstance(e, ev.SelfEvaluated))
        edge = replace(history, ev.Applied, on=evaluated.publicity_complete_on)
        report = rejudge(life, edge)
        found = [f for f in report.breaches if f.rule_id == "apply.self_evaluation"]
        assert found
        assert found[0].version == 3
        assert found[0].citation is not None
        assert found[0].citation.text_zh
        day_after = replace(history, ev.Applied, on=evaluated.publicity_complete_on.add(days=1))
        assert "apply.self_evaluation" not in breaches(rejudge(life, day_after))

    def test_a_two_expert_team_is_a_breach(self, life: Case) -> None:
        """A team of two, recorded behind the rules' back, breaches review.team_size."""
        life.through_review(2024)
        history = replace(life.service.history(life.key), ev.ReviewTeamFormed, experts=team(2))
        assert "review.team_size" in breaches(rejudge(life, history))

    def test_a_consulting_expert_breaches_independence(self, life: Case) -> None:
        """An expert who consulted for the enterprise breaches review.independence."""
        life.through_review(2024)
        experts = (attrs.evolve(team()[0], consulted_enterprise=True), *team()[1:])
        history = replace(life.service.history(life.key), ev.ReviewTeamFormed, experts=experts)
        assert "review.independence" in breaches(rejudge(life, history))

    def test_a_wrong_verdict_differs_from_the_rejudgement(self, life: Case) -> None:
        """A review recorded as level met with a failed veto item is a breach of
        score.level_threshold (the verdict contradicts the report)."""
        life.through_review(2024)
        veto = (Nonconformity("V1", "5.3", "否决项不合格", veto=True),)
        history = replace(life.service.history(life.key), ev.Reviewed, nonconformities=veto)
        report = rejudge(life, history)
        assert "score.level_threshold" in breaches(report)

    def test_an_unknown_policy_is_a_finding(self, life: Case) -> None:
        """An event naming a policy the service does not know is reported, not a crash."""
        life.through_review(2024)
        history = life.service.history(life.key)
        unknown = attrs.evolve(history[1].policy, version="99")
        report = rejudge(life, replace(history, ev.SelfEvaluated, policy=unknown))
        assert "policy.unknown" in breaches(report)

    def test_another_calendar_version_is_said(self, life: Case) -> None:
        """Events recorded under another calendar version are re-judged under this one, and said."""
        life.through_review(2024)
        history = replace(life.service.history(life.key), ev.Applied, calendar_version="old-1")
        report = rejudge(life, history)
        notes = [f for f in report.findings if f.kind == "calendar"]
        assert notes
        assert notes[0].holds
        assert notes[0].facts["recorded"] == "old-1"
        assert report.ok

    def test_an_application_in_a_lockout_is_a_breach(self, life: Case) -> None:
        """An application inside the year after a failure notice breaches the lockout; the day
        after it ends, it does not."""
        d = life.through_review(2024)
        due = life.wd(d["reviewed"], 20)
        life.run(c.NotifyFailure, str(due.add(days=1)), PROVINCE, reasons=("未按期整改",))
        history = life.service.history(life.key)
        failed = history[-1]
        lock_end = failed.deadlines[0].due
        evaluated = replace(history, ev.SelfEvaluated)  # unchanged copy
        base = history[1]
        assert isinstance(base, ev.SelfEvaluated)
        applied = history[2]
        assert isinstance(applied, ev.Applied)

        def again(on: pendulum.Date) -> list[ev.CaseEvent]:
            n = len(evaluated)
            se = attrs.evolve(
                base,
                originator_version=n + 1,
                on=on.subtract(days=30),
                publicity_from=on.subtract(days=30),
                publicity_complete_on=on.subtract(days=20),
                previous_hash="",
            )
            ap = attrs.evolve(
                applied,
                originator_version=n + 2,
                on=on,
                self_evaluation=n + 1,
                deadlines=(),
                previous_hash="",
            )
            return [*evaluated, se, ap]

        inside = rejudge(life, again(lock_end))
        assert "lockout.after_failure" in breaches(inside)
        after = rejudge(life, again(lock_end.add(days=1)))
        assert "lockout.after_failure" not in breaches(after)


class TestDeadlines:
    def test_forwarded_on_the_last_day_is_met(self, life: Case) -> None:
        """An audit forwarded on the last day of intake.audit meets the deadline."""
        life.self_evaluate("2024-03-01")
        life.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        life.run(c.Accept, "2024-03-19", UNIT)
        due = life.wd(D("2024-03-19"), 10)
        life.run(c.Forward, str(due), UNIT)
        found = [
            f
            for f in check(life.service, life.key).findings
            if f.kind == "deadline" and f.rule_id == "intake.audit"
        ]
        assert found[0].holds
        assert found[0].facts["due"] == due

    def test_forwarded_a_working_day_late_is_missed(self, life: Case) -> None:
        """An audit forwarded the working day after the deadline is one breach (the missed
        deadline the event recorded, decision 0024); the check fails."""
        life.self_evaluate("2024-03-01")
        life.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        life.run(c.Accept, "2024-03-19", UNIT)
        late = life.wd(D("2024-03-19"), 11)
        life.run(c.Forward, str(late), UNIT)
        report = check(life.service, life.key)
        kinds = [(f.kind, f.rule_id) for f in report.breaches]
        assert kinds == [("deadline", "intake.audit")]
        assert not report.ok

    def test_open_rectification_on_its_last_day_holds(self, life: Case) -> None:
        """Rectification still open on its due date is open, not missed."""
        d = life.through_review(2024)
        due = life.wd(d["reviewed"], 20)
        report = check(life.service, life.key, as_of=due)
        found = [f for f in report.findings if f.rule_id == "rectify.deadline"]
        assert found[0].holds
        assert "open" in found[0].message

    def test_open_rectification_the_day_after_is_missed(self, life: Case) -> None:
        """Rectification still open the day after its due date is missed."""
        d = life.through_review(2024)
        due = life.wd(d["reviewed"], 20)
        report = check(life.service, life.key, as_of=due.add(days=1))
        assert "rectify.deadline" in breaches(report)

    def test_late_rectification_is_missed_even_when_failure_follows(self, life: Case) -> None:
        """A failure notified for late rectification reports the missed deadline."""
        d = life.through_review(2024)
        due = life.wd(d["reviewed"], 20)
        life.run(c.NotifyFailure, str(due.add(days=1)), PROVINCE, reasons=("未按期整改",))
        report = check(life.service, life.key)
        found = [f for f in report.breaches if f.rule_id == "rectify.deadline"]
        assert found
        assert "rectify.late" in found[0].message

    def test_deemed_acceptance_is_not_a_breach(self, life: Case) -> None:
        """No correction notice within the period: deemed accepted, which the rules allow."""
        life.self_evaluate("2024-03-01")
        life.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        forwarded = life.wd(D("2024-03-18"), 6)
        life.run(c.Forward, str(forwarded), UNIT)
        report = check(life.service, life.key)
        assert report.ok, [str(f) for f in report.breaches]
        correction = [
            f for f in report.findings if f.rule_id == "intake.correction" and f.kind == "deadline"
        ]
        assert "deemed" in correction[0].message

    def test_verification_on_time_and_late(self, life: Case) -> None:
        """rectify.verification: verified on the last day holds; a day later is a breach."""
        d = life.through_review(2024)
        fixed = life.wd(d["reviewed"], 5)
        life.run(c.FixNonconformity, str(fixed), ENTERPRISE, nonconformity_id="N1")
        life.run(c.ReportRectification, str(fixed), ENTERPRISE)
        history = life.service.history(life.key)
        due = history[-1].deadlines[0].due
        life.run(c.VerifyRectification, str(life.wd(due, 1)), TEAM, passed=True)
        late = check(life.service, life.key)
        assert "rectify.verification" in breaches(late)
        on_time = replace(
            life.service.history(life.key), ev.RectificationVerified, on=due, breaches=()
        )
        assert "rectify.verification" not in breaches(rejudge(life, on_time))
