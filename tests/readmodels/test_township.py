"""The township (乡镇/街道): an optional fact of the enterprise, a code within its region or a
name; a refused one writes nothing."""

from __future__ import annotations

import pendulum
import pytest

from gradingcore import commands as c
from gradingcore.errors import InvalidInput, RuleViolation
from gradingcore.service import GradingService
from gradingcore.values import Actor, CaseKey, Enterprise, Role, uscc_check_character

_FIRST = "91410103MA0000001"  # registered in 二七区 (410103)
KEY = CaseKey(_FIRST + uscc_check_character(_FIRST), "机械")
CLERK = Actor("clerk-1", Role.SUPERVISOR)


@pytest.fixture
def service() -> GradingService:
    s = GradingService("memory")
    s.execute(
        c.OpenCase(
            case=KEY,
            actor=Actor("e-1", Role.ENTERPRISE),
            on=pendulum.date(2024, 3, 1),
            enterprise=Enterprise("郑州某机械有限公司", "机械"),
        )
    )
    return s


def _record(service: GradingService, township: str, actor: Actor = CLERK) -> None:
    service.execute(
        c.RecordTownship(case=KEY, actor=actor, on=pendulum.date(2024, 3, 2), township=township)
    )


@pytest.mark.parametrize("township", ["410103001", " 410103999 ", "淮河路街道"])
def test_a_code_within_the_region_or_a_name(service: GradingService, township: str) -> None:
    _record(service, township)
    assert service.state(KEY).township == township.strip()
    _record(service, "410103002")
    assert service.state(KEY).township == "410103002"  # the latest holds


@pytest.mark.parametrize(
    ("township", "words"),
    [
        ("41010300", "9 digits, it has 8"),
        ("4101030011", "9 digits, it has 10"),
        ("410104001", "does not lie within the enterprise's region 410103"),
        ("   ", "township"),
    ],
)
def test_a_bad_township_is_refused_and_writes_nothing(
    service: GradingService, township: str, words: str
) -> None:
    before = service.history(KEY)
    with pytest.raises(InvalidInput, match=words) as refused:
        _record(service, township)
    assert refused.value.facts["field"] == "township"
    assert service.history(KEY) == before


def test_only_the_enterprise_a_supervisor_or_an_authority(service: GradingService) -> None:
    _record(service, "410103001", Actor("e-1", Role.ENTERPRISE))
    with pytest.raises(RuleViolation, match="may not do this") as refused:
        _record(service, "410103002", Actor("team", Role.REVIEW_TEAM))
    assert "procedure.actor" in refused.value.rule_ids
    assert service.state(KEY).township == "410103001"
