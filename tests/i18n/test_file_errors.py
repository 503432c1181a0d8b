"""A file a user wrote that cannot be read is refused in the reader's language: a calendar year
file, a policy file, a scenario file. Each names the file and the key (``facts``), and in
Chinese says what is wrong with no English word but ids, keys, codes and what the user typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gradingcore import InvalidInput, PolicyError, load_year_file
from gradingcore.policy import parse_policy
from gradingcore.scenarios import ScenarioFileError, parse_scenario
from gradingcore_cli._app import cli
from tests.i18n.catalogs import english_words

YEARS = {
    "weekday worked": ("year = 2027\n[days]\nadjusted_workdays = [2027-02-22]\n", "days"),
    "unknown key": ("year = 2027\nyaer = 1\n[days]\noff = []\n", "yaer"),
    "quoted date": ('year = 2027\n[days]\noff = ["2027-01-01"]\n', "days.off"),
    "no days": ("year = 2027\n", "days"),
    "day twice": ("year = 2027\n[days]\noff = [2027-01-01, 2027-01-01]\n", "days.off"),
    "not a year": ('year = "2027"\n[days]\n', "year"),
}


@pytest.mark.parametrize("name", YEARS)
def test_a_calendar_file(tmp_path: Path, name: str) -> None:
    text, field = YEARS[name]
    path = tmp_path / "2027.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_year_file(path)
    error = caught.value
    assert error.facts["file"] == str(path)
    assert error.facts.get("field", "days").startswith(field.split(".")[0])
    zh = error.localized("zh")
    assert zh.startswith("2027.toml：")
    assert english_words(zh) == [], zh
    assert error.localized("en").startswith("2027.toml: ")
    assert error.rule_ids == ("calendar.official",)


POLICY = """\
[policy]
id = "x.test"
version = "1"
"""

POLICIES = {
    "unknown table": ('[polcy]\nid = "x"\n', "polcy"),
    "bad status": (
        '[policy]\nid = "x.test"\nversion = "1"\nstatus = "adopted"\n',
        "policy.status",
    ),
    "bad toml": ("[policy\n", ""),
}


@pytest.mark.parametrize("name", POLICIES)
def test_a_policy_file(name: str) -> None:
    text, key = POLICIES[name]
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="host.toml")
    error = caught.value
    assert error.facts["file"] == "host.toml"
    assert error.facts["key"] == key
    zh = error.localized("zh")
    assert zh.startswith("host.toml：")
    # TOML's own parser explains a syntax error in English: that part is the parser's.
    if name != "bad toml":
        assert english_words(zh) == [], zh
    assert error.localized("en").startswith("host.toml: ")


SCENARIO = """\
name: A case
policy: cn.henan.2023
enterprise: {name: 焦作市恒通机械有限公司, industry: 机械}
steps:
  - self_evaluat: {on: 2024-03-01, score: 82}
  - apply: {level: 2, colour: red}
  - apply: {on: 2024-02-01, level: 2}
    expect: {stage: sent}
"""


def test_a_scenario_file_lists_every_problem_in_chinese() -> None:
    with pytest.raises(ScenarioFileError) as caught:
        parse_scenario(SCENARIO, "scenario_bad.yaml")
    error = caught.value
    zh = error.localized("zh")
    lines = zh.splitlines()
    assert lines[0] == f"scenario_bad.yaml：{len(error.errors)} 个问题"
    assert len(lines) == len(error.errors) + 1 > 3
    assert "是否指 `self_evaluate`" in zh
    assert english_words(zh) == [], zh
    assert error.render("en").startswith(f"scenario_bad.yaml: {len(error.errors)} problems")
    assert str(error) == error.localized()


def test_scenario_run_reports_a_bad_file_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "scenario_bad.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--lang", "zh", "scenario", "run", str(path)])
    assert result.exit_code == 2
    out = result.output.replace(str(path), " ")
    assert english_words(out) == [], out
