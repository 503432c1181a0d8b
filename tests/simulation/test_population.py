"""The simulated province's enterprises: cities, industries, names and codes."""

from __future__ import annotations

import random

import pytest

from gradingcore.simulation import CITIES, INDUSTRIES, population
from gradingcore.simulation._population import (
    expert_pool,
    organization_check_character,
    uscc_for,
)
from gradingcore.values import USCC

#: HN 第二条's industries, in its order.
HN_ARTICLE_2 = (
    "化工",
    "医药",
    "危险化学品",
    "冶金",
    "有色",
    "建材",
    "机械",
    "轻工",
    "纺织",
    "烟草",
    "商贸",
)


class TestCities:
    def test_henan_prefecture_cities_and_jiyuan(self) -> None:
        """The 17 prefecture-level cities of Henan and Jiyuan, with their GB/T 2260 codes."""
        assert len(CITIES) == 18
        codes = {c.code: c.name for c in CITIES}
        assert codes["410100"] == "郑州市"
        assert codes["411700"] == "驻马店市"
        assert codes["419001"] == "济源市"
        assert all(c.code.startswith("41") and len(c.code) == 6 for c in CITIES)

    def test_bureaus(self) -> None:
        """Each city's level-3 authority is its emergency management bureau (Jiyuan's zone's)."""
        names = {c.code: c.bureau for c in CITIES}
        assert names["410800"] == "焦作市应急管理局"
        assert names["419001"] == "济源示范区应急管理局"


class TestIndustries:
    def test_the_industries_of_article_2(self) -> None:
        """Exactly the industries HN 第二条 lists."""
        assert tuple(i.name for i in INDUSTRIES) == HN_ARTICLE_2


class TestCodes:
    def test_organization_check_character(self) -> None:
        """GB 11714: weights 3,7,9,10,5,8,4,2, check 11 - sum mod 11 (10 is X, 11 is 0)."""
        assert organization_check_character("MA000001") == "5"  # M=22, A=10: 66 + 70 + 2
        assert organization_check_character("00000004") == "3"  # 11 - 8
        assert organization_check_character("00000006") == "X"  # 11 - 12 mod 11 = 10
        assert organization_check_character("00000000") == "0"  # 11 - 0 = 11

    def test_uscc_is_valid(self) -> None:
        """The codes pass GB 32100-2015's check and carry the region."""
        code = uscc_for("410800", 12345)
        assert code.region == "410800"
        assert code.value.startswith("91410800MA")
        assert USCC(code.value) == code


class TestPopulation:
    def test_unique_names_and_codes(self) -> None:
        """Every enterprise has its own name and its own USCC."""
        firms = population(2000, random.Random(1))
        assert len({f.enterprise.name for f in firms}) == 2000
        assert len({f.key.uscc for f in firms}) == 2000

    def test_where_and_what(self) -> None:
        """Each enterprise is in a Henan city (its USCC's region) and an industry of 第二条;
        its case's specialty is its industry."""
        firms = population(500, random.Random(2))
        for firm in firms:
            assert firm.enterprise.region == firm.city.code == firm.key.uscc.region
            assert firm.industry in HN_ARTICLE_2
            assert firm.key.specialty == firm.industry
        assert {f.above_size for f in firms} == {True, False}

    def test_same_seed_same_province(self) -> None:
        """A seed gives the same enterprises; another seed other ones."""
        assert population(50, random.Random(3)) == population(50, random.Random(3))
        assert population(50, random.Random(3)) != population(50, random.Random(4))

    @pytest.mark.parametrize("city", CITIES[:3])
    def test_expert_pool_is_qualified(self, city: object) -> None:
        """A city's experts: a quarter can lead (senior, 10+ years), all with 5+ years."""
        pool = expert_pool(city, random.Random(0))  # type: ignore[arg-type]
        leaders = [e for e in pool if e.leader]
        assert len(leaders) == len(pool) // 4
        assert all(e.safety_work_years >= 10 for e in leaders)
        assert all(e.safety_work_years >= 5 for e in pool)
