"""The simulated parties' rates: uptake by year and size, accident grades at their bounds."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from gradingcore.simulation import Behaviour
from gradingcore.simulation import _behaviour as rate
from gradingcore.simulation._behaviour import incident_grade


class TestUptake:
    @pytest.mark.parametrize(("year", "expected"), [(0, 0.4), (1, 0.32), (2, 0.8), (3, 0.4)])
    def test_above_size_follows_erqi_targets(self, year: int, expected: float) -> None:
        """Above-size: 50%, then 40% of those left, then all, times the 0.8 compliance; later
        years 50% of those left."""
        assert Behaviour().uptake(year, True, "机械") == pytest.approx(expected)

    def test_small_enterprises(self) -> None:
        """Small enterprises start at the same modest rate every year."""
        assert Behaviour().uptake(0, False, "机械") == Behaviour().uptake(5, False, "机械") == 0.12

    def test_priority_industries_start_sooner(self) -> None:
        """Qinyang's first-stage industries start 1.25 times as often, never above certainty."""
        assert Behaviour().uptake(0, True, "化工") == pytest.approx(0.5)
        assert Behaviour().uptake(2, True, "化工") == 1.0  # 0.8 * 1.25
        assert Behaviour(target_compliance=1.0).uptake(2, True, "化工") == 1.0  # capped

    def test_every_rate_is_a_named_constant(self) -> None:
        """The default behaviour's rates are the module's constants."""
        default = Behaviour()
        assert default.accident_rate == rate.ACCIDENT_RATE
        assert default.correction_request_rate == rate.CORRECTION_REQUEST_RATE
        assert default.above_size_uptake == rate.ABOVE_SIZE_UPTAKE

    def test_graded_enterprises_score_higher(self) -> None:
        """The same draw scores a graded enterprise GRADED_SCORE_BONUS higher."""
        first = Behaviour().self_score(random.Random(1), above_size=True, graded=False)
        graded = Behaviour().self_score(random.Random(1), above_size=True, graded=True)
        assert graded - first == pytest.approx(rate.GRADED_SCORE_BONUS)


class TestIncidentGrade:
    @pytest.mark.parametrize(
        ("deaths", "injuries", "loss", "grade"),
        [
            (2, 9, Decimal(9_999_999), 1),  # 一般: below every bound of 较大
            (3, 0, Decimal(0), 2),  # 较大 from 3 deaths
            (0, 10, Decimal(0), 2),  # or 10 serious injuries
            (0, 0, Decimal(10_000_000), 2),  # or 10 million CNY
            (9, 49, Decimal(49_999_999), 2),
            (10, 0, Decimal(0), 3),  # 重大
            (0, 0, Decimal(50_000_000), 3),
            (29, 99, Decimal(99_999_999), 3),
            (30, 0, Decimal(0), 4),  # 特别重大
            (0, 100, Decimal(0), 4),
        ],
    )
    def test_bounds(self, deaths: int, injuries: int, loss: Decimal, grade: int) -> None:
        """Each grade starts at its bound ("以上" includes it) and ends just below the next."""
        assert incident_grade(deaths, injuries, loss) == grade
