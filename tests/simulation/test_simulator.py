"""The province simulator: deterministic, every step through the real service, every refusal
counted, the calendar's end respected."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pendulum
import pytest

from gradingcore import events as ev
from gradingcore.clock import SystemClock
from gradingcore.errors import InvalidInput, PolicyError
from gradingcore.service import GradingService
from gradingcore.simulation import Behaviour, Summary, simulate, simulation_service
from gradingcore.state import fold
from gradingcore.views import Status

#: Rates that make every enterprise seek a level in its first year, with no accidents.
EAGER = Behaviour(above_size_uptake=(1.0,), target_compliance=1.0, small_uptake=1.0, exit_rate=0.0)


def _heads(service: GradingService) -> dict[object, str]:
    return {case_id: service.history(case_id)[-1].digest for case_id in service.case_ids()}


class TestDeterminism:
    def test_same_seed_same_history(self) -> None:
        """The same seed gives the same summary and the same events, to the last digest."""
        one, two = simulation_service("memory"), simulation_service("memory")
        first = simulate(one, enterprises=120, years=1, seed=5)
        second = simulate(two, enterprises=120, years=1, seed=5)
        assert first == second
        assert first.events == second.events > 0
        assert _heads(one) == _heads(two)

    def test_different_seed_different_province(self) -> None:
        """Another seed gives another province and another history."""
        first = simulate(simulation_service("memory"), enterprises=120, years=1, seed=5)
        second = simulate(simulation_service("memory"), enterprises=120, years=1, seed=6)
        assert first != second
        assert first.example != second.example

    def test_batching_changes_nothing_but_speed(self) -> None:
        """Saving a day's commands together records exactly what saving each one does."""
        batched, single = simulation_service("memory"), simulation_service("memory")
        a = simulate(batched, enterprises=120, years=1, seed=8, batch=True)
        b = simulate(single, enterprises=120, years=1, seed=8, batch=False)
        assert a == b
        assert _heads(batched) == _heads(single)

    def test_timing_is_not_part_of_equality(self, service: GradingService) -> None:
        """Two summaries that differ only in elapsed time are equal; events/s derives from it."""
        summary = simulate(service, enterprises=20, years=1, seed=1)
        import attrs

        slower = attrs.evolve(summary, elapsed_seconds=summary.elapsed_seconds * 2)
        assert slower == summary
        assert slower.events_per_second == pytest.approx(summary.events_per_second / 2)


class TestSummary:
    def test_counts_add_up_to_the_enterprises(self, service: GradingService) -> None:
        """Every enterprise is in exactly one cell; the events add up by type."""
        summary = simulate(service, enterprises=150, years=2, seed=2)
        assert sum(summary.cases.values()) == summary.enterprises == 150
        assert sum(summary.by_status().values()) == 150
        assert sum(summary.by_industry().values()) == 150
        assert sum(summary.events_by_type.values()) == summary.events
        # An enterprise that never acted has no case: it counts as new, with no level.
        assert summary.count(Status.NEW) >= summary.enterprises - summary.opened > 0

    def test_events_match_the_store(self, service: GradingService) -> None:
        """The events counted are the events the store holds, case by case."""
        summary = simulate(service, enterprises=80, years=1, seed=3)
        stored = Counter(e.name for cid in service.case_ids() for e in service.history(cid))
        assert dict(stored) == dict(summary.events_by_type)
        assert len(list(service.case_ids())) == summary.opened

    def test_graded_cases_are_graded_in_the_store(self, service: GradingService) -> None:
        """The summary's graded enterprises are those whose case holds a level on the last day."""
        summary = simulate(service, enterprises=100, years=1, seed=4)
        graded = sum(
            1
            for cid in service.case_ids()
            if service.view(cid, summary.end).status is Status.GRADED
        )
        assert graded == summary.count(Status.GRADED) > 0
        assert summary.example is not None
        assert service.view(summary.example, summary.end).status is Status.GRADED

    def test_progress_reaches_the_last_day(self, service: GradingService) -> None:
        """The progress callback ends with every day done and the events recorded."""
        calls: list[tuple[int, int, int]] = []
        summary = simulate(
            service, enterprises=20, years=1, seed=1, progress=lambda *a: calls.append(a)
        )
        days = (summary.end - summary.start).days + 1  # 2023-01-02 through 2023-12-31
        assert calls[-1] == (days, days, summary.events) == (364, 364, summary.events)
        assert [c[0] for c in calls] == sorted(c[0] for c in calls)


class TestRulesEnforced:
    def test_refusals_are_counted_by_rule(self, service: GradingService) -> None:
        """A mistaken self-evaluation before every one: each is refused (selfeval.workgroup)
        and counted, and nothing of it is written."""
        behaviour = Behaviour(self_evaluation_mistake_rate=1.0)
        summary = simulate(service, enterprises=60, years=1, seed=9, behaviour=behaviour)
        evaluated = summary.events_by_type["SelfEvaluated"]
        assert summary.refusals["selfeval.workgroup"] == evaluated > 0
        assert summary.refused >= evaluated

    def test_team_mistakes_are_refused(self, service: GradingService) -> None:
        """Every mistaken review team is refused under a review rule and formed again."""
        behaviour = Behaviour(
            team_mistake_rate=1.0, above_size_uptake=(1.0,), small_uptake=1.0, target_compliance=1.0
        )
        summary = simulate(service, enterprises=40, years=1, seed=9, behaviour=behaviour)
        review_rules = {
            "review.team_size",
            "review.expert_qualification",
            "review.independence",
            "review.expertise",
        }
        refused = sum(n for rule, n in summary.refusals.items() if rule in review_rules)
        assert refused >= summary.events_by_type["ReviewTeamFormed"] > 0

    def test_fatal_accidents_revoke_graded_levels(self, service: GradingService) -> None:
        """With fatal accidents common, the authority revokes levels citing the trigger."""
        behaviour = Behaviour(
            above_size_uptake=(1.0, 1.0),
            small_uptake=1.0,
            target_compliance=1.0,
            accident_rate=0.5,
            fatal_share=1.0,
        )
        simulate(service, enterprises=60, years=2, seed=11, behaviour=behaviour)
        revoked = [
            e
            for cid in service.case_ids()
            for e in service.history(cid)
            if isinstance(e, ev.Revoked)
        ]
        assert revoked
        assert {e.trigger for e in revoked} <= {
            "revoke.fatal_accident",
            "revoke.injuries_or_loss_12m",
            "revoke.concealment",
            "revoke.licence",
            "revoke.dishonesty_list",
            "revoke.hazard_unfixed",
            "revoke.not_operating",
            "revoke.social_incident",
            "revoke.fraud",
        }
        assert "revoke.fatal_accident" in {e.trigger for e in revoked}

    def test_renewals_in_a_four_year_run(self, service: GradingService) -> None:
        """Levels announced in 2023 are renewed in their window in 2026, directly when 第十条
        holds; the run ends inside the calendar."""
        behaviour = Behaviour(
            above_size_uptake=(1.0,),
            small_uptake=1.0,
            target_compliance=1.0,
            exit_rate=0.0,
            renewal_rate=1.0,
            annual_self_evaluation_rate=1.0,
            accident_rate=0.0,
            major_change_rate=0.0,
            penalty_per_inspection=0.0,
            major_hazard_per_inspection=0.0,
        )
        summary = simulate(service, enterprises=25, years=4, seed=12, behaviour=behaviour)
        assert summary.end == pendulum.Date(2026, 12, 31)
        applied = [
            e
            for cid in service.case_ids()
            for e in service.history(cid)
            if isinstance(e, ev.Applied)
        ]
        assert any(e.renewal for e in applied)
        assert summary.events_by_type.get("DirectRenewalConfirmed", 0) > 0


class TestSqlite:
    def test_every_case_verifies_and_replays(self, tmp_path: Path) -> None:
        """On SQLite: every case's chain verifies, and replaying a sample gives the live state."""
        service = simulation_service(str(tmp_path / "province.db"))
        summary = simulate(service, enterprises=60, years=2, seed=13)
        ids = list(service.case_ids())
        assert len(ids) == summary.opened > 0
        assert all(service.verify(cid) == [] for cid in ids)
        fresh = GradingService(str(tmp_path / "province.db"))  # no cache: read from the file
        for cid in ids[:: max(1, len(ids) // 10)]:
            history = fresh.history(cid)
            assert fold(history) == fold(history) == fresh.state(cid)
            assert service.state(cid) == fold(history)

    def test_running_again_records_nothing(self, tmp_path: Path) -> None:
        """The same seed on the same store: every recorded command is a repeat, nothing is
        recorded again, the cases end the same. (A refused command was never recorded, so it is
        decided again, against the whole stored history: it is still refused.)"""
        path = str(tmp_path / "province.db")
        first = simulate(simulation_service(path), enterprises=30, years=1, seed=14)
        again = simulate(simulation_service(path), enterprises=30, years=1, seed=14)
        assert again.events == 0
        assert again.cases == first.cases
        assert again.refused == first.refused


class TestParameters:
    def test_four_years_from_2023_fit_the_calendar(self, service: GradingService) -> None:
        """2023-2026 is inside the official calendar (which ends with 2026)."""
        summary = simulate(service, enterprises=1, years=4, seed=0)
        assert summary.end == pendulum.Date(2026, 12, 31)

    def test_five_years_from_2023_do_not(self, service: GradingService) -> None:
        """2027 has no official calendar: the run is refused before it starts."""
        with pytest.raises(InvalidInput) as info:
            simulate(service, enterprises=1, years=5, seed=0)
        assert "calendar.official" in info.value.rule_ids
        assert "at most 4 years" in str(info.value)
        assert list(service.case_ids()) == []

    def test_refusals_of_the_parameters_in_chinese(self, service: GradingService) -> None:
        """The simulator's own refusals have zh-CN forms: ids, codes and numbers stay as they
        are, the words are Chinese."""
        from tests.i18n.catalogs import english_words

        refusals = []
        for kwargs in (
            {"enterprises": 1, "years": 5},
            {"enterprises": 0, "years": 1},
            {"enterprises": 1, "years": 1, "policy": "cn.mem.2021"},
        ):
            with pytest.raises((InvalidInput, PolicyError)) as info:
                simulate(service, seed=0, **kwargs)  # type: ignore[arg-type]
            refusals.append(info.value)
        with pytest.raises(InvalidInput) as clock:
            simulate(GradingService("memory", clock=SystemClock()), enterprises=1, years=1)
        refusals.append(clock.value)
        for refusal in refusals:
            text = refusal.render("zh_CN")
            assert text != refusal.message
            assert (
                english_words(text, allowed=("cn.mem.2021", "ManualClock", "simulation_service"))
                == []
            ), text
        assert "最多 4 年" in refusals[0].render("zh_CN")

    def test_needs_a_manual_clock(self) -> None:
        """A service on the system clock cannot be driven through the years."""
        with pytest.raises(InvalidInput, match="ManualClock"):
            simulate(GradingService("memory", clock=SystemClock()), enterprises=1, years=1)

    @pytest.mark.parametrize(("enterprises", "years"), [(0, 1), (1, 0)])
    def test_needs_an_enterprise_and_a_year(
        self, service: GradingService, enterprises: int, years: int
    ) -> None:
        """Zero enterprises or zero years is a mistake, not an empty run."""
        with pytest.raises(InvalidInput):
            simulate(service, enterprises=enterprises, years=years)

    def test_unknown_policy(self, service: GradingService) -> None:
        """An unknown policy id is refused, naming the known ones."""
        with pytest.raises(PolicyError, match=r"cn\.henan\.2023"):
            simulate(service, enterprises=1, years=1, policy="cn.nowhere.2099")

    def test_a_start_no_policy_governs(self, service: GradingService) -> None:
        """Before the national rules (2021-11-01) no policy governs Henan: refused at once."""
        with pytest.raises(PolicyError, match="no policy governs"):
            simulate(service, enterprises=1, years=1, start=pendulum.Date(2021, 10, 29))
        assert list(service.case_ids()) == []

    def test_the_first_day_of_the_national_rules(self, service: GradingService) -> None:
        """From 2021-11-01 the national rules govern: a run may start that day."""
        summary = simulate(service, enterprises=5, years=1, start=pendulum.Date(2021, 11, 1))
        assert summary.end == pendulum.Date(2021, 12, 31)

    def test_policy_that_judges_nothing_then(self, service: GradingService) -> None:
        """From 2023 Henan's levels 2 and 3 go by cn.henan.2023: the national policy judges none."""
        with pytest.raises(PolicyError, match="judges no application"):
            simulate(service, enterprises=1, years=1, policy="cn.mem.2021")

    def test_policy_restricts_the_applications(self, service: GradingService) -> None:
        """In 2022 Henan's applications go by the national policy, and only those are made."""
        summary = simulate(
            service,
            enterprises=60,
            years=1,
            seed=15,
            start=pendulum.Date(2022, 1, 4),
            policy="cn.mem.2021",
            behaviour=EAGER,
        )
        applied = [
            e
            for cid in service.case_ids()
            for e in service.history(cid)
            if isinstance(e, ev.Applied)
        ]
        assert applied
        assert {e.policy.id for e in applied} == {"cn.mem.2021"}
        assert summary.policy == "cn.mem.2021"


def test_summary_is_exported() -> None:
    """The summary type is part of the simulation's public face."""
    import gradingcore

    assert gradingcore.simulation.Summary is Summary


class TestPostgres:
    def test_a_province_on_postgresql_is_the_province_in_memory(self, postgres_url: str) -> None:
        """On PostgreSQL every case verifies, and the same seed records the very same events
        (digest for digest) as on the in-memory store."""
        service = simulation_service(postgres_url)
        with service._app.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            cursor.execute(f"TRUNCATE {service._app.recorder.events_table_name}")  # type: ignore[attr-defined]
        on_postgres = simulate(service, enterprises=40, years=1, seed=21)
        in_memory = simulation_service("memory")
        assert simulate(in_memory, enterprises=40, years=1, seed=21).cases == on_postgres.cases
        assert _heads(service) == _heads(in_memory)
        assert all(service.verify(case_id) == [] for case_id in service.case_ids())
