"""The schemes' policies: layered over their base, chosen by region and date, drafts adopted."""

from __future__ import annotations

import datetime

import pendulum
import pytest

from gradingcore import Level, PolicyError, default_policies
from gradingcore.policy import parse_policy

CAMPAIGN = "safety-integrity-campaign"

LAYERED = """\
[policy]
id = "cn.test.gate"
version = "1"
extends = "cn.henan.2023"
title_zh = "测试"
title_en = "Henan with Changzhou's gate"
regions = ["41"]
effective_from = 2024-01-01

[documents.CZ]
title = "常州市安全生产达标企业创建方案"
verified = true

[rules."CZ-8"]
summary = "The gate."
values = { level_1_min = 90, level_2_min = 75 }

[rules."CZ-8".citation]
document = "CZ"
verified = true
text_zh = "企業(yè)評分達到75分以上,方可新申報二級標準化企業(yè)"
"""


class TestSelection:
    def test_changzhou_by_region_and_both_edges_of_its_period(self) -> None:
        """Changzhou (3204xx) has its own policy from 2022-02-08 to 2023-12-31, the nation's
        outside it."""
        policies = default_policies()
        for day, expected in [
            (datetime.date(2022, 2, 7), "cn.mem.2021"),
            (datetime.date(2022, 2, 8), "cn.changzhou.2022"),
            (datetime.date(2023, 12, 31), "cn.changzhou.2022"),
            (datetime.date(2024, 1, 1), "cn.mem.2021"),
        ]:
            assert policies.select("320402", Level.LEVEL_2, day).id == expected, day
        assert policies.select("320102", Level.LEVEL_2, datetime.date(2023, 1, 1)).id == (
            "cn.mem.2021"
        )

    def test_erqi_is_chosen_in_its_district_only(self) -> None:
        """Erqi (410103) has its own policy; the rest of Zhengzhou keeps Henan's."""
        policies = default_policies()
        day = datetime.date(2024, 5, 6)
        assert policies.select("410103", 3, day).id == "cn.erqi.2016"
        assert policies.select("410102", 3, day).id == "cn.henan.2023"
        assert policies.select("410103", 1, day).id == "cn.mem.2021"

    def test_a_draft_is_listed_but_not_chosen(self) -> None:
        """Qinyang's plan is a draft: Henan's rules govern Qinyang until it is adopted."""
        policies = default_policies()
        assert policies.get("cn.qinyang.2024").status == "draft"
        day = datetime.date(2024, 5, 6)
        assert policies.select("410882", 3, day).id == "cn.henan.2023"
        adopted = policies.adopting("cn.qinyang.2024")
        assert adopted.select("410882", 3, day).id == "cn.qinyang.2024"
        assert adopted.select("410882", 3, datetime.date(2024, 2, 29)).id == "cn.henan.2023"
        assert adopted.select("410882", 3, datetime.date(2024, 3, 1)).id == "cn.qinyang.2024"
        assert adopted.select("410882", 3, datetime.date(2025, 12, 31)).id == "cn.qinyang.2024"
        assert adopted.select("410882", 3, datetime.date(2026, 1, 1)).id == "cn.henan.2023"
        assert policies.select("410882", 3, day).id == "cn.henan.2023"  # unchanged

    def test_the_campaign_policy_is_not_a_grading_policy(self) -> None:
        """Baoding's campaign policy is chosen for the campaign, never for a grading case."""
        policies = default_policies()
        day = datetime.date(2024, 5, 6)
        assert policies.select("130602", 2, day).id == "cn.mem.2021"
        assert policies.select_for(CAMPAIGN, "130602", day).id == "cn.baoding.2024"
        with pytest.raises(PolicyError, match="no policy governs safety-integrity-campaign"):
            policies.select_for(CAMPAIGN, "130602", datetime.date(2025, 1, 1))
        with pytest.raises(PolicyError, match="no policy governs safety-integrity-campaign"):
            policies.select_for(CAMPAIGN, "410882", day)


class TestLayering:
    def test_inherits_the_base_and_adds_its_own(self) -> None:
        """A layered policy holds every rule of its base and its own on top."""
        policy = parse_policy(LAYERED)
        henan = default_policies().get("cn.henan.2023")
        assert str(policy.extends) == "cn.henan.2023@1"
        assert set(policy.rules) == set(henan.rules) | {"CZ-8"}
        assert policy.authorities == henan.authorities
        assert policy.levels == henan.levels
        assert policy.value("CZ-8", "level_2_min", datetime.date(2024, 1, 1)) == 75
        assert policy.rule("intake.audit") == henan.rule("intake.audit")

    def test_unknown_base_is_named(self) -> None:
        """extends naming no known policy fails on that key."""
        with pytest.raises(PolicyError, match=r"policy.extends: no policy 'cn.nowhere'"):
            parse_policy(LAYERED.replace('"cn.henan.2023"', '"cn.nowhere"'))

    def test_a_scheme_value_of_the_wrong_kind_is_named(self) -> None:
        """A scheme's number of the wrong kind fails naming its key."""
        with pytest.raises(PolicyError, match=r"rules.CZ-8.values.level_2_min: must be int"):
            parse_policy(LAYERED.replace("level_2_min = 75", 'level_2_min = "75"'))

    def test_month_day_values(self) -> None:
        """A day of every year is "MM-DD": 05-31 reads, 02-30 and 5-31 do not."""
        policy = default_policies().get("cn.qinyang.2024")
        assert policy.value("QY-7", "apply_by", pendulum.date(2024, 5, 1)) == "05-31"
        text = LAYERED.replace(
            '[rules."CZ-8"]',
            '[out_of_scope]\n"CZ-1" = "not here, for a test of the table"\n\n[rules."CZ-8"]',
        )
        assert parse_policy(text).out_of_scope == {"CZ-1": "not here, for a test of the table"}

    def test_out_of_scope_needs_a_reason(self) -> None:
        """An out-of-scope item without a reason is refused."""
        text = LAYERED + '\n[out_of_scope]\n"CZ-1" = ""\n'
        with pytest.raises(PolicyError, match=r"out_of_scope.CZ-1: must give the reason"):
            parse_policy(text)

    def test_status_must_be_known(self) -> None:
        """A status other than "in force" or "draft" is refused."""
        text = LAYERED.replace(
            'extends = "cn.henan.2023"', 'extends = "cn.henan.2023"\nstatus = "final"'
        )
        with pytest.raises(PolicyError, match=r"policy\.status"):
            parse_policy(text)

    def test_dates_are_dates(self) -> None:
        """A scheme's deadline is a TOML date; its value is a pendulum date."""
        policy = default_policies().get("cn.changzhou.2022")
        start_by = policy.value("CZ-2", "key_fields_start_by", pendulum.date(2022, 3, 1))
        assert start_by == pendulum.date(2022, 12, 31)
        assert isinstance(start_by, pendulum.Date)


class TestLineNumbers:
    @pytest.mark.parametrize(
        ("old", "new", "line"),
        [
            ("level_2_min = 75", 'level_2_min = "75"', 16),
            ('"cn.henan.2023"', '"cn.nowhere"', 4),
            ('document = "CZ"', 'document = "ZZ"', 19),
            ('[rules."CZ-8"]\n', '[rules."CZ-88"]\n', 14),
        ],
    )
    def test_an_error_names_its_line(self, old: str, new: str, line: int) -> None:
        """A malformed policy file's error names the line of the key, as text and as a fact."""
        with pytest.raises(PolicyError) as info:
            parse_policy(LAYERED.replace(old, new, 1), source="draft.toml")
        assert info.value.facts["line"] == line
        assert str(info.value).startswith("draft.toml: ")
        assert f"(line {line})" in str(info.value)

    def test_a_toml_syntax_error_names_its_line(self) -> None:
        """Broken TOML is reported with tomllib's line and column."""
        with pytest.raises(PolicyError, match=r"draft.toml: not valid TOML: .*line 16"):
            parse_policy(LAYERED.replace("level_2_min = 75", "level_2_min = "), source="draft.toml")
