"""Scenario files are bounded before anything is built (docs/reliability.md, "Bounded input"):
no YAML anchors or aliases (the 351-byte alias bomb once took 35 s and 2 GB), a size cap and a
nesting cap, each a typed ScenarioFileError naming the line; as a command, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gradingcore.limits import limits
from gradingcore.scenarios import ScenarioFileError, parse_scenario

#: The billion laughs: nine levels of nine aliases each, 9^9 = 387 million strings (336 bytes).
BOMB = "steps: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"l{n}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
)

VALID = """\
name: Applied after the internal publicity
policy: cn.henan.2023
steps:
  - self_evaluate: {on: 2024-03-01, score: 82, claimed_level: 2}
  - apply: {on: 2024-03-15, level: 2}
    expect: {stage: submitted}
"""


def _problem(text: str) -> str:
    with pytest.raises(ScenarioFileError) as caught:
        parse_scenario(text, "scenario_x.yaml")
    return str(caught.value)


def test_the_alias_bomb_is_refused_at_its_first_anchor() -> None:
    assert len(BOMB.encode()) < 351
    assert "scenario_x.yaml:1: YAML anchors and aliases" in _problem(BOMB)


def test_one_alias_is_refused_too() -> None:
    text = VALID.replace("score: 82,", "score: &s 82,") + "x: *s\n"
    assert "anchors and aliases" in _problem(text)


def test_the_bomb_through_the_cli(tmp_path: Path) -> None:
    """As a user runs it: exit 2 (bad input), no traceback, well inside a 30 s guard."""
    file = tmp_path / "scenario_bomb.yaml"
    file.write_text(BOMB, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "gradingcore_cli", "scenario", "run", str(file)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "anchors and aliases" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_size_cap_at_both_edges() -> None:
    cap = limits().scenario_max_bytes
    padding = cap - len(VALID.encode()) - 1
    assert parse_scenario(VALID + "#" * padding + "\n").name  # exactly at the cap: read
    assert f"more than the {cap:,}" in _problem(VALID + "#" * (padding + 1) + "\n")


def test_nesting_cap_at_both_edges() -> None:
    most = limits().max_nesting
    # The top-level mapping is one level: most-1 lists inside it reach the cap exactly.
    at_cap = "x: " + "[" * (most - 1) + "]" * (most - 1) + "\n"
    assert "nested more than" not in _problem(VALID + at_cap)  # only 'unknown key'
    beyond = "x: " + "[" * most + "]" * most + "\n"
    assert f"nested more than {most} deep" in _problem(VALID + beyond)
