"""Progress against coverage targets (目标任务), read from the ``cases`` view.

A target is data (``policy/data/targets/*.toml``): its region, the enterprises in scope
(industries, industries left out, size), the share to reach by a deadline, and what counts as
done: ``graded`` (holding a valid level on the day) or ``started`` (an application made, as
Changzhou counts). On a day a target reports done, in progress (an application open), not
started, and whether it is on track: by its deadline, done reaches the share; before it, done
plus in progress does. A ``milestone`` is a dated step of a plan that no fact of the record
shows done (Qinyang's candidate list, QY-5): the view shows its date and whether it has passed.
Each target names the policy rule it restates (``rule``, ``policy``); a test keeps the two in
step (decision 0070).
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
from gradingcore.i18n import Message, msg
from gradingcore.state import CaseState


@attrs.frozen
class Scope:
    industries: tuple[str, ...] = ()  # empty: every industry
    above_designated_size: bool | None = None  # None: either
    except_industries: tuple[str, ...] = ()  # left out (Changzhou's non-key fields)

    def covers(self, state: CaseState) -> bool:
        e = state.enterprise
        if self.industries and e.industry not in self.industries:
            return False
        if e.industry in self.except_industries:
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
    counts: str  # "graded", "started" or "milestone"
    scopes: tuple[Scope, ...]
    start: pendulum.Date | None = None
    unmodelled: tuple[str, ...] = ()
    rule: str = ""  # the policy rule it restates (QY-3), in ``policy``
    policy: str = ""

    @property
    def milestone(self) -> bool:
        return self.counts == "milestone"

    def covers(self, state: CaseState) -> bool:
        return any(s.covers(state) for s in self.scopes)

    def counted_on(self, on: pendulum.Date) -> pendulum.Date:
        """The day whose record counts when asked on ``on``: ``on``, or the deadline once
        it has passed."""
        return min(on, self.deadline)

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
    def on_track(self) -> bool | None:
        """None for a milestone: nothing in the record says whether it was reached."""
        if self.target.milestone:
            return None
        if self.on >= self.target.deadline:
            return self.done >= self.required
        return self.done + self.in_progress >= self.required

    @property
    def status(self) -> str:
        if self.target.milestone:
            return "due" if self.on <= self.target.deadline else "date passed"
        if not self.in_scope:
            return "nothing in scope"
        if self.done >= self.required:
            return "met"
        if self.on > self.target.deadline:
            return "missed"
        return "on track" if self.on_track else "behind"


def _open_on(state: CaseState, day: pendulum.Date) -> bool:
    """An application made by ``day`` and still open (a state folded later may hold one made
    after ``day``, not yet in progress then)."""
    app = state.application
    return app is not None and app.is_open and app.applied_on <= day


def progress(target: Target, states: Iterable[CaseState], on: pendulum.Date) -> TargetProgress:
    in_scope = done = in_progress = 0
    if target.milestone:
        return TargetProgress(target, on, 0, 0, 0, 0, 0)
    # After its deadline a target is judged as it stood on that day: an enterprise done later
    # does not turn a missed target into a met one (decision 0070).
    day = target.counted_on(on)
    for state in states:
        if not target.covers(state):
            continue
        in_scope += 1
        if target.done(state, day):
            done += 1
        elif _open_on(state, day):
            in_progress += 1
    required = math.ceil(target.share * in_scope)
    not_started = in_scope - done - in_progress
    return TargetProgress(target, on, in_scope, done, in_progress, not_started, required)


_COUNTS = ("graded", "started", "milestone")


def _date(value: object, where: Message, field: str) -> pendulum.Date:
    try:
        return pendulum.Date.fromisoformat(str(value))
    except ValueError:
        problem = msg("{where}: {value} is not a date", where=where, value=repr(value))
        raise PolicyError(problem, facts={"field": field}) from None


def load_targets(text: str, source: str = "targets") -> tuple[Target, ...]:
    """The targets of one TOML document (see ``policy/data/targets/henan.toml``)."""
    data = tomllib.loads(text)
    found = []
    for i, t in enumerate(data.get("target", [])):
        where = msg("{file}: target {n} ({id})", file=source, n=i + 1, id=t.get("id", "?"))
        try:
            counts = t.get("counts", "graded")
            # A milestone counts no enterprises: it has no share of its own.
            share = Decimal(str(t.get("share", 1) if counts == "milestone" else t["share"]))
            if counts not in _COUNTS or not 0 < share <= 1:
                problem = msg(
                    "{where}: counts is graded|started|milestone, share in (0, 1]", where=where
                )
                raise PolicyError(problem, facts={"field": "counts"})
            found.append(
                Target(
                    id=t["id"],
                    name=t["name"],
                    citation=Citation(
                        document=t["document"], article=t.get("article", ""), text_zh=t["text_zh"]
                    ),
                    region=str(t["region"]),
                    deadline=_date(t["deadline"], where, "deadline"),
                    share=share,
                    counts=counts,
                    scopes=tuple(
                        Scope(
                            tuple(s.get("industries", ())),
                            s.get("above_designated_size"),
                            tuple(s.get("except_industries", ())),
                        )
                        for s in t.get("scope", [{}])
                    ),
                    start=_date(t["start"], where, "start") if "start" in t else None,
                    unmodelled=tuple(t.get("unmodelled", ())),
                    rule=str(t.get("rule", "")),
                    policy=str(t.get("policy", "")),
                )
            )
        except KeyError as missing:
            field = str(missing).strip("'")
            problem = msg("{where}: missing {key}", where=where, key=repr(field))
            raise PolicyError(problem, facts={"field": field}) from None
    return tuple(found)


def default_targets() -> tuple[Target, ...]:
    """The targets shipped with gradingcore."""
    folder = resources.files("gradingcore.policy") / "data" / "targets"
    found: list[Target] = []
    for entry in sorted(folder.iterdir(), key=lambda f: f.name):
        if entry.name.endswith(".toml"):
            found += load_targets(entry.read_text(encoding="utf-8"), entry.name)
    return tuple(found)
