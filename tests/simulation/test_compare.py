"""Drafts compared: the same province under the policy in force and under a draft policy file,
side by side, with the differing cases and the rule that made each differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gradingcore import PolicyError, default_policies, load_policy, simulation
from gradingcore.policy import parse_policy
from gradingcore_cli._app import cli
from gradingcore_cli._errors import EXIT_BAD_INPUT

DRAFT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "henan-new-level2-gate.toml"


@pytest.fixture(scope="module")
def gate() -> simulation.Comparison:
    return simulation.compare(load_policy(DRAFT), enterprises=200, years=2, seed=5)


class TestCompare:
    @pytest.mark.rule("CZ-8")
    def test_the_gate_makes_cases_differ_and_names_itself(
        self, gate: simulation.Comparison
    ) -> None:
        """Under the gate of 85 some level-2 applications are refused: each differing case
        parts on the day it applied, Applied in force, refused by CZ-8 in the draft."""
        assert gate.differences
        for d in gate.differences:
            assert d.rule_ids == ("CZ-8",)
            assert d.parted_on is not None
            assert d.in_force_step == f"{d.parted_on.isoformat()} Applied"
            assert d.draft_step == f"{d.parted_on.isoformat()} Apply refused (CZ-8)"
        assert gate.differing_by_rule() == {"CZ-8": len(gate.differences)}
        assert gate.draft.summary.refusals["CZ-8"] >= len(gate.differences)
        assert "CZ-8" not in gate.in_force.summary.refusals

    def test_sides_add_up(self, gate: simulation.Comparison) -> None:
        """Both sides have the same enterprises; fewer level-2 gradings under the gate."""
        assert gate.in_force.summary.enterprises == gate.draft.summary.enterprises == 200
        assert gate.draft.total("graded", 2) < gate.in_force.total("graded", 2)
        months = list(gate.in_force.workload)
        assert months[0] == "2023-01"
        assert months[-1] == "2024-12"
        assert list(gate.draft.workload) == months
        reviews = sum(m["reviews"] for m in gate.in_force.workload.values())
        assert reviews == gate.in_force.summary.events_by_type["Reviewed"]

    def test_same_policy_no_difference(self) -> None:
        """A draft that changes nothing (Henan's rules under a new id) differs in no case."""
        henan = default_policies().get("cn.henan.2023")
        text = f"""
[policy]
id = "draft.same"
version = "1"
extends = "{henan.id}"
title_zh = "同"
title_en = "The same"
regions = ["41"]
effective_from = 2023-01-01
"""
        result = simulation.compare(parse_policy(text), enterprises=100, years=1, seed=2)
        assert result.differences == ()
        assert result.in_force.tallies == result.draft.tallies
        assert result.in_force.workload == result.draft.workload

    def test_deterministic(self) -> None:
        """The same seed and draft give the same comparison."""
        first, again = (
            simulation.compare(load_policy(DRAFT), enterprises=100, years=1, seed=5)
            for _ in range(2)
        )
        assert first.differences
        assert again == first


class TestCompareCommand:
    def test_tables_and_differences(self, tmp_path: Path) -> None:
        """simulate --compare prints both sides, the monthly work and the differing cases."""
        result = CliRunner().invoke(
            cli,
            [
                "simulate",
                "--enterprises",
                "100",
                "--years",
                "1",
                "--seed",
                "5",
                "--compare",
                str(DRAFT),
            ],
        )
        assert result.exit_code == 0, result.output
        assert "in force | draft.henan-gate@1" in result.output
        assert "The authorities' work per month" in result.output
        assert "cases whose outcome differs" in result.output

    def test_json(self) -> None:
        """--json gives every differing case with its parting step and rule ids."""
        result = CliRunner().invoke(
            cli,
            [
                "simulate",
                "--enterprises",
                "100",
                "--years",
                "1",
                "--seed",
                "5",
                "--compare",
                str(DRAFT),
                "--json",
            ],
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["draft"] == "draft.henan-gate@1"
        assert all(d["rule_ids"] == ["CZ-8"] for d in data["differences"])
        assert {"reviews", "publicity", "announcements", "overdue"} <= set(
            data["in_force"]["workload"]["2023-06"]
        )

    def test_a_broken_file_names_its_line(self, tmp_path: Path) -> None:
        """A malformed draft fails before anything runs, naming the file, the key and the line."""
        broken = tmp_path / "draft.toml"
        broken.write_text(
            DRAFT.read_text(encoding="utf-8").replace("level_2_min = 85", 'level_2_min = "85"'),
            encoding="utf-8",
        )
        result = CliRunner().invoke(cli, ["simulate", "--compare", str(broken)])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "draft.toml: rules.CZ-8.values.level_2_min: must be int" in result.output
        assert "(line 19)" in result.output
        assert "Traceback" not in result.output

    def test_json_needs_compare(self) -> None:
        """--json without --compare is a usage error."""
        result = CliRunner().invoke(cli, ["simulate", "--json", "--store", "memory"])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "--json goes with --compare" in result.output


def test_policy_error_type() -> None:
    """A draft's errors are PolicyErrors (the CLI's bad-input exit)."""
    with pytest.raises(PolicyError):
        parse_policy("[policy]\nid = 1\n")
