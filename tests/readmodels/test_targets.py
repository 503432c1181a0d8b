"""Targets as data: the shipped ones, and done / in progress / on track at both edges."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest

from gradingcore.errors import PolicyError
from gradingcore.policy import Level
from gradingcore.readmodels import default_targets, load_targets
from gradingcore.readmodels._targets import progress
from gradingcore.state import Application, CaseState, Grading
from gradingcore.values import CaseKey, Enterprise, uscc_check_character

ERQI = "410103"
USCCS = [f"91410103MA000000{n}" for n in ("11", "22", "33", "44")]


def _state(uscc: str, *, graded_from: str | None = None, applying: bool = False) -> CaseState:
    code = uscc[:17] + uscc_check_character(uscc[:17])
    state = CaseState(
        key=CaseKey(code, "机械"),
        enterprise=Enterprise("某机械有限公司", "机械", ERQI, above_designated_size=True),
    )
    if graded_from:
        start = pendulum.Date.fromisoformat(graded_from)
        grading = Grading(Level.LEVEL_3, start, start, start.add(years=3).subtract(days=1))
        state = attrs.evolve(state, gradings=(grading,))
    if applying:
        app = Application(Level.LEVEL_3, pendulum.date(2016, 10, 1), 2)
        state = attrs.evolve(state, application=app)
    return state


def test_the_shipped_targets() -> None:
    targets = {t.id: t for t in default_targets()}
    assert set(targets) == {
        "erqi.2016",
        "erqi.2017",
        "erqi.2018",
        "qinyang.stage1",
        "qinyang.stage2",
        "qinyang.overall",
        "qinyang.candidates",
        "changzhou.key_fields",
        "changzhou.non_key_above_size",
    }
    assert [targets[f"erqi.{y}"].share for y in (2016, 2017, 2018)] == [
        Decimal("0.5"),
        Decimal("0.7"),
        Decimal("1.0"),
    ]
    assert targets["erqi.2016"].deadline == pendulum.date(2016, 12, 31)
    assert "50%以上的规模以上企业" in targets["erqi.2016"].citation.text_zh
    assert targets["qinyang.stage1"].deadline == pendulum.date(2024, 12, 31)
    assert targets["qinyang.stage2"].deadline == pendulum.date(2025, 11, 30)
    assert targets["qinyang.stage1"].unmodelled


def test_share_and_deadline_edges() -> None:
    target = next(t for t in default_targets() if t.id == "erqi.2016")
    deadline = target.deadline
    two_of_four = [
        _state(USCCS[0], graded_from="2016-06-01"),
        _state(USCCS[1], graded_from=deadline.isoformat()),  # graded on the deadline itself
        _state(USCCS[2], applying=True),
        _state(USCCS[3]),
    ]
    on_deadline = progress(target, two_of_four, deadline)
    assert (on_deadline.in_scope, on_deadline.done, on_deadline.required) == (4, 2, 2)
    assert (on_deadline.in_progress, on_deadline.not_started) == (1, 1)
    assert on_deadline.status == "met"  # exactly 50% is "50%以上"
    day_before = progress(target, two_of_four, deadline.subtract(days=1))
    assert day_before.done == 1
    assert day_before.on_track  # one done and one in progress can still make two
    assert day_before.status == "on track"
    one_of_four = [two_of_four[0], two_of_four[3], _state(USCCS[1]), _state(USCCS[2])]
    assert progress(target, one_of_four, deadline.subtract(days=1)).status == "behind"
    late = progress(target, one_of_four, deadline.add(days=1))
    assert late.status == "missed"
    assert not late.on_track


def test_scope_by_size_and_industry() -> None:
    target = next(t for t in default_targets() if t.id == "erqi.2016")
    small = attrs.evolve(
        _state(USCCS[0]),
        enterprise=Enterprise("某机械有限公司", "机械", ERQI, above_designated_size=False),
    )
    chemical = attrs.evolve(_state(USCCS[1]), enterprise=Enterprise("某化工有限公司", "化工", ERQI))
    assert progress(target, [small, chemical], target.deadline).in_scope == 0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[[target]]\nid = "x"\n', "missing"),
        (
            '[[target]]\nid="x"\nname="x"\ndocument="d"\ntext_zh="t"\nregion="410100"\n'
            "deadline=2020-01-01\nshare=1.5\n",
            "share",
        ),
        (
            '[[target]]\nid="x"\nname="x"\ndocument="d"\ntext_zh="t"\nregion="410100"\n'
            'deadline="soon"\nshare=0.5\n',
            "not a date",
        ),
    ],
)
def test_bad_target_data_is_refused(text: str, words: str) -> None:
    with pytest.raises(PolicyError, match=words):
        load_targets(text, "bad.toml")
