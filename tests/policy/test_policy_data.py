"""The packaged policies: every rule of rules.md, cited, with the numbers the rule code reads."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gradingcore import Level, Policy, PolicyRegistry
from gradingcore.policy import RULE_IDS

AS_RECALLED = ("level1.record", "level1.history", "renewal.direct.level1")

#: Rule ids the case enforces beyond rules.md's table (docs/decisions/0009 and 0017).
PROCEDURE_IDS = [
    "procedure.order",
    "procedure.actor",
    "scope.industry",
    "procedure.online",
    "publicity.list",
]

#: Henan's own rules, which the national policy does not hold (docs/decisions/0012).
HENAN_ONLY = {
    "apply.report_to_city",
    "review.expert_qualification",
    "review.independence",
    "procedure.online",
}

#: The values each rule holds, as the brief for the policy data gives them.
EXPECTED_VALUES: dict[str, dict[str, Any]] = {
    "selfeval.annual": {"interval_years": 1},
    "selfeval.publicity": {"workdays": 10},
    "apply.report_to_city": {"levels": [2]},
    "intake.correction": {"workdays": 5},
    "intake.deemed_acceptance": {"workdays": 5},
    "intake.audit": {"workdays": 10},
    "review.team_size": {"min_experts": 3, "max_experts": 5, "leaders": 1},
    "review.expert_qualification": {
        "expert_min_years": 5,
        "leader_min_years": 10,
        "expert_min_title": "intermediate",
        "leader_min_title": "senior",
        "min_degree": "bachelor",
        "levels": [2],
    },
    "review.independence": {"service_lookback_years": 1, "random_draw_levels": [2]},
    "rectify.deadline": {"workdays": 20},
    "rectify.extension": {"max_workdays": 20, "max_times": 1},
    "rectify.verification": {"workdays": 10},
    "publicity.duration": {"workdays": 7},
    "announce.level": {
        "copied_to": [
            "工业和信息化部门",
            "人力资源社会保障部门",
            "国有资产监督管理部门",
            "市场监督管理部门",
            "工会组织",
            "银行保险监督管理机构",
            "证券监督管理机构",
        ]
    },
    "commit.no_accident_1y": {
        "lookback_years": 1,
        "deaths_at_least": 1,
        "serious_injuries_at_least": 3,
        "direct_loss_at_least_cny": 1_000_000,
    },
    "lockout.after_failure": {"years": 1},
    "lockout.after_revocation": {"years": 1},
    "lockout.false_commitment": {"years": 3},
    "validity.term": {"years": 3},
    "renewal.window": {"months": 3},
    "renewal.direct": {
        "deaths_at_least": 1,
        "serious_injuries_at_least": 5,
        "direct_loss_at_least_cny": 5_000_000,
        "levels": [2, 3],
    },
    "renewal.direct.level1": {
        "serious_injuries_at_least": 3,
        "direct_loss_at_least_cny": 1_000_000,
    },
    "revoke.injuries_or_loss_12m": {
        "window_months": 12,
        "serious_injuries_at_least": 3,
        "direct_loss_at_least_cny": 1_000_000,
    },
    "level1.history": {
        "effective_years": 3,
        "no_major_accident_years": 5,
        "no_relatively_large_accident_years": 2,
    },
    "score.range": {"min": 0, "max": 100},
    "commit.no_social_incident": {"lookback_years": 1},
    "procedure.online": {"system": "应急管理部企业安全生产标准化信息管理系统"},
}

#: The industries of 第二条: Henan's eleven, the national list two more (as recalled).
HENAN_INDUSTRIES = [
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
]
NATIONAL_INDUSTRIES = [*HENAN_INDUSTRIES[:3], "烟花爆竹", "石油开采", *HENAN_INDUSTRIES[3:]]

#: Henan's citations, as the seed numbers them (rules.md's "HN 7(二)1" and so on).
HENAN_CITATIONS = {
    "selfeval.annual": ("第七条", "(一)"),
    "apply.report_to_city": ("第七条", "(二)"),
    "intake.correction": ("第七条", "(二)1"),
    "intake.deemed_acceptance": ("第七条", "(二)1"),
    "intake.audit": ("第七条", "(二)2"),
    "review.team_size": ("第七条", "(三)"),
    "review.expert_qualification": ("第十四条、第十七条", "第一款"),
    "review.independence": ("第六条、第十三条、第十四条、第十五条", None),
    "score.level_threshold": ("第四条、附件2", None),
    "scope.industry": ("第二条", None),
    "procedure.online": ("第十六条", None),
    "publicity.list": ("第七条", "(四)"),
    "rectify.extension": ("第七条", "(三)"),
    "publicity.duration": ("第七条", "(四)"),
    "announce.level": ("第七条", "(五)"),
    "commit.no_accident_1y": ("第八条", "(四)"),
    "lockout.false_commitment": ("第八条", "第二款"),
    "validity.term": ("第九条", None),
    "renewal.direct": ("第十条", "第二款"),
    "revoke.injuries_or_loss_12m": ("第十一条", "(二)"),
    "authority.by_level": ("第五条", None),
    "fees.none": ("第六条", "第一款"),
    "procedure.order": ("第七条", None),
    "procedure.actor": ("第六条、第七条", None),
}


def _ids_in(rules_md: str) -> list[str]:
    return re.findall(r"(?m)^\| ([a-z0-9_]+(?:\.[a-z0-9_]+)+) \|", rules_md)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _both(policies: PolicyRegistry) -> list[Policy]:
    return [policies.get("cn.mem.2021"), policies.get("cn.henan.2023")]


class TestRuleIds:
    def test_copy_matches_rules_md(self, rules_md: str, rule_ids: list[str]) -> None:
        """The copy of the rule ids kept with the tests is rules.md's list, in its order."""
        assert _ids_in(rules_md) == rule_ids

    def test_catalogue_matches_the_copy(self, rule_ids: list[str]) -> None:
        """The catalogue holds the ids of rules.md in its order, then the procedure's two."""
        assert list(RULE_IDS) == rule_ids + PROCEDURE_IDS

    def test_every_id_of_rules_md_is_in_both_policies(
        self, rules_md: str, policies: PolicyRegistry
    ) -> None:
        """Every rule id read from rules.md itself is held by Henan's policy, and by the national
        one but for Henan's own rules."""
        for policy in _both(policies):
            missing = [rule_id for rule_id in _ids_in(rules_md) if rule_id not in policy.rules]
            expected = (
                sorted(HENAN_ONLY - {"procedure.online"}) if policy.id == "cn.mem.2021" else []
            )
            assert sorted(missing) == expected, policy.ref

    @pytest.mark.parametrize("policy_id", ["cn.mem.2021", "cn.henan.2023"])
    def test_every_id_is_in_the_policy(
        self, policies: PolicyRegistry, rule_ids: list[str], policy_id: str
    ) -> None:
        """Henan holds every rule id of the copy and the procedure's five, nothing else; the
        national policy the same but for Henan's own rules."""
        held = [
            r
            for r in rule_ids + PROCEDURE_IDS
            if policy_id == "cn.henan.2023" or r not in HENAN_ONLY
        ]
        assert sorted(policies.get(policy_id).rules) == sorted(held)


class TestCitations:
    @pytest.mark.parametrize("policy_id", ["cn.mem.2021", "cn.henan.2023"])
    def test_every_rule_is_cited_with_chinese_text(
        self, policies: PolicyRegistry, policy_id: str
    ) -> None:
        """Every rule has a citation with a document and non-empty Chinese text."""
        policy = policies.get(policy_id)
        for rule in policy.rules.values():
            assert rule.citation.document in policy.documents, rule.id
            assert re.search(r"[\u4e00-\u9fff]", rule.citation.text_zh), rule.id
            assert rule.summary.strip(), rule.id

    def test_mem_citations_are_unverified(self, policies: PolicyRegistry) -> None:
        """No citation of the national text is marked verified, in either policy."""
        for policy in _both(policies):
            for rule in policy.rules.values():
                if rule.citation.document == "MEM":
                    assert not rule.citation.verified, (policy.ref, rule.id)
                    assert "unverified)" in str(rule.citation)
            assert not policy.documents["MEM"].verified

    def test_as_recalled_rules_are_unverified(self, policies: PolicyRegistry) -> None:
        """The rules rules.md marks "as recalled" are unverified in both policies."""
        for policy in _both(policies):
            for rule_id in AS_RECALLED:
                assert not policy.citation(rule_id).verified, (policy.ref, rule_id)

    def test_national_citations_say_where_their_text_comes_from(self, national: Policy) -> None:
        """Every unverified national citation carries a note saying what it rests on."""
        for rule in national.rules.values():
            if not rule.citation.verified:
                assert rule.citation.note, rule.id

    def test_henan_citations_as_the_seed_numbers_them(self, henan: Policy) -> None:
        """Henan's citations name the seed's article and item, verified."""
        for rule_id, (article, item) in HENAN_CITATIONS.items():
            citation = henan.citation(rule_id)
            assert (citation.document, citation.article, citation.item) == ("HN", article, item)
            assert citation.verified, rule_id
        assert str(henan.citation("intake.correction")) == "HN 第七条(二)1"

    def test_hn_text_is_quoted_from_the_seed(
        self, policies: PolicyRegistry, henan_seed: str
    ) -> None:
        """Every HN text, and every national text said to follow HN, is in the seed verbatim."""
        seed = _squash(henan_seed)
        checked = 0
        for policy in _both(policies):
            for rule in policy.rules.values():
                citation = rule.citation
                follows = "follows HN" in citation.note or "follows Henan's draft" in citation.note
                if citation.document != "HN" and not follows:
                    continue
                for passage in citation.text_zh.split("……"):  # …… joins separate passages
                    assert _squash(passage) in seed, (policy.ref, rule.id)
                checked += 1
        assert checked > 100

    def test_henan_verified_citations_are_hn_or_civil_code(self, henan: Policy) -> None:
        """In Henan's policy the verified citations are HN's and the Civil Code's only."""
        verified = {r.citation.document for r in henan.rules.values() if r.citation.verified}
        assert verified == {"HN", "CC"}

    def test_civil_code_and_calendar(self, policies: PolicyRegistry) -> None:
        """period.civil_code cites 民法典 201 to 203; calendar.official the State Council notice."""
        for policy in _both(policies):
            civil = policy.citation("period.civil_code")
            assert (civil.document, civil.article) == ("CC", "第二百零一条至第二百零三条")
            assert "开始的当日不计入" in civil.text_zh
            assert "以法定休假日结束的次日为期间的最后一日" in civil.text_zh
            assert policy.citation("calendar.official").document == "GOV"


class TestValues:
    @pytest.mark.parametrize("policy_id", ["cn.mem.2021", "cn.henan.2023"])
    def test_values_as_specified(self, policies: PolicyRegistry, policy_id: str) -> None:
        """Each rule holds exactly the named values; rules without numbers hold none."""
        policy = policies.get(policy_id)
        industries = HENAN_INDUSTRIES if policy_id == "cn.henan.2023" else NATIONAL_INDUSTRIES
        expected = {**EXPECTED_VALUES, "scope.industry": {"industries": industries}}
        for rule in policy.rules.values():
            assert dict(rule.values) == expected.get(rule.id, {}), rule.id

    def test_value_types(self, policies: PolicyRegistry) -> None:
        """Integers are ints (not bools), names are strings, level lists are lists of ints."""
        for policy in _both(policies):
            for rule in policy.rules.values():
                for value in rule.values.values():
                    assert not isinstance(value, bool)
                    assert isinstance(value, int | str | list)


class TestPolicies:
    def test_national(self, national: Policy) -> None:
        """The national policy: the whole country, levels 1-3, from 2021-11-01, MEM for level 1."""
        assert str(national.ref) == "cn.mem.2021@1"
        assert national.regions == ("",)
        assert national.levels == {Level.LEVEL_1, Level.LEVEL_2, Level.LEVEL_3}
        assert national.effective_from.isoformat() == "2021-11-01"
        assert national.effective_until is None
        assert national.authorities[Level.LEVEL_1].kind == "MEM"
        assert national.authorities[Level.LEVEL_2].kind == "province"
        assert national.authorities[Level.LEVEL_3].kind == "city"
        assert "unverified" in national.note

    def test_henan(self, henan: Policy) -> None:
        """Henan's policy: region 41, levels 2 and 3, its academy as level-2 organizing unit."""
        assert str(henan.ref) == "cn.henan.2023@1"
        assert henan.regions == ("41",)
        assert henan.levels == {Level.LEVEL_2, Level.LEVEL_3}
        assert henan.effective_from.isoformat() == "2023-01-01"
        assert henan.authorities[Level.LEVEL_2].name_zh == "河南省应急管理厅"
        assert henan.organizing_units[Level.LEVEL_2] == "河南省应急管理科学技术研究院"
        assert henan.documents["HN"].number == "豫应急办〔2023〕62号"
        assert "unverified" in henan.note

    def test_zone_and_calendar(self, policies: PolicyRegistry) -> None:
        """Both count business dates in Asia/Shanghai on the official calendar."""
        for policy in _both(policies):
            assert (policy.zone, policy.calendar) == ("Asia/Shanghai", "cn-official")


class TestNationalText:
    def test_no_henan_only_words_in_the_national_policy(self, national: Policy) -> None:
        """The national policy quotes no Henan-only text: no Henan body, no city list of Henan,
        no 二级-only expert rule (docs/decisions/0012)."""
        for rule in national.rules.values():
            for word in (
                "省应急管理厅",
                "省辖市",
                "济源",
                "河南",
                "二级标准化现场评审专家",
                "省安全生产专家",
            ):
                assert word not in rule.citation.text_zh, (rule.id, word)
        assert "HN" not in national.documents

    def test_mem_articles_from_7_on_are_cited_by_subject(self, national: Policy) -> None:
        """No MEM citation names an article from 第七条 on: those cite their subject, unverified;
        the articles kept are 第二条 to 第六条, whose numbering matches Henan's."""
        for rule in national.rules.values():
            citation = rule.citation
            if citation.document != "MEM":
                continue
            assert not citation.verified, rule.id
            if citation.article is None:
                assert citation.subject, rule.id
                assert "article not known" in str(citation), rule.id
            else:
                assert citation.article in ("第二条", "第四条", "第五条", "第六条"), rule.id
