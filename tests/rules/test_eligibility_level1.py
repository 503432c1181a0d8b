"""Level 1's extra conditions (national rules, as recalled): the accident statistics
(``level1.record``) and the enterprise's history (``level1.history``).

The usual path: graded level 2 on 2022-04-15 (valid through 2025-04-15), the enterprise applies
for level 1 on 2025-04-15, when its level 2 has run 3 years. Level 1 is the ministry's
(authority.by_level), under the national policy wherever the enterprise is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from gradingcore import GradingError, IncidentGrade, YearStatistics
from gradingcore import commands as c
from gradingcore import events as ev
from tests.case.harness import (
    ENTERPRISE,
    MEM,
    PROVINCE,
    SUPERVISOR,
    UNIT,
    Case,
    D,
    check_invariants,
)

FLAT = (
    YearStatistics(2023, 120, "0", "0.5", "1.2", "30"),
    YearStatistics(2024, 110, "0", "0.5", "1.0", "30"),
)


def apply_level1(case: Case, on: str, statistics: Sequence[YearStatistics] = FLAT) -> None:
    case.run(c.Apply, on, ENTERPRISE, level=1, statistics=tuple(statistics))


def refused_level1(
    case: Case, rule_id: str, on: str, statistics: Sequence[YearStatistics] = FLAT
) -> GradingError:
    error: GradingError = case.refused(
        rule_id, c.Apply, on, ENTERPRISE, level=1, statistics=tuple(statistics)
    )
    return error


def level2_three_years(case: Case) -> None:
    """Level 2 announced 2022-04-15; a level-1 self-evaluation on 2025-03-03."""
    case.graded(2022)
    case.self_evaluate("2025-03-03", level=1, score=92)


def level2_expired(case: Case) -> None:
    """Level 2 from 2022-04-15 to 2025-04-15, then a level-1 self-evaluation on 2026-10-12 for
    an application on 2026-11-02 (5 years back: 2021-11-02; 2 years back: 2024-11-02)."""
    case.graded(2022)
    case.self_evaluate("2026-10-12", level=1, score=92)


def late_incident(case: Case, on: str, grade: IncidentGrade, **toll: Any) -> None:
    """An accident recorded now, with its own (earlier) business date."""
    case.service.execute(
        c.RecordIncident(
            case=case.key, actor=SUPERVISOR, on=D(on), incident_id=f"A-{on}", grade=grade, **toll
        )
    )
    check_invariants(case.service, case.key)


class TestLevel1Record:
    @pytest.mark.rule("level1.record")
    def test_missing_statistics_are_refused(self, case: Case) -> None:
        """A level-1 application without the GB 6441 statistics is refused."""
        level2_three_years(case)
        refused_level1(case, "level1.record", "2025-04-15", statistics=())

    @pytest.mark.rule("level1.record")
    def test_one_figure_rising_is_refused(self, case: Case) -> None:
        """One figure rising from one year to the next (severity rate 30 to 30.01) refuses."""
        level2_three_years(case)
        rising = (
            YearStatistics(2022, 130, "0", "0.6", "1.3", "31"),
            YearStatistics(2023, 120, "0", "0.5", "1.2", "30"),
            YearStatistics(2024, 110, "0", "0.5", "1.0", "30.01"),
        )
        error = refused_level1(case, "level1.record", "2025-04-15", statistics=rising)
        assert "injury_severity_rate rose from 30 (2023) to 30.01 (2024)" in str(error)

    @pytest.mark.rule("level1.record")
    def test_rising_is_read_in_year_order(self, case: Case) -> None:
        """Years are compared in calendar order, whatever order the list gives them in."""
        level2_three_years(case)
        listed = (
            YearStatistics(2024, 130, "0", "0.5", "1.0", "30"),
            YearStatistics(2023, 120, "0", "0.5", "1.2", "30"),
        )
        error = refused_level1(case, "level1.record", "2025-04-15", statistics=listed)
        assert "lost_workdays rose from 120 (2023) to 130 (2024)" in str(error)

    @pytest.mark.rule("level1.record")
    def test_flat_or_falling_figures_pass(self, case: Case) -> None:
        """Figures flat or falling year on year meet the condition; the ministry takes it on."""
        level2_three_years(case)
        apply_level1(case, "2025-04-15")
        case.run(c.Accept, "2025-04-16", UNIT)
        case.run(c.Forward, "2025-04-17", UNIT, opinion="符合一级申请条件")
        case.refused("authority.by_level", c.OrderReview, "2025-04-18", PROVINCE)
        case.run(c.OrderReview, "2025-04-18", MEM)

    @pytest.mark.rule("level1.record")
    def test_level2_applications_need_no_statistics(self, case: Case) -> None:
        """The statistics are asked of level-1 applicants only."""
        case.self_evaluate("2024-03-01")
        case.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)


class TestLevel1History:
    @pytest.mark.rule("level1.history")
    def test_no_earlier_level_is_refused(self, case: Case) -> None:
        """An enterprise never graded may not apply for level 1 straight away."""
        case.self_evaluate("2024-03-01", level=1, score=95)
        error = refused_level1(case, "level1.history", "2024-03-18")
        assert "no earlier level 1" in str(error)

    @pytest.mark.rule("level1.history")
    def test_level2_run_three_years_exactly_qualifies(self, case: Case) -> None:
        """Level 2 announced 2022-04-15 has run 3 years on 2025-04-15, its last day."""
        level2_three_years(case)
        apply_level1(case, "2025-04-15")

    @pytest.mark.rule("level1.history")
    def test_level2_a_day_short_of_three_years_is_refused(self, case: Case) -> None:
        """On 2025-04-14 level 2 is a day short of 3 years: refused."""
        level2_three_years(case)
        refused_level1(case, "level1.history", "2025-04-14")

    @pytest.mark.rule("level1.history")
    def test_expired_level2_that_ran_its_term_still_qualifies(self, case: Case) -> None:
        """A level 2 that ran its 3 years and expired still counts (a new application)."""
        level2_expired(case)
        apply_level1(case, "2026-11-02")
        applied = case.service.history(case.key)[-1]
        assert isinstance(applied, ev.Applied)
        assert applied.renewal is False

    @pytest.mark.rule("level1.history")
    def test_tebie_zhongda_accident_ever_is_refused(self, case: Case) -> None:
        """A 特别重大 accident, more than 5 years before, still refuses."""
        level2_expired(case)
        late_incident(case, "2021-11-01", IncidentGrade.TEBIE_ZHONGDA, deaths=31)
        error = refused_level1(case, "level1.history", "2026-11-02")
        assert "特别重大" in str(error)

    @pytest.mark.rule("level1.history")
    def test_major_accident_on_first_day_of_five_years_is_refused(self, case: Case) -> None:
        """A major accident on 2021-11-02, exactly 5 years before 2026-11-02, refuses."""
        level2_expired(case)
        late_incident(case, "2021-11-02", IncidentGrade.ZHONGDA, deaths=10)
        refused_level1(case, "level1.history", "2026-11-02")

    @pytest.mark.rule("level1.history")
    def test_major_accident_the_day_before_five_years_is_not_counted(self, case: Case) -> None:
        """A major accident on 2021-11-01, a day more than 5 years before, does not count."""
        level2_expired(case)
        late_incident(case, "2021-11-01", IncidentGrade.ZHONGDA, deaths=10)
        apply_level1(case, "2026-11-02")

    @pytest.mark.rule("level1.history")
    def test_relatively_large_accident_on_first_day_of_two_years_is_refused(
        self, case: Case
    ) -> None:
        """A relatively large accident on 2024-11-02, exactly 2 years before, refuses."""
        level2_expired(case)
        late_incident(case, "2024-11-02", IncidentGrade.JIAODA, deaths=3)
        refused_level1(case, "level1.history", "2026-11-02")

    @pytest.mark.rule("level1.history")
    def test_relatively_large_accident_the_day_before_two_years_is_not_counted(
        self, case: Case
    ) -> None:
        """A relatively large accident on 2024-11-01 is outside the 2 years."""
        level2_expired(case)
        late_incident(case, "2024-11-01", IncidentGrade.JIAODA, deaths=3)
        apply_level1(case, "2026-11-02")

    @pytest.mark.rule("level1.history")
    def test_general_accident_does_not_count(self, case: Case) -> None:
        """A general accident within 2 years is not one of level 1's disqualifying accidents."""
        level2_expired(case)
        late_incident(case, "2025-06-02", IncidentGrade.YIBAN, serious_injuries=1)
        apply_level1(case, "2026-11-02")
