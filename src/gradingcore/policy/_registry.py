"""The set of policies known to the library, and the choice of one for a case on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs
import pendulum

from gradingcore.errors import InvalidInput, PolicyError
from gradingcore.i18n import msg, msg_ctx
from gradingcore.levels import Level
from gradingcore.policy._model import GRADING, Policy, as_date


def _version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Orders ``"2"`` after ``"1"`` and ``"10"`` after ``"9"``; non-numeric parts as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))


def _as_tuple(policies: Iterable[Policy]) -> tuple[Policy, ...]:
    return tuple(policies)


def _check_unique(
    instance: PolicyRegistry,
    attribute: attrs.Attribute[tuple[Policy, ...]],
    value: tuple[Policy, ...],
) -> None:
    seen: set[tuple[str, str]] = set()
    for policy in value:
        key = (policy.id, policy.version)
        if key in seen:
            raise PolicyError(
                msg(
                    "policy {policy} is registered twice: a version, once recorded, never "
                    "changes; publish a new version instead",
                    policy=str(policy.ref),
                ),
                facts={"policy": str(policy.ref)},
            )
        seen.add(key)


@attrs.frozen
class PolicyRegistry:
    """An immutable collection of policies (every version of each), with selection by case.

    :meth:`get` reaches any version, for replaying a history recorded under it; :meth:`select`
    considers only the latest version of each policy, for deciding now.
    """

    _policies: tuple[Policy, ...] = attrs.field(converter=_as_tuple, validator=_check_unique)
    #: Ids of policies chosen first wherever they apply (a draft being compared).
    _preferred: tuple[str, ...] = ()
    # The registry is immutable, so a selection, once made, holds: every command selects.
    _selected: dict[tuple[object, ...], Policy] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def all(self) -> tuple[Policy, ...]:
        """Every policy, every version, in the order they were added."""
        return self._policies

    def __iter__(self) -> Iterator[Policy]:
        return iter(self._policies)

    def __len__(self) -> int:
        return len(self._policies)

    def get(self, policy_id: str, version: str | None = None) -> Policy:
        """The policy ``policy_id`` at ``version``, or its latest version when None.

        Raises PolicyError naming the known policies when there is no such policy or version.
        """
        found = self._selected.get((policy_id, version))
        if found is not None:
            return found
        found = self._selected[(policy_id, version)] = self._get(policy_id, version)
        return found

    def _get(self, policy_id: str, version: str | None) -> Policy:
        versions = [p for p in self._policies if p.id == policy_id]
        if not versions:
            known = ", ".join(sorted({str(p.ref) for p in self._policies})) or msg_ctx(
                "values", "none"
            )
            raise PolicyError(
                msg("no policy {policy} (known: {known})", policy=repr(policy_id), known=known),
                facts={"policy_id": policy_id, "field": "policy"},
            )
        if version is None:
            return max(versions, key=lambda p: _version_key(p.version))
        for policy in versions:
            if policy.version == version:
                return policy
        known = ", ".join(p.version for p in versions)
        raise PolicyError(
            msg(
                "policy {policy} has no version {version} (versions: {known})",
                policy=repr(policy_id),
                version=repr(version),
                known=known,
            ),
            facts={"policy_id": policy_id, "version": version, "field": "policy"},
        )

    def latest(self) -> tuple[Policy, ...]:
        """The latest version of each policy, in the order the policies were first added."""
        ids = dict.fromkeys(p.id for p in self._policies)
        return tuple(self.get(policy_id) for policy_id in ids)

    def national(self) -> Policy:
        """The country-wide policy (region prefix ``""``) that took effect last; the default."""
        national = [
            p
            for p in self.latest()
            if "" in p.regions and p.applies_to == GRADING and p.status == "in force"
        ]
        if not national:
            raise PolicyError(msg("no country-wide policy is registered"))
        return max(national, key=lambda p: p.effective_from)

    def select(self, region: str, level: Level | int, on: dt.date) -> Policy:
        """The policy that governs a case in ``region`` at ``level`` on the business date ``on``.

        ``region`` is a 6-digit GB/T 2260 code (``"410882"``). Among the latest versions of the
        policies whose regions match it, whose levels include ``level`` and which are in effect
        on ``on``, the most specific (longest matching region prefix) wins, then the one that
        took effect last; the national policy is the fallback. Raises PolicyError if none
        applies, or if two apply equally.
        """
        if not (isinstance(region, str) and len(region) == 6 and region.isdigit()):
            raise InvalidInput(
                msg(
                    "not a GB/T 2260 region code: {region} (expected 6 digits, e.g. {example})",
                    region=repr(region),
                    example="410882",
                ),
                facts={"region": region, "field": "region"},
            )
        try:
            grade = Level(level)
        except ValueError:
            raise InvalidInput(
                msg("not a level: {level} (expected 1, 2 or 3)", level=repr(level)),
                facts={"level": level, "field": "level"},
            ) from None
        day = as_date(on)
        key = (region, grade, day)
        found = self._selected.get(key)
        if found is None:
            found = self._selected[key] = self._choose(region, grade, day, GRADING)
        return found

    def select_for(self, applies_to: str, region: str, on: dt.date) -> Policy:
        """The policy of a local campaign (``applies_to``, e.g. ``safety-integrity-campaign``)
        in force in ``region`` on ``on``, chosen as :meth:`select` chooses, without a level.

        Raises PolicyError if none applies, or if two apply equally.
        """
        if not (isinstance(region, str) and len(region) == 6 and region.isdigit()):
            raise InvalidInput(
                msg(
                    "not a GB/T 2260 region code: {region} (expected 6 digits, e.g. {example})",
                    region=repr(region),
                    example="130602",
                ),
                facts={"region": region, "field": "region"},
            )
        return self._choose(region, None, as_date(on), applies_to)

    def _choose(
        self, region: str, grade: Level | None, day: pendulum.Date, applies_to: str
    ) -> Policy:
        # A draft (征求意见稿) is listed but never chosen until it is adopted.
        candidates: list[tuple[int, dt.date, Policy]] = []
        for policy in self.latest():
            if policy.applies_to != applies_to or policy.status != "in force":
                continue
            match = policy.region_match(region)
            if (
                match is not None
                and (grade is None or grade in policy.levels)
                and policy.in_effect(day)
            ):
                candidates.append((match, policy.effective_from, policy))
        preferred = [c for c in candidates if c[2].id in self._preferred]
        candidates = preferred or candidates
        what = grade if grade is not None else applies_to
        facts: dict[str, object] = {"region": region, "on": day.isoformat()}
        if grade is not None:
            facts["level"] = int(grade)
        if not candidates:
            raise PolicyError(
                msg(
                    "no policy governs {what} in region {region} on {day}",
                    what=what,
                    region=region,
                    day=day,
                ),
                facts=facts,
            )
        candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
        best = candidates[0]
        tied = [c[2] for c in candidates if (c[0], c[1]) == (best[0], best[1])]
        if len(tied) > 1:
            names = ", ".join(str(p.ref) for p in tied)
            raise PolicyError(
                msg(
                    "policies {names} apply equally to {what} in region {region} on {day}: "
                    "narrow one's regions or period",
                    names=names,
                    what=what,
                    region=region,
                    day=day,
                ),
                facts=facts,
            )
        return best[2]

    def adopting(self, policy_id: str) -> PolicyRegistry:
        """A new registry in which the draft ``policy_id`` (every version) is in force, as if
        adopted as it stands: what a rule-maker compares before adopting it.

        Raises PolicyError if there is no such policy.
        """
        self.get(policy_id)
        return PolicyRegistry(
            (
                attrs.evolve(p, status="in force") if p.id == policy_id else p
                for p in self._policies
            ),
            self._preferred,
        )

    def comparing(self, policy: Policy) -> PolicyRegistry:
        """A new registry in which ``policy`` (a draft file, say) is in force and chosen first
        wherever it applies, over the policy that would govern otherwise: the registry a
        comparison runs the province under. A registered policy of the same id and version is
        replaced by it."""
        adopted = attrs.evolve(policy, status="in force")
        kept = (p for p in self._policies if p.ref != policy.ref)
        return PolicyRegistry((*kept, adopted), (*self._preferred, policy.id))

    def with_policy(self, policy: Policy) -> PolicyRegistry:
        """A new registry with ``policy`` added (a local scheme, a new version); self unchanged.

        Raises PolicyError if that id and version is already registered.
        """
        return PolicyRegistry((*self._policies, policy), self._preferred)


__all__ = ["PolicyRegistry"]
