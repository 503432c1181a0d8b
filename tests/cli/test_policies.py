"""`gradingcore policies` and `gradingcore rules`: text and JSON, and an unknown policy."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gradingcore.policy import RULE_IDS
from gradingcore_cli._app import cli
from gradingcore_cli._errors import EXIT_BAD_INPUT


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class TestPolicies:
    def test_lists_each_policy(self, runner: CliRunner) -> None:
        """Each policy is listed with id@version, title, regions, levels and period."""
        result = runner.invoke(cli, ["policies"])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0].startswith("cn.mem.2021@1  企业安全生产标准化建设定级办法")
        assert lines[1].strip() == (
            "regions: whole country; levels: 1, 2, 3; in effect 2021-11-01 to (open-ended)"
        )
        assert lines[2].startswith("cn.henan.2023@1  河南省企业二级安全生产标准化建设定级办法")
        assert lines[3].strip() == "regions: 41; levels: 2, 3; in effect 2023-01-01 to (open-ended)"

    def test_json(self, runner: CliRunner) -> None:
        """--json gives the same facts for machines."""
        result = runner.invoke(cli, ["policies", "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert [p["ref"] for p in data][:2] == ["cn.mem.2021@1", "cn.henan.2023@1"]
        henan = data[1]
        assert henan["regions"] == ["41"]
        assert henan["levels"] == [2, 3]
        assert henan["effective_from"] == "2023-01-01"
        assert henan["effective_until"] is None
        assert henan["title_zh"] == "河南省企业二级安全生产标准化建设定级办法"


class TestRules:
    def test_defaults_to_the_national_policy(self, runner: CliRunner) -> None:
        """Without --policy the national rules are listed, every rule id with its citation."""
        result = runner.invoke(cli, ["rules"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("cn.mem.2021@1  ")
        ids = [line.split()[0] for line in result.output.splitlines()[2:] if line[:1] != " "]
        henan_only = {"apply.report_to_city", "review.expert_qualification", "review.independence"}
        assert ids == [r for r in RULE_IDS if r not in henan_only | {"procedure.online"}]
        assert (
            "intake.correction  MEM, 申请（受理、补正和审核） (article not known; unverified)  "
            "[UNVERIFIED]  workdays=5"
        ) in result.output
        assert "score.range  MEM 第四条 (unverified)  [UNVERIFIED]" in result.output
        assert result.output.splitlines()[1].startswith("1 of 58 citations verified")
        for henan_text in ("省应急管理厅", "省辖市", "济源", "二级标准化现场评审专家"):
            assert henan_text not in result.output

    def test_henan(self, runner: CliRunner) -> None:
        """--policy picks a policy; its verified citations print without a mark."""
        result = runner.invoke(cli, ["rules", "--policy", "cn.henan.2023"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("cn.henan.2023@1  ")
        assert "intake.correction  HN 第七条(二)1  [verified]  workdays=5\n" in result.output
        assert "    A correction request is one written notice" in result.output
        assert "renewal.direct  HN 第十条第二款  [verified]  deaths_at_least=1" in result.output
        assert "fees.none  HN 第六条第一款  [verified]  -\n" in result.output

    def test_policy_with_version(self, runner: CliRunner) -> None:
        """--policy accepts id@version."""
        result = runner.invoke(cli, ["rules", "--policy", "cn.henan.2023@1"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("cn.henan.2023@1  ")

    def test_json(self, runner: CliRunner) -> None:
        """--json lists every rule with its citation, verified flag, text, values and summary."""
        result = runner.invoke(cli, ["rules", "--policy", "cn.henan.2023", "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["policy"]["ref"] == "cn.henan.2023@1"
        rules = {rule["id"]: rule for rule in data["rules"]}
        assert list(rules) == list(RULE_IDS)
        correction = rules["intake.correction"]
        assert correction["values"] == {"workdays": 5}
        assert correction["citation"]["cited"] == "HN 第七条(二)1"
        assert correction["citation"]["verified"] is True
        assert "5个工作日内" in correction["citation"]["text_zh"]
        assert correction["summary"].startswith("A correction request")
        assert rules["renewal.direct"]["values"]["levels"] == [2, 3]
        assert rules["level1.history"]["citation"]["verified"] is False

    def test_unknown_policy(self, runner: CliRunner) -> None:
        """An unknown policy id is an error naming the known ones, with a non-zero exit."""
        result = runner.invoke(cli, ["rules", "--policy", "cn.nowhere"])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "no policy 'cn.nowhere'" in result.stderr
        assert "cn.mem.2021@1" in result.stderr
        assert result.stdout == ""

    def test_unknown_version(self, runner: CliRunner) -> None:
        """An unknown version is an error too."""
        result = runner.invoke(cli, ["rules", "--policy", "cn.mem.2021@9"])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "has no version '9'" in result.stderr

    def test_malformed_reference(self, runner: CliRunner) -> None:
        """A reference with an empty version is refused as invalid input."""
        result = runner.invoke(cli, ["rules", "--policy", "cn.mem.2021@"])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "not a policy reference" in result.stderr
