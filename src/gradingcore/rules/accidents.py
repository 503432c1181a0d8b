"""Totals of accidents over a period: what the look-back, renewal and revocation rules add up."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs
import pendulum

from gradingcore.state import Incident


@attrs.frozen
class Toll:
    """Deaths, serious injuries and direct loss added up over some accidents."""

    accidents: int = 0
    deaths: int = 0
    serious_injuries: int = 0
    direct_loss_cny: Decimal = Decimal(0)

    def facts(self) -> dict[str, object]:
        return attrs.asdict(self)


def toll(incidents: Iterable[Incident], first: pendulum.Date, last: pendulum.Date) -> Toll:
    """The toll of the accidents that happened from ``first`` through ``last``, both included."""
    inside = [i for i in incidents if first <= i.on <= last]
    return Toll(
        accidents=len(inside),
        deaths=sum(i.deaths for i in inside),
        serious_injuries=sum(i.serious_injuries for i in inside),
        direct_loss_cny=sum((i.direct_loss_cny for i in inside), Decimal(0)),
    )


def exceeds(t: Toll, *, deaths: int | None, injuries: int, loss: int) -> bool:
    """Whether a toll reaches any of the thresholds ("及以上": at or above)."""
    return (
        (deaths is not None and t.deaths >= deaths)
        or t.serious_injuries >= injuries
        or t.direct_loss_cny >= loss
    )
