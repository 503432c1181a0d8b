"""The campaign's own values: tracks (创建类别), who accepts, and the outcomes of acceptance."""

from __future__ import annotations

import enum


class Track(enum.StrEnum):
    """The three tracks of BD-1: cultivated, helped, rectified."""

    STANDARDIZED = "标准化企业"
    REGULARIZED = "规范化企业"
    PROBLEM = "问题型企业"

    @property
    def titled(self) -> bool:
        """Whether a passed enterprise of this track becomes a 安全诚信企业 (BD-9)."""
        return self is not Track.PROBLEM


class Affiliation(enum.StrEnum):
    """Whose enterprise it is, which decides who accepts it (BD-9)."""

    PROVINCE_OR_ABOVE = "省属以上"  # accepted by the city's safety committee office
    CITY_DEPARTMENT = "市直"  # 市政府有关部门直属、直管: the city's office too
    LOCAL = "县属"  # every other: the county (市、区), 高新区 or 白沟·白洋淀温泉城


class Acceptor(enum.StrEnum):
    """Which safety committee office (安委办) organizes an acceptance."""

    CITY = "市安委办"
    COUNTY = "县级安委办"


class Outcome(enum.StrEnum):
    """What a passed acceptance makes of the record (BD-9)."""

    FILED = "建档"  # a standardized or regularized enterprise, filed as 安全诚信企业
    SETTLED = "销账"  # a problem enterprise, struck off the list of those to rectify


def acceptor_of(affiliation: Affiliation) -> Acceptor:
    """BD-9: the city accepts 省属以上 and 市直 enterprises, the counties the rest."""
    return Acceptor.COUNTY if affiliation is Affiliation.LOCAL else Acceptor.CITY


__all__ = ["Acceptor", "Affiliation", "Outcome", "Track", "acceptor_of"]
