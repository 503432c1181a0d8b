"""``GradingService.execute_many``: what ``execute`` does, command by command, saved together."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.clock import ManualClock
from gradingcore.errors import CaseNotFound, GradingError, RuleViolation
from gradingcore.facts import WorkGroup
from gradingcore.service import GradingService, Outcome
from gradingcore.simulation import simulate, simulation_service
from gradingcore.state import fold
from gradingcore.values import CaseKey, Enterprise
from tests.case.harness import ENTERPRISE, SUPERVISOR, uscc

DAY = pendulum.Date(2024, 3, 1)


def _key(serial: int) -> CaseKey:
    return CaseKey(uscc(serial), "机械")


def _evaluate(serial: int, *, command_id: str | None = None, leader: bool = True) -> c.Command:
    return c.SelfEvaluate(
        case=_key(serial),
        actor=ENTERPRISE,
        on=DAY,
        enterprise=Enterprise(f"企业{serial}", "机械"),
        command_id=command_id,
        score=Decimal(80),
        claimed_level=3,
        workgroup=WorkGroup("张三", leader, 2),
    )


def _apply(serial: int) -> c.Command:
    return c.Apply(case=_key(serial), actor=ENTERPRISE, on=DAY, level=3)


def _penalty(serial: int) -> c.Command:
    return c.RecordPenalty(
        case=_key(serial),
        actor=SUPERVISOR,
        on=DAY,
        enterprise=Enterprise(f"企业{serial}", "机械"),
        penalty_id=f"P{serial}",
    )


class TestExecuteMany:
    def test_each_as_execute_would(self) -> None:
        """Three cases, two commands on one of them: every event as separate executes record."""
        batch = [_evaluate(1), _evaluate(2), _penalty(1), _evaluate(3)]
        together = GradingService("memory", clock=ManualClock(DAY))
        apart = GradingService("memory", clock=ManualClock(DAY))
        results = together.execute_many(batch)
        expected = [apart.execute(command) for command in batch]
        assert results == expected
        assert [r.version for r in results if isinstance(r, Outcome)] == [2, 2, 3, 2]
        for serial in (1, 2, 3):
            assert together.history(_key(serial)) == apart.history(_key(serial))

    def test_a_refusal_takes_its_place(self) -> None:
        """A refused command's error is its result; it writes nothing, the others are saved."""
        service = GradingService("memory", clock=ManualClock(DAY))
        results = service.execute_many([_evaluate(1), _evaluate(2, leader=False), _evaluate(3)])
        assert isinstance(results[1], GradingError)
        assert "selfeval.workgroup" in results[1].rule_ids
        assert isinstance(results[0], Outcome)
        assert isinstance(results[2], Outcome)
        assert sorted(service.case_ids()) == sorted([_key(1).case_id, _key(3).case_id])

    def test_a_returned_refusal_holds_no_frames(self) -> None:
        """A refusal handed back as a result carries no traceback: its frames would hold the
        list of results (a reference cycle per refusal, freed only by the collector)."""
        service = GradingService("memory", clock=ManualClock(DAY))
        results = service.execute_many([_evaluate(2, leader=False)])
        assert isinstance(results[0], GradingError)
        assert results[0].__traceback__ is None
        assert results[0].rule_ids

    def test_repeated_command_ids(self) -> None:
        """A command id already recorded returns its outcome again, recording nothing."""
        service = GradingService("memory", clock=ManualClock(DAY))
        first = service.execute_many([_evaluate(1, command_id="x")])
        again = service.execute_many([_evaluate(1, command_id="x")])
        assert isinstance(again[0], Outcome)
        assert again[0].repeated
        assert again[0].events == first[0].events  # type: ignore[union-attr]
        assert len(service.history(_key(1))) == 2

    def test_empty(self) -> None:
        """Nothing to do, nothing done."""
        assert GradingService("memory").execute_many([]) == []

    def test_write_conflict_falls_back_to_one_by_one(self, tmp_path: Path) -> None:
        """Another writer changed a case behind a cache that does not fast-forward: the save
        conflicts, the stale case is forgotten, and the command is decided again on the stored
        history."""
        path = str(tmp_path / "cases.db")
        cached = simulation_service(path, start=DAY)
        other = GradingService(path, clock=ManualClock(DAY))
        cached.execute(_evaluate(1))
        other.execute(_penalty(1))  # the cached copy of case 1 is now one event behind
        results = cached.execute_many([_penalty(2), _evaluate(1)])
        assert all(isinstance(r, Outcome) for r in results)
        names = [e.name for e in GradingService(path).history(_key(1))]
        assert names == ["CaseOpened", "SelfEvaluated", "PenaltyRecorded", "SelfEvaluated"]
        assert cached.verify(_key(1)) == []


class TestOutcomeState:
    """Decision 0065: the state an outcome carries, and the one the service caches, is the fold
    of the stored history (the draft's own fold, not a second one)."""

    def test_outcomes_carry_the_fold_of_the_history(self) -> None:
        service = GradingService("memory", clock=ManualClock(DAY))
        for result in service.execute_many([_evaluate(1), _evaluate(2), _penalty(1)]):
            assert isinstance(result, Outcome)
            history = service.history(result.case_id)[: result.version]
            assert result.state == fold(history)  # the case as this command left it
        one = service.execute(_penalty(2))
        assert one.state == fold(service.history(one.case_id))

    def test_a_province_caches_the_fold_of_every_history(self) -> None:
        service = simulation_service("memory")
        summary = simulate(service, enterprises=60, years=2, seed=11)
        assert summary.events > 300
        for case_id in service.case_ids():
            assert service.state(case_id) == fold(service.history(case_id))

    def test_a_repeat_carries_no_state(self) -> None:
        service = GradingService("memory", clock=ManualClock(DAY))
        first = service.execute(_evaluate(1, command_id="x-1"))
        again = service.execute(_evaluate(1, command_id="x-1"))
        assert again.repeated
        assert again.state is None
        assert again == attrs.evolve(first, repeated=True)


class TestGuessedAbsence:
    """On a store that was empty, a case the service has not cached is taken as not stored
    (decision 0097); another writer that proves the guess wrong costs a retry, never a wrong
    outcome."""

    def test_a_case_another_writer_opened_is_decided_on_the_stored_case(
        self, tmp_path: Path
    ) -> None:
        path = str(tmp_path / "two.db")
        ours = GradingService(path, clock=ManualClock(DAY))
        theirs = GradingService(path, clock=ManualClock(DAY))
        ours.execute(_evaluate(1))  # the store was empty: from now on ours guesses
        assert ours._guess_absent is True
        first = theirs.execute(_evaluate(2, command_id="same"))
        again = ours.execute_many([_evaluate(2, command_id="same"), _penalty(3)])
        assert again[0] == attrs.evolve(first, repeated=True, state=again[0].state)
        assert ours._guess_absent is False  # proved wrong once: it reads from now on
        assert ours.state(_key(2)).version == first.version
        assert isinstance(again[1], Outcome)
        assert again[1].version == 2

    def test_a_refusal_on_a_guess_another_writer_disproved_is_decided_on_the_stored_case(
        self, tmp_path: Path
    ) -> None:
        """Taken as not stored, applying would be refused as 'no such case'; the case is
        stored, so the refusal ours reports is the stored case's own rule."""
        path = str(tmp_path / "two.db")
        ours = GradingService(path, clock=ManualClock(DAY))
        theirs = GradingService(path, clock=ManualClock(DAY))
        ours.execute(_evaluate(1))
        theirs.execute(_evaluate(5))
        theirs.execute(_evaluate(6))
        with pytest.raises(RuleViolation) as info:
            ours.execute(_apply(5))
        assert info.value.rule_ids == ("apply.self_evaluation",)
        assert ours._guess_absent is False
        [refused] = ours.execute_many([_apply(6)])
        assert isinstance(refused, RuleViolation)
        assert refused.rule_ids == ("apply.self_evaluation",)

    def test_a_refusal_on_a_case_nobody_stored_stays_as_it_is(self, tmp_path: Path) -> None:
        """The other edge: the guess was right, so the refusal stands and guessing goes on."""
        ours = GradingService(str(tmp_path / "one.db"), clock=ManualClock(DAY))
        ours.execute(_evaluate(1))
        with pytest.raises(CaseNotFound):
            ours.execute(_apply(5))
        assert ours._guess_absent is True

    def test_a_store_that_held_events_is_read(self, tmp_path: Path) -> None:
        path = str(tmp_path / "old.db")
        GradingService(path, clock=ManualClock(DAY)).execute(_evaluate(1))
        later = GradingService(path, clock=ManualClock(DAY))
        outcome = later.execute(_penalty(1))
        assert later._guess_absent is False
        assert outcome.version == 3
