"""Progress against coverage targets (目标任务), read from the ``cases`` view.

A target is data (``policy/data/targets/*.toml``): its region, the enterprises in scope
(industries and size), the share to reach by a deadline, and what counts as done: ``graded``
(holding a valid level on the day) or ``started`` (an application made, as some cities count).
On a day a target reports done, in progress (an application open), not started, and whether
it is on track: by its deadline, done reaches the share; before it, done plus in progress does.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources

import attrs
import pendulum

from gradingcore.citation import Citation
from gradingcore.errors import PolicyError
from gradingcore.state import CaseState


@attrs.frozen
class Scope:
    industries: tuple[str, ...] = ()  # empty: every industry
    above_designated_size: bool | None = None  # None: either

    def covers(self, state: CaseState) -> bool:
        e = state.enterprise
        if self.industries and e.industry not in self.industries:
            return False
        return self.above_designated_size in (None, e.above_designated_size)


@attrs.frozen
class Target:
    id: str
    name: str
    citation: Citation
    region: str
    deadline: pendulum.Date
    share: Decimal
    counts: str  # "graded" or "started"
    scopes: tuple[Scope, ...]
    start: pendulum.Date | None = None
    unmodelled: tuple[str, ...] = ()

    def covers(self, state: CaseState) -> bool:
        return any(s.covers(state) for s in self.scopes)

    def done(self, state: CaseState, on: pendulum.Date) -> bool:
        if self.counts == "started":
            return state.level_on(on) is not None or any(
                a.applied_on <= on for a in (*state.past_applications, state.application) if a
            )
        return state.level_on(on) is not None


@attrs.frozen
class TargetProgress:
    target: Target
    on: pendulum.Date
    in_scope: int
    done: int
    in_progress: int
    not_started: int
    required: int  # enterprises done the share asks for

    @property
    def share_done(self) -> Decimal:
        return Decimal(self.done) / self.in_scope if self.in_scope else Decimal(0)

    @property
    def on_track(self) -> bool:
        if self.on >= self.target.deadline:
            return self.done >= self.required
        return self.done + self.in_progress >= self.required

    @property
    def status(self) -> str:
        if not self.in_scope:
            return "nothing in scope"
        if self.done >= self.required:
            return "met"
        if self.on > self.target.deadline:
            return "missed"
        return "on track" if self.on_track else "behind"


def progress(target: Target, states: Iterable[CaseState], on: pendulum.Date) -> TargetProgress:
    in_scope = done = in_progress = 0
    for state in states:
        if not target.covers(state):
            continue
        in_scope += 1
        if target.done(state, on):
            done += 1
        elif state.application is not None and state.application.is_open:
            in_progress += 1
    required = math.ceil(target.share * in_scope)
    not_started = in_scope - done - in_progress
    return TargetProgress(target, on, in_scope, done, in_progress, not_started, required)


def _date(value: object, where: str) -> pendulum.Date:
    try:
        return pendulum.Date.fromisoformat(str(value))
    except ValueError:
        raise PolicyError(f"{where}: {value!r} is not a date") from None


def load_targets(text: str, source: str = "targets") -> tuple[Target, ...]:
    """The targets of one TOML document (see ``policy/data/targets/henan.toml``)."""
    data = tomllib.loads(text)
    found = []
    for i, t in enumerate(data.get("target", [])):
        where = f"{source}: target {i + 1} ({t.get('id', '?')})"
        try:
            share = Decimal(str(t["share"]))
            counts = t.get("counts", "graded")
            if counts not in ("graded", "started") or not 0 < share <= 1:
                raise PolicyError(f"{where}: counts is graded|started, share in (0, 1]")
            found.append(
                Target(
                    id=t["id"],
                    name=t["name"],
                    citation=Citation(
                        document=t["document"], article=t.get("article", ""), text_zh=t["text_zh"]
                    ),
                    region=str(t["region"]),
                    deadline=_date(t["deadline"], where),
                    share=share,
                    counts=counts,
                    scopes=tuple(
                        Scope(tuple(s.get("industries", ())), s.get("above_designated_size"))
                        for s in t.get("scope", [{}])
                    ),
                    start=_date(t["start"], where) if "start" in t else None,
                    unmodelled=tuple(t.get("unmodelled", ())),
                )
            )
        except KeyError as missing:
            raise PolicyError(f"{where}: missing {missing}") from None
    return tuple(found)


def default_targets() -> tuple[Target, ...]:
    """The targets shipped with gradingcore."""
    folder = resources.files("gradingcore.policy") / "data" / "targets"
    found: list[Target] = []
    for entry in sorted(folder.iterdir(), key=lambda f: f.name):
        if entry.name.endswith(".toml"):
            found += load_targets(entry.read_text(encoding="utf-8"), entry.name)
    return tuple(found)
