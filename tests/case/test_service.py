"""The application service: idempotency, write conflicts, bitemporal queries, snapshots."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from gradingcore import (
    CaseKey,
    ConflictError,
    GradingService,
    InvalidInput,
    ManualClock,
    VersionMismatch,
)
from gradingcore import (
    commands as c,
)
from gradingcore.state import fold
from tests.case.harness import ENTERPRISE, SUPERVISOR, UNIT, Case, D, uscc


class TestIdempotency:
    def test_repeated_command_id_returns_the_first_result_and_writes_nothing(
        self, case: Case
    ) -> None:
        """A command repeated with the same command id is answered, not recorded again."""
        case.self_evaluate("2024-03-01")
        command = c.Apply(
            case=case.key, actor=ENTERPRISE, on=D("2024-03-18"), level=2, command_id="apply-1"
        )
        first = case.service.execute(command)
        again = case.service.execute(command)
        assert again.repeated
        assert again.events == first.events
        assert len(case.service.history(case.key)) == 3


class TestConflicts:
    @pytest.fixture
    def writers(self, tmp_path: Path, clock: ManualClock) -> tuple[Case, GradingService]:
        """Two services on one store (two processes); the second has the case cached, and
        the first writes next, so the second's cached case is stale."""
        path = str(tmp_path / "cases.db")
        first = Case(GradingService(path, clock=clock), clock)
        first.self_evaluate("2024-03-01")
        first.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        second = GradingService(path, clock=clock)
        second.state(first.key)  # cached at version 3
        return first, second

    def test_a_command_that_still_holds_is_saved_after_the_conflict(
        self, writers: tuple[Case, GradingService]
    ) -> None:
        """Two writers on one case: the loser re-reads, decides again and is saved."""
        first, second = writers
        first.run(c.RecordPenalty, "2024-03-19", SUPERVISOR, penalty_id="P1")
        second.execute(c.RecordMajorChange(case=first.key, actor=SUPERVISOR, on=D("2024-03-19")))
        names = [e.name for e in second.history(first.key)]
        assert names[-2:] == ["PenaltyRecorded", "MajorChangeRecorded"]
        assert second.verify(first.key) == []

    def test_a_command_that_no_longer_holds_gets_a_conflict_naming_the_change(
        self, writers: tuple[Case, GradingService]
    ) -> None:
        """Never both win: the loser is told which events came first and which rule fails."""
        first, second = writers
        first.run(c.Accept, "2024-03-19", UNIT)
        with pytest.raises(ConflictError) as info:
            second.execute(
                c.RequestCorrection(case=first.key, actor=UNIT, on=D("2024-03-19"), items=("缺页",))
            )
        assert "procedure.order" in info.value.rule_ids
        assert info.value.facts["changed_by"] == ["v4 ApplicationAccepted"]
        assert [e.name for e in second.history(first.key)][-1] == "ApplicationAccepted"


class TestExpectedVersion:
    """``execute(command, expected_version=N)``: recorded only on the case at version N, and
    enforced by the store's own version conflict, not by a check before the save."""

    @pytest.fixture
    def writers(self, tmp_path: Path, clock: ManualClock) -> tuple[Case, GradingService]:
        path = str(tmp_path / "cases.db")
        first = Case(GradingService(path, clock=clock), clock)
        first.self_evaluate("2024-03-01")
        second = GradingService(path, clock=clock)
        second.state(first.key)  # cached at version 2
        return first, second

    def apply(self, key: CaseKey, command_id: str | None = None) -> c.Apply:
        return c.Apply(
            case=key, actor=ENTERPRISE, on=D("2024-03-18"), level=2, command_id=command_id
        )

    def test_the_version_expected_is_recorded_on(
        self, writers: tuple[Case, GradingService]
    ) -> None:
        first, second = writers
        outcome = second.execute(self.apply(first.key), expected_version=2)
        assert outcome.version == 3

    def test_a_write_between_the_read_and_the_save_is_refused_by_the_store(
        self, writers: tuple[Case, GradingService]
    ) -> None:
        """The second writer's case says version 2, as expected; the first writes v3 meanwhile.
        The second's save at v3 meets the store's conflict: refused, nothing written."""
        first, second = writers
        first.run(c.RecordPenalty, "2024-03-18", SUPERVISOR, penalty_id="P1")
        with pytest.raises(VersionMismatch) as info:
            second.execute(self.apply(first.key), expected_version=2)
        assert isinstance(info.value, ConflictError)
        assert info.value.facts == {"expected_version": 2, "current_version": 3}
        assert [e.name for e in second.history(first.key)][-1] == "PenaltyRecorded"
        assert second.version(first.key) == 3

    def test_a_cached_case_behind_the_store_is_read_again_before_refusing(
        self, writers: tuple[Case, GradingService]
    ) -> None:
        """Expecting the store's version while the cache is behind it is not a mismatch."""
        first, second = writers
        first.run(c.RecordPenalty, "2024-03-18", SUPERVISOR, penalty_id="P1")
        assert second.execute(self.apply(first.key), expected_version=3).version == 4

    def test_zero_is_a_case_not_opened_yet(self, clock: ManualClock, tmp_path: Path) -> None:
        case = Case(GradingService(str(tmp_path / "c.db"), clock=clock), clock)
        with pytest.raises(VersionMismatch):
            case.service.execute(self.apply(case.key), expected_version=1)
        assert not case.service.exists(case.key)
        case.self_evaluate("2024-03-01")
        with pytest.raises(VersionMismatch) as info:
            case.service.execute(self.apply(case.key), expected_version=0)
        assert info.value.facts["current_version"] == 2

    def test_a_repeated_command_id_returns_its_first_outcome_whatever_is_expected(
        self, writers: tuple[Case, GradingService]
    ) -> None:
        """A retry of a recorded command is answered, not refused as stale."""
        first, second = writers
        recorded = second.execute(self.apply(first.key, "apply-1"), expected_version=2)
        again = second.execute(self.apply(first.key, "apply-1"), expected_version=2)
        assert again.repeated
        assert again.events == recorded.events


class TestBitemporal:
    def test_a_late_recorded_accident_is_in_the_business_past_but_not_known_earlier(
        self, case: Case, clock: ManualClock
    ) -> None:
        """as_of filters by business date, known_at by recorded time, and both combine."""
        case.graded(2024)
        before = pendulum.instance(clock.now())
        clock.set(D("2024-09-10"))
        case.service.execute(
            c.RecordIncident(
                case=case.key, actor=SUPERVISOR, on=D("2024-08-02"), incident_id="A1", deaths=1
            )
        )
        assert [i.id for i in case.service.state(case.key, as_of=D("2024-08-05")).incidents] == [
            "A1"
        ]
        assert case.service.state(case.key, as_of=D("2024-08-01")).incidents == ()
        assert case.service.state(case.key, as_of=D("2024-08-05"), known_at=before).incidents == ()
        late = case.service.view(case.key, D("2024-08-05")).obligations
        assert "revoke.fatal_accident" in [o.rule_id for o in late]

    def test_state_at_a_version(self, case: Case) -> None:
        """The state at version N is the fold of the first N events."""
        case.graded(2024)
        history = case.service.history(case.key)
        assert case.service.state(case.key, version=3) == fold(history[:3])


class TestSnapshots:
    def test_snapshots_speed_loading_but_never_replace_the_history(
        self, tmp_path: Path, clock: ManualClock
    ) -> None:
        """With snapshots every 3 events, the loaded case equals the replay of its events."""
        service = GradingService(str(tmp_path / "s.db"), clock=clock, snapshot_every=3)
        case = Case(service, clock)
        case.graded(2024)
        snapshots = service._app.snapshots  # the edge: is there a snapshot row at all?
        assert snapshots is not None
        assert list(snapshots.get(case.key.case_id))
        fresh = GradingService(str(tmp_path / "s.db"), clock=clock, snapshot_every=3)
        live = fresh.state(case.key)  # read from the snapshot and the events after it
        assert live == fold(service.history(case.key))
        assert len(service.history(case.key)) == live.version


class TestKeysAndStores:
    def test_a_mistyped_uscc_is_refused_with_the_expected_check_character(self) -> None:
        """GB 32100-2015's check character catches a typo before anything runs."""
        good = uscc(1)
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        with pytest.raises(InvalidInput, match="check character"):
            CaseKey(bad)
        assert CaseKey(good.lower()).uscc.value == good

    def test_the_case_id_derives_from_the_natural_key(self) -> None:
        """The same USCC and specialty always give the same case id; another specialty not."""
        assert CaseKey(uscc(1), "机械").case_id == CaseKey(uscc(1), "机械").case_id
        assert CaseKey(uscc(1), "机械").case_id != CaseKey(uscc(1), "冶金").case_id

    def test_case_ids_lists_every_case(self, service: GradingService, clock: ManualClock) -> None:
        """The store lists its cases in the order they were opened."""
        cases = [Case(service, clock, serial=n) for n in (1, 2, 3)]
        for each in cases:
            each.self_evaluate("2024-03-01")
        assert list(service.case_ids()) == [each.key.case_id for each in cases]

    def test_a_store_in_a_missing_directory_is_refused(self, tmp_path: Path) -> None:
        """A typo in the store path fails clearly instead of creating files elsewhere."""
        with pytest.raises(InvalidInput, match="does not exist"):
            GradingService(str(tmp_path / "nope" / "cases.db"))

    def test_the_process_environment_does_not_move_the_store(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A stray PERSISTENCE_MODULE in the environment does not override the store given."""
        monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.popo")
        path = tmp_path / "cases.db"
        GradingService(str(path)).close()
        assert path.exists()


class TestVerify:
    def test_a_deleted_middle_event_is_reported_once_with_the_broken_link(
        self, tmp_path: Path, clock: ManualClock
    ) -> None:
        """Deleting version 3 of a 14-event case gives exactly two findings: the gap at 3 and
        version 4 no longer chained; the versions after it are not reported again."""
        import sqlite3

        path = tmp_path / "cases.db"
        case = Case(GradingService(str(path), clock=clock), clock)
        case.graded(2024)
        assert len(case.service.history(case.key)) > 6
        with sqlite3.connect(path) as db:
            deleted = db.execute("DELETE FROM stored_events WHERE originator_version = 3").rowcount
        assert deleted == 1
        breaks = GradingService(str(path)).verify(case.key)
        assert [(b.version, b.problem.split(" (")[0]) for b in breaks] == [
            (3, "version 3 missing"),
            (4, "not chained to the previous event"),
        ]
