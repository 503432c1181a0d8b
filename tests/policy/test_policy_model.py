"""Policy, Rule, PolicyRef and Level: lookups, periods and their edges, and the errors."""

from __future__ import annotations

import datetime

import attrs
import pendulum
import pytest

from gradingcore import (
    Citation,
    InvalidInput,
    Level,
    Policy,
    PolicyError,
    PolicyRef,
    PolicyRegistry,
    Rule,
)

MAY_DAY = datetime.date(2024, 5, 1)


def _bounded(policy: Policy, until: pendulum.Date) -> Policy:
    """``policy`` with an end date, on the policy and on one of its rules (a day earlier)."""
    rules = dict(policy.rules)
    rules["rectify.deadline"] = attrs.evolve(
        rules["rectify.deadline"], effective_until=until.subtract(days=1)
    )
    return attrs.evolve(policy, version="bounded", effective_until=until, rules=rules)


class TestLevel:
    def test_values_and_order(self) -> None:
        """Levels are the ints 1, 2, 3; 1 is highest."""
        assert [int(level) for level in Level] == [1, 2, 3]
        assert Level(2) is Level.LEVEL_2
        assert min(Level) is Level.LEVEL_1

    def test_names(self) -> None:
        """Each level has its Chinese and English name."""
        assert (Level.LEVEL_2.zh, Level.LEVEL_2.en) == ("二级", "level 2")


class TestPolicyRef:
    def test_str_and_parse(self) -> None:
        """A ref prints as id@version and parses back."""
        ref = PolicyRef("cn.henan.2023", "1")
        assert str(ref) == "cn.henan.2023@1"
        assert PolicyRef.parse("cn.henan.2023@1") == ref

    @pytest.mark.parametrize("text", ["cn.henan.2023", "@1", "cn.henan.2023@"])
    def test_parse_refuses_malformed(self, text: str) -> None:
        """Text without both an id and a version is invalid input."""
        with pytest.raises(InvalidInput, match="not a policy reference"):
            PolicyRef.parse(text)

    def test_policy_ref(self, henan: Policy) -> None:
        """A policy's ref is its id and version."""
        assert henan.ref == PolicyRef("cn.henan.2023", "1")


class TestRuleLookup:
    def test_rule(self, henan: Policy) -> None:
        """rule() returns the rule with its id, summary, citation and values."""
        rule = henan.rule("intake.correction")
        assert rule.id == "intake.correction"
        assert rule.summary.startswith("A correction request")
        assert rule.citation == henan.citation("intake.correction")
        assert rule.values["workdays"] == 5

    def test_unknown_rule(self, henan: Policy) -> None:
        """An unknown rule id fails naming the id and the policy."""
        with pytest.raises(PolicyError, match=r"cn.henan.2023@1 has no rule 'intake.nothing'"):
            henan.rule("intake.nothing")

    def test_unknown_rule_has_no_citation(self, national: Policy) -> None:
        """citation() of an unknown rule id fails the same way."""
        with pytest.raises(PolicyError, match="has no rule"):
            national.citation("intake.nothing")

    def test_rule_defaults_to_the_policy_period(self, policies: PolicyRegistry) -> None:
        """Every packaged rule is in effect over the whole period of the policy that states it
        (a layered policy's inherited rules keep their base's period)."""
        for policy in policies.all():
            base = policies.get(policy.extends.id) if policy.extends else None
            for rule in policy.rules.values():
                if base is not None and base.rules.get(rule.id) == rule:
                    continue
                assert (rule.effective_from, rule.effective_until) == (
                    policy.effective_from,
                    policy.effective_until,
                )


class TestPeriods:
    @pytest.mark.parametrize("policy_id", ["cn.mem.2021", "cn.henan.2023"])
    def test_first_day_edge(self, policies: PolicyRegistry, policy_id: str) -> None:
        """Every rule answers on its first day and refuses the day before."""
        policy = policies.get(policy_id)
        for rule in policy.rules.values():
            assert policy.rule(rule.id, rule.effective_from) is rule
            with pytest.raises(PolicyError, match="not in effect"):
                policy.rule(rule.id, rule.effective_from.subtract(days=1))

    def test_policy_last_day_edge(self, henan: Policy) -> None:
        """A policy with an end answers on its last day and refuses the day after."""
        bounded = _bounded(henan, pendulum.date(2025, 12, 31))
        assert bounded.in_effect(pendulum.date(2025, 12, 31))
        assert bounded.value("publicity.duration", "workdays", pendulum.date(2025, 12, 31)) == 7
        assert not bounded.in_effect(pendulum.date(2026, 1, 1))
        with pytest.raises(PolicyError, match=r"policy cn.henan.2023@bounded is not in effect"):
            bounded.value("publicity.duration", "workdays", pendulum.date(2026, 1, 1))

    def test_rule_last_day_edge(self, henan: Policy) -> None:
        """A rule ending before its policy answers on its last day and refuses the day after."""
        bounded = _bounded(henan, pendulum.date(2025, 12, 31))
        assert bounded.value("rectify.deadline", "workdays", pendulum.date(2025, 12, 30)) == 20
        with pytest.raises(
            PolicyError, match=r"rule rectify.deadline .* not in effect on 2025-12-31"
        ):
            bounded.value("rectify.deadline", "workdays", pendulum.date(2025, 12, 31))

    def test_period_error_carries_rule_and_citation(self, henan: Policy) -> None:
        """A date outside the period names the rule, its citation and the period."""
        with pytest.raises(PolicyError) as caught:
            henan.rule("intake.correction", datetime.date(2022, 12, 31))
        error = caught.value
        assert error.rule_ids == ("intake.correction",)
        assert error.citations == (henan.citation("intake.correction"),)
        assert error.facts["period"] == "2023-01-01 to (open-ended)"
        assert "HN 第七条(二)1" in str(error)

    def test_open_ended_text(self, national: Policy) -> None:
        """An open-ended period says so."""
        assert national.period == "2021-11-01 to (open-ended)"


class TestValue:
    def test_value(self, henan: Policy, national: Policy) -> None:
        """value() returns the number a rule holds on the date asked."""
        assert henan.value("intake.correction", "workdays", MAY_DAY) == 5
        assert henan.value("review.expert_qualification", "leader_min_title", MAY_DAY) == "senior"
        assert national.value("renewal.direct", "levels", MAY_DAY) == [2, 3]

    def test_list_values_are_copies(self, henan: Policy) -> None:
        """Changing a list returned by value() does not change the policy."""
        levels = henan.value("renewal.direct", "levels", MAY_DAY)
        levels.append(1)
        assert henan.value("renewal.direct", "levels", MAY_DAY) == [2, 3]

    def test_values_are_read_only(self, henan: Policy) -> None:
        """A rule's values mapping cannot be changed."""
        with pytest.raises(TypeError):
            henan.rule("intake.correction").values["workdays"] = 6  # type: ignore[index]

    def test_missing_value(self, henan: Policy) -> None:
        """A value the rule does not hold fails naming the rule id and the value name."""
        with pytest.raises(PolicyError) as caught:
            henan.value("intake.correction", "days", MAY_DAY)
        message = str(caught.value)
        assert "intake.correction" in message
        assert "'days'" in message
        assert "workdays" in message
        assert caught.value.facts["name"] == "days"

    def test_rule_without_values(self, henan: Policy) -> None:
        """Asking a rule without numbers for one says it holds none."""
        with pytest.raises(PolicyError, match=r"has no value 'days' \(it holds: none\)"):
            henan.value("fees.none", "days", MAY_DAY)

    def test_unknown_rule(self, henan: Policy) -> None:
        """An unknown rule id fails before the value is looked for."""
        with pytest.raises(PolicyError, match="has no rule 'nope'"):
            henan.value("nope", "workdays", MAY_DAY)

    def test_date_outside(self, national: Policy) -> None:
        """A date before the policy took effect fails."""
        with pytest.raises(PolicyError, match="not in effect on 2021-10-31"):
            national.value("validity.term", "years", datetime.date(2021, 10, 31))


class TestRuleValidation:
    def _rule(self, **changes: object) -> Rule:
        fields: dict[str, object] = {
            "id": "intake.correction",
            "summary": "s",
            "citation": Citation("HN", "第七条", "(二)1", "文"),
            "values": {"workdays": 5},
            "effective_from": datetime.date(2024, 1, 1),
        }
        fields.update(changes)
        return Rule(**fields)  # type: ignore[arg-type]

    def test_dates_become_pendulum_dates(self) -> None:
        """A datetime.date given to a rule is kept as a pendulum Date."""
        rule = self._rule()
        assert isinstance(rule.effective_from, pendulum.Date)
        assert rule.effective_until is None

    def test_unknown_id(self) -> None:
        """A rule id outside the catalogue is refused."""
        with pytest.raises(PolicyError, match=r"unknown rule id 'intake.nothing'"):
            self._rule(id="intake.nothing")

    def test_missing_and_unknown_values(self) -> None:
        """A value the rule code reads must be there, and no other."""
        with pytest.raises(PolicyError, match="missing value 'workdays'; unknown value 'days'"):
            self._rule(values={"days": 5})

    @pytest.mark.parametrize("value", ["5", True, 5.0, [5]])
    def test_value_kind(self, value: object) -> None:
        """An integer value must be an int, not text, a bool, a float or a list."""
        with pytest.raises(PolicyError, match="must be int"):
            self._rule(values={"workdays": value})

    def test_list_of_strings(self) -> None:
        """A list-of-strings value takes strings only; an empty list is allowed."""
        citation = Citation("HN", "第七条", "(五)", "文")
        with pytest.raises(PolicyError, match=r"value 'copied_to' must be list\[str\]"):
            self._rule(id="announce.level", citation=citation, values={"copied_to": [1]})
        rule = self._rule(id="announce.level", citation=citation, values={"copied_to": []})
        assert rule.values["copied_to"] == []

    def test_end_before_start(self) -> None:
        """A rule cannot end before it starts."""
        with pytest.raises(PolicyError, match="effective_until is before effective_from"):
            self._rule(effective_until=datetime.date(2023, 12, 31))


class TestPolicyValidation:
    def test_rule_filed_under_another_id(self, henan: Policy) -> None:
        """A rule must be filed under its own id."""
        rules = dict(henan.rules)
        rules["fees.none"] = rules["intake.correction"]
        with pytest.raises(PolicyError, match=r"filed under 'fees.none'"):
            attrs.evolve(henan, rules=rules)

    def test_unknown_document(self, henan: Policy) -> None:
        """A citation must name a document the policy lists."""
        documents = {k: v for k, v in henan.documents.items() if k != "CC"}
        with pytest.raises(PolicyError, match="cites unknown document 'CC'"):
            attrs.evolve(henan, documents=documents)

    def test_authority_per_level(self, henan: Policy) -> None:
        """Every level the policy grades has an authority and an organizing unit."""
        with pytest.raises(PolicyError, match="no authority for level 1; no organizing unit"):
            attrs.evolve(henan, levels={1, 2, 3})

    @pytest.mark.parametrize("region", ["4", "abc", "4108820"])
    def test_bad_region(self, henan: Policy, region: str) -> None:
        """Regions are GB/T 2260 prefixes of 2, 4 or 6 digits."""
        with pytest.raises(PolicyError, match="not a GB/T 2260 prefix"):
            attrs.evolve(henan, regions=(region,))

    def test_empty_regions_mean_the_country(self, henan: Policy) -> None:
        """No regions means the whole country, stored as the empty prefix."""
        assert attrs.evolve(henan, id="x", regions=()).regions == ("",)

    def test_title(self, henan: Policy) -> None:
        """title gives the Chinese title, then the English one."""
        assert henan.title == f"{henan.title_zh} ({henan.title_en})"
