"""The schemes' numbers and dates as their seeds state them, each read in effect on its
policy's first and last day (and refused the day before and after)."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

from gradingcore import PolicyError, default_policies


def _d(text: str) -> pendulum.Date:
    return pendulum.Date.fromisoformat(text)


def _case(mark: Any, policy: str, name: str, value: Any) -> Any:
    # The mark names the rule id literally, for tests/rules/test_rule_coverage.py to find.
    rule = mark.args[0]
    return pytest.param(policy, rule, name, value, id=f"{rule}.{name}", marks=mark)


CASES = [
    _case(
        pytest.mark.rule("CZ-1"),
        "cn.changzhou.2022",
        "industries",
        ["化工", "医药", "危险化学品", "非煤矿山", "冶金"],
    ),
    _case(pytest.mark.rule("CZ-2"), "cn.changzhou.2022", "key_fields_start_by", _d("2022-12-31")),
    _case(
        pytest.mark.rule("CZ-2"),
        "cn.changzhou.2022",
        "non_key_above_size_start_by",
        _d("2023-12-31"),
    ),
    _case(pytest.mark.rule("CZ-3"), "cn.changzhou.2022", "mobilisation_until", _d("2022-02-28")),
    _case(pytest.mark.rule("CZ-3"), "cn.changzhou.2022", "improvement_until", _d("2023-10-31")),
    _case(pytest.mark.rule("CZ-3"), "cn.changzhou.2022", "assessment_from", _d("2022-06-01")),
    _case(
        pytest.mark.rule("CZ-4"),
        "cn.changzhou.2022",
        "five_in_place",
        ["责任", "措施", "资金", "期限", "应急预案"],
    ),
    _case(pytest.mark.rule("CZ-7"), "cn.changzhou.2022", "qualified_min", 60),
    _case(pytest.mark.rule("CZ-7"), "cn.changzhou.2022", "benchmark_min", 75),
    _case(pytest.mark.rule("CZ-8"), "cn.changzhou.2022", "level_1_min", 90),
    _case(pytest.mark.rule("CZ-8"), "cn.changzhou.2022", "level_2_min", 75),
    _case(pytest.mark.rule("CZ-9"), "cn.changzhou.2022", "pool", "常州市评定人员库"),
    _case(pytest.mark.rule("QY-2"), "cn.qinyang.2024", "complete_by", _d("2025-12-31")),
    _case(pytest.mark.rule("QY-3"), "cn.qinyang.2024", "from", _d("2024-03-01")),
    _case(pytest.mark.rule("QY-3"), "cn.qinyang.2024", "complete_by", _d("2024-12-31")),
    _case(pytest.mark.rule("QY-4"), "cn.qinyang.2024", "from", _d("2025-01-01")),
    _case(pytest.mark.rule("QY-4"), "cn.qinyang.2024", "complete_by", _d("2025-11-30")),
    _case(pytest.mark.rule("QY-5"), "cn.qinyang.2024", "candidates_by", _d("2024-03-31")),
    _case(
        pytest.mark.rule("QY-6"),
        "cn.qinyang.2024",
        "out_of_scope_industries",
        ["道路交通", "建筑施工"],
    ),
    _case(pytest.mark.rule("QY-7"), "cn.qinyang.2024", "apply_by", "05-31"),
    _case(pytest.mark.rule("QY-7"), "cn.qinyang.2024", "done_by", "11-30"),
    _case(pytest.mark.rule("QY-7"), "cn.qinyang.2024", "levels", [3]),
    _case(pytest.mark.rule("QY-12"), "cn.qinyang.2024", "requested_of", "上级应急管理部门"),
    _case(pytest.mark.rule("QY-13"), "cn.qinyang.2024", "inspections_per_year", 2),
    _case(pytest.mark.rule("QY-13"), "cn.qinyang.2024", "comprehensive_per_year", 1),
    _case(pytest.mark.rule("QY-13"), "cn.qinyang.2024", "year_ends", "12-31"),
    _case(pytest.mark.rule("EQ-1"), "cn.erqi.2016", "graded_enterprises", 21),
    _case(pytest.mark.rule("EQ-2"), "cn.erqi.2016", "shares_percent", [50, 70, 100]),
    _case(
        pytest.mark.rule("EQ-2"), "cn.erqi.2016", "by", ["2016-12-31", "2017-12-31", "2018-12-31"]
    ),
    _case(pytest.mark.rule("EQ-3"), "cn.erqi.2016", "due", "month end"),
    _case(
        pytest.mark.rule("EQ-5"),
        "cn.erqi.2016",
        "rows",
        ["冶金", "机械", "轻工", "有色", "纺织", "建材", "商贸", "烟草"],
    ),
    _case(pytest.mark.rule("BD-2"), "cn.baoding.2024", "certified_staff_percent", 100),
    _case(pytest.mark.rule("BD-4"), "cn.baoding.2024", "due", _d("2024-03-31")),
    _case(pytest.mark.rule("BD-5"), "cn.baoding.2024", "due", _d("2024-04-15")),
    _case(pytest.mark.rule("BD-6"), "cn.baoding.2024", "due", _d("2024-04-30")),
    _case(pytest.mark.rule("BD-7"), "cn.baoding.2024", "until", _d("2024-07-31")),
    _case(pytest.mark.rule("BD-9"), "cn.baoding.2024", "from", _d("2024-08-01")),
    _case(pytest.mark.rule("BD-10"), "cn.baoding.2024", "from", _d("2024-11-01")),
    _case(pytest.mark.rule("BD-12"), "cn.baoding.2024", "deaths_at_least", 1),
    _case(pytest.mark.rule("BD-13"), "cn.baoding.2024", "accident_grade_at_least", "较大"),
]


@pytest.mark.parametrize(("policy_id", "rule_id", "name", "expected"), CASES)
def test_value_on_both_edges_of_the_policy(
    policy_id: str, rule_id: str, name: str, expected: Any
) -> None:
    """The value is the seed's on the policy's first and last day, and not to be had outside."""
    policy = default_policies().get(policy_id)
    first = policy.effective_from
    last = policy.effective_until or first.add(years=10)
    assert policy.value(rule_id, name, first) == expected
    assert policy.value(rule_id, name, last) == expected
    with pytest.raises(PolicyError, match="not in effect"):
        policy.value(rule_id, name, first.subtract(days=1))
    if policy.effective_until is not None:
        with pytest.raises(PolicyError, match="not in effect"):
            policy.value(rule_id, name, last.add(days=1))


@pytest.mark.rule("EQ-7")
def test_delisting_is_cited_from_the_follow_up_visits() -> None:
    """EQ-7 quotes 经限期整改仍不达标的企业，要摘牌收证 from 三、(三)."""
    citation = default_policies().get("cn.erqi.2016").citation("EQ-7")
    assert citation.article == "三、(三)强化标准化回访核查"
    assert citation.text_zh.endswith("经限期整改仍不达标的企业，要摘牌收证")
