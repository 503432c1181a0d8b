"""PolicyRegistry: choosing the policy of a case by region, level and date; versions; the seam."""

from __future__ import annotations

import datetime

import attrs
import pendulum
import pytest

from gradingcore import InvalidInput, Level, Policy, PolicyError, PolicyRegistry

MAY_DAY = datetime.date(2024, 5, 1)


class TestSelect:
    def test_henan_level_2(self, policies: PolicyRegistry) -> None:
        """Qinyang (410882), level 2, on 2024-05-01 is governed by Henan's policy."""
        assert str(policies.select("410882", Level.LEVEL_2, MAY_DAY).ref) == "cn.henan.2023@1"

    def test_henan_level_3(self, policies: PolicyRegistry) -> None:
        """Level 3 in Henan is Henan's too."""
        assert policies.select("410100", Level.LEVEL_3, MAY_DAY).id == "cn.henan.2023"

    def test_level_1_in_henan_is_national(self, policies: PolicyRegistry) -> None:
        """Henan does not grade level 1: the national policy governs it."""
        assert policies.select("410882", Level.LEVEL_1, MAY_DAY).id == "cn.mem.2021"

    def test_beijing_is_national(self, policies: PolicyRegistry) -> None:
        """Beijing (110000), level 2, falls back to the national policy."""
        assert policies.select("110000", Level.LEVEL_2, MAY_DAY).id == "cn.mem.2021"

    def test_henan_from_its_first_day(self, policies: PolicyRegistry) -> None:
        """On Henan's effective_from its policy governs; the day before, the national one."""
        henan = policies.get("cn.henan.2023")
        first = henan.effective_from
        assert policies.select("410882", 2, first).id == "cn.henan.2023"
        assert policies.select("410882", 2, first.subtract(days=1)).id == "cn.mem.2021"

    def test_national_from_2021_11_01(self, policies: PolicyRegistry) -> None:
        """From 2021-11-01 the national policy governs; before it nothing does."""
        assert policies.select("110000", 1, datetime.date(2021, 11, 1)).id == "cn.mem.2021"
        with pytest.raises(PolicyError, match="no policy governs level 1 in region 110000"):
            policies.select("110000", 1, datetime.date(2021, 10, 31))

    def test_plain_int_level_and_pendulum_date(self, policies: PolicyRegistry) -> None:
        """The level may be given as an int and the date as a pendulum Date."""
        assert policies.select("410882", 2, pendulum.date(2024, 5, 1)).id == "cn.henan.2023"

    @pytest.mark.parametrize("region", ["41", "4108820", "41088a", 410882])
    def test_bad_region(self, policies: PolicyRegistry, region: object) -> None:
        """A region that is not 6 digits is refused as invalid input."""
        with pytest.raises(InvalidInput, match="GB/T 2260"):
            policies.select(region, 2, MAY_DAY)  # type: ignore[arg-type]

    def test_bad_level(self, policies: PolicyRegistry) -> None:
        """A level other than 1, 2, 3 is refused as invalid input."""
        with pytest.raises(InvalidInput, match="not a level"):
            policies.select("410882", 4, MAY_DAY)

    def test_datetime_is_refused(self, policies: PolicyRegistry) -> None:
        """A datetime is not a business date."""
        with pytest.raises(InvalidInput, match="business date"):
            policies.select("410882", 2, datetime.datetime(2024, 5, 1, 9))


class TestLocalPolicies:
    def _local(self, henan: Policy, **changes: object) -> Policy:
        fields: dict[str, object] = {"id": "cn.henan.jiaozuo", "regions": ("4108",)}
        fields.update(changes)
        return attrs.evolve(henan, **fields)  # type: ignore[arg-type]

    def test_longest_prefix_wins(self, policies: PolicyRegistry, henan: Policy) -> None:
        """A city's policy (4108) wins over the province's (41) inside the city only."""
        registry = policies.with_policy(self._local(henan))
        assert registry.select("410882", 2, MAY_DAY).id == "cn.henan.jiaozuo"
        assert registry.select("410100", 2, MAY_DAY).id == "cn.henan.2023"

    def test_only_for_its_levels(self, policies: PolicyRegistry, henan: Policy) -> None:
        """A local policy for level 3 does not govern level 2."""
        registry = policies.with_policy(self._local(henan, levels=frozenset({Level.LEVEL_3})))
        assert registry.select("410882", 3, MAY_DAY).id == "cn.henan.jiaozuo"
        assert registry.select("410882", 2, MAY_DAY).id == "cn.henan.2023"

    def test_with_policy_leaves_the_registry_unchanged(
        self, policies: PolicyRegistry, henan: Policy
    ) -> None:
        """with_policy returns a new registry; the packaged one is unchanged."""
        before = len(policies)
        registry = policies.with_policy(self._local(henan))
        assert len(registry) == before + 1
        assert len(policies) == before == 6

    def test_same_version_twice_is_refused(self, policies: PolicyRegistry, henan: Policy) -> None:
        """An id@version already registered cannot be registered again."""
        with pytest.raises(PolicyError, match=r"cn.henan.2023@1 is registered twice"):
            policies.with_policy(henan)

    def test_equal_candidates_are_ambiguous(self, policies: PolicyRegistry, henan: Policy) -> None:
        """Two policies as specific as each other and as recent are refused, not guessed."""
        registry = policies.with_policy(self._local(henan, regions=("41",)))
        with pytest.raises(PolicyError, match="apply equally"):
            registry.select("410882", 2, MAY_DAY)

    def test_later_start_wins_among_equals(self, policies: PolicyRegistry, henan: Policy) -> None:
        """Among equally specific policies, the one that took effect last governs."""
        later = self._local(henan, regions=("41",), effective_from=pendulum.date(2024, 1, 1))
        registry = policies.with_policy(later)
        assert registry.select("410882", 2, MAY_DAY).id == "cn.henan.jiaozuo"
        assert registry.select("410882", 2, datetime.date(2023, 6, 1)).id == "cn.henan.2023"


class TestVersions:
    def test_get_latest_and_exact(self, policies: PolicyRegistry, henan: Policy) -> None:
        """get(id) is the latest version; get(id, version) that version, for replay."""
        v2 = attrs.evolve(henan, version="2", effective_from=pendulum.date(2023, 7, 1))
        registry = policies.with_policy(v2)
        assert registry.get("cn.henan.2023").version == "2"
        assert registry.get("cn.henan.2023", "1") is henan

    def test_select_uses_the_latest_version(self, policies: PolicyRegistry, henan: Policy) -> None:
        """A corrected version supersedes the old one for new decisions, dates included."""
        v2 = attrs.evolve(henan, version="2", effective_from=pendulum.date(2023, 7, 1))
        registry = policies.with_policy(v2)
        assert str(registry.select("410882", 2, MAY_DAY).ref) == "cn.henan.2023@2"
        assert registry.select("410882", 2, datetime.date(2023, 3, 1)).id == "cn.mem.2021"

    def test_numeric_versions_order(self, policies: PolicyRegistry, henan: Policy) -> None:
        """Version "10" is later than version "9"."""
        registry = policies.with_policy(attrs.evolve(henan, version="10")).with_policy(
            attrs.evolve(henan, version="9")
        )
        assert registry.get("cn.henan.2023").version == "10"

    def test_unknown_policy(self, policies: PolicyRegistry) -> None:
        """An unknown id fails naming the known policies."""
        with pytest.raises(PolicyError, match=r"no policy 'cn.nowhere'.*cn.mem.2021@1"):
            policies.get("cn.nowhere")

    def test_unknown_version(self, policies: PolicyRegistry) -> None:
        """An unknown version fails naming the versions there are."""
        with pytest.raises(PolicyError, match=r"has no version '7' \(versions: 1\)"):
            policies.get("cn.mem.2021", "7")


class TestRegistry:
    def test_all_lists_national_first(self, policies: PolicyRegistry) -> None:
        """all() lists every policy, the national one first."""
        assert [str(p.ref) for p in policies.all()][:2] == ["cn.mem.2021@1", "cn.henan.2023@1"]
        assert list(policies) == list(policies.all())

    def test_national(self, policies: PolicyRegistry) -> None:
        """national() is the country-wide policy."""
        assert policies.national().id == "cn.mem.2021"

    def test_no_national(self, henan: Policy) -> None:
        """A registry without a country-wide policy says so."""
        with pytest.raises(PolicyError, match="no country-wide policy"):
            PolicyRegistry([henan]).national()

    def test_empty_registry_selects_nothing(self) -> None:
        """An empty registry fails to select, naming the case."""
        with pytest.raises(PolicyError, match="no policy governs level 2 in region 410882"):
            PolicyRegistry([]).select("410882", 2, MAY_DAY)
