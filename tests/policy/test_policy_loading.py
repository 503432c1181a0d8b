"""Loading policies from TOML: the packaged files, and malformed files failing by key."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from gradingcore import Level, PolicyError, default_policies, load_policy
from gradingcore.policy import parse_policy


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestLoadPolicy:
    def test_small_policy(self, tmp_path: Path, small_policy: str) -> None:
        """A valid file loads with its period, regions, levels and rule."""
        policy = load_policy(_write(tmp_path, small_policy))
        assert str(policy.ref) == "cn.test.2024@1"
        assert policy.regions == ("4108",)
        assert policy.effective_until is not None
        assert policy.effective_until.isoformat() == "2024-12-31"
        assert policy.value("intake.correction", "workdays", datetime.date(2024, 12, 31)) == 5

    def test_rule_dates_default_to_the_policy(self, small_policy: str) -> None:
        """A rule without dates of its own is in effect over the policy's period."""
        rule = parse_policy(small_policy).rule("intake.correction")
        assert (rule.effective_from.isoformat(), str(rule.effective_until)) == (
            "2024-01-01",
            "2024-12-31",
        )

    def test_rule_dates_of_its_own(self, small_policy: str) -> None:
        """A rule may start later than its policy."""
        text = small_policy.replace(
            "values = { workdays = 5 }", "values = { workdays = 5 }\neffective_from = 2024-07-01"
        )
        policy = parse_policy(text)
        with pytest.raises(PolicyError, match="not in effect on 2024-06-30"):
            policy.rule("intake.correction", datetime.date(2024, 6, 30))
        assert policy.rule("intake.correction", datetime.date(2024, 7, 1)).id == "intake.correction"

    def test_packaged_files_ship_with_the_package(self) -> None:
        """The packaged TOML files are package data next to the code."""
        import gradingcore.policy

        data = Path(gradingcore.policy.__file__).parent / "data"
        assert sorted(p.name for p in data.glob("*.toml")) == [
            "cn-baoding-2024.toml",
            "cn-changzhou-2022.toml",
            "cn-erqi-2016.toml",
            "cn-henan-2023.toml",
            "cn-mem-2021.toml",
            "cn-qinyang-2024.toml",
        ]

    def test_default_policies_is_cached(self) -> None:
        """default_policies() loads once and returns the same registry."""
        assert default_policies() is default_policies()

    def test_nothing_is_loaded_at_import(self) -> None:
        """Importing gradingcore reads no policy file."""
        code = (
            "import gradingcore, gradingcore.policy._loading as l; "
            "print(l.default_policies.cache_info().currsize)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "0"


BROKEN = [
    # (what is changed: old → new, the key the error names, a phrase of the problem)
    (
        "effective_from = 2024-01-01",
        'effective_from = "2024-01-01"',
        "policy.effective_from",
        "must be a TOML date",
    ),
    (
        "effective_from = 2024-01-01",
        "effective_from = 2024-01-01T08:00:00",
        "policy.effective_from",
        "must be a TOML date",
    ),
    (
        "effective_until = 2024-12-31",
        "effective_until = 2023-12-31",
        "policy.effective_until",
        "is before the policy's effective_from",
    ),
    ("levels = [3]", "levels = [2, 3]", "policy", "no authority for level 2"),
    ('id = "cn.test.2024"\n', "", "policy.id", "missing"),
    ("levels = [3]", "levels = [4]", "policy.levels", "must be a level"),
    ("levels = [3]", 'levels = ["3"]', "policy.levels", "non-empty list of levels"),
    ('regions = ["4108"]', 'regions = "4108"', "policy.regions", "list of GB/T 2260"),
    (
        'title_en = "A test policy"',
        'title_en = "A test policy"\ntitel = "typo"',
        "policy.titel",
        "unknown key",
    ),
    (
        "verified = true\n\n[authorities.3]",
        'verified = "yes"\n\n[authorities.3]',
        "documents.HN.verified",
        "must be true or false",
    ),
    ('kind = "city"', 'kind = "county"', "authorities.3.kind", "must be one of"),
    ("[authorities.3]", "[authorities.one]", "authorities.one", "must be a level"),
    (
        "values = { workdays = 5 }",
        'values = { workdays = "5" }',
        'rules."intake.correction".values.workdays',
        "must be int",
    ),
    (
        "values = { workdays = 5 }",
        "values = { workdays = true }",
        'rules."intake.correction".values.workdays',
        "must be int",
    ),
    (
        "values = { workdays = 5 }",
        "values = { workdays = -5 }",
        'rules."intake.correction".values.workdays',
        "must not be negative",
    ),
    (
        "values = { workdays = 5 }",
        "values = { days = 5 }",
        'rules."intake.correction".values.days',
        "unknown value",
    ),
    (
        "values = { workdays = 5 }",
        "values = {}",
        'rules."intake.correction".values.workdays',
        "missing",
    ),
    (
        '[rules."intake.correction"]\n',
        '[rules."intake.nothing"]\n',
        'rules."intake.nothing"',
        "unknown rule id",
    ),
    (
        'document = "HN"',
        'document = "XX"',
        'rules."intake.correction".citation.document',
        "not in [documents]",
    ),
    (
        'text_zh = "在5个工作日内一次性书面告知企业需要补正的全部内容"',
        'text_zh = " "',
        'rules."intake.correction".citation.text_zh',
        "must quote the text",
    ),
    (
        'item = "(二)1"\nverified = true',
        'item = "(二)1"',
        'rules."intake.correction".citation.verified',
        "missing",
    ),
    (
        "values = { workdays = 5 }",
        "values = { workdays = 5 }\neffective_from = 2023-12-31",
        'rules."intake.correction".effective_from',
        "before the policy's effective_from",
    ),
]


class TestMalformedFiles:
    @pytest.mark.parametrize(("old", "new", "key", "problem"), BROKEN)
    def test_names_file_and_key(
        self, tmp_path: Path, small_policy: str, old: str, new: str, key: str, problem: str
    ) -> None:
        """A malformed file fails with a PolicyError naming the file, the key and the problem."""
        assert old in small_policy
        path = _write(tmp_path, small_policy.replace(old, new, 1))
        with pytest.raises(PolicyError) as caught:
            load_policy(path)
        message = str(caught.value)
        assert message.startswith(f"broken.toml: {key}"), message
        assert problem in message
        facts = caught.value.facts
        assert {k: facts[k] for k in ("file", "key")} == {"file": "broken.toml", "key": key}
        # The line of the key, for an editor to jump to.
        assert isinstance(facts["line"], int), facts
        assert f"(line {facts['line']})" in message

    def test_not_toml(self, tmp_path: Path) -> None:
        """A file that is not TOML fails naming the file and the position."""
        with pytest.raises(PolicyError, match=r"broken.toml: not valid TOML: .*line 1"):
            load_policy(_write(tmp_path, "[policy\n"))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read fails naming it."""
        with pytest.raises(PolicyError, match=r"absent.toml: cannot read the policy file"):
            load_policy(tmp_path / "absent.toml")

    def test_unknown_table(self, small_policy: str) -> None:
        """An unknown top-level table is refused, naming it."""
        with pytest.raises(PolicyError, match="<string>: extras: unknown table"):
            parse_policy(small_policy + "\n[extras]\nx = 1\n")

    def test_missing_table(self, small_policy: str) -> None:
        """A missing [organizing_units] table is named."""
        text = small_policy.replace('[organizing_units]\n3 = "焦作市应急管理局"\n', "")
        with pytest.raises(PolicyError, match="organizing_units: missing table"):
            parse_policy(text, source="x.toml")


THRESHOLD_RULE = """
[rules."score.level_threshold"]
summary = "The team's verdict decides; a threshold as data."
values = {}

[rules."score.level_threshold".citation]
document = "HN"
article = "第四条"
verified = true
text_zh = "企业标准化定级标准由应急管理部按照行业分别制定。"

[[rules."score.level_threshold".thresholds]]
industry = "机械"
level = 3
min_score = 60

[rules."score.level_threshold".thresholds.citation]
document = "HN"
subject = "定级评分"
verified = false
text_zh = "三级企业评审得分不低于60分（测试用文本）"
"""


class TestThresholdsAndSubjects:
    """Per-industry thresholds as cited data, and citations by subject (decisions 0012, 0013)."""

    def test_a_threshold_with_its_citation(self, small_policy: str) -> None:
        """A threshold loads with its industry, level, score and citation by subject."""
        policy = parse_policy(small_policy + THRESHOLD_RULE)
        threshold = policy.rule("score.level_threshold").threshold("机械", Level.LEVEL_3)
        assert threshold is not None
        assert threshold.min_score == 60
        assert str(threshold.citation) == "HN, 定级评分 (article not known; unverified)"
        assert policy.rule("score.level_threshold").threshold("化工", Level.LEVEL_3) is None

    @pytest.mark.parametrize(
        ("old", "new", "problem"),
        [
            ("level = 3", "level = 4", "must be a level"),
            ("min_score = 60", 'min_score = "sixty"', "must be a non-negative number"),
            ("min_score = 60", "min_score = -1", "must be a non-negative number"),
            ("min_score = 60", "min_score = 60\ncolour = 1", "unknown key"),
        ],
    )
    def test_a_bad_threshold_is_named(
        self, small_policy: str, old: str, new: str, problem: str
    ) -> None:
        """Each malformed threshold fails naming its key."""
        text = small_policy + THRESHOLD_RULE.replace(old, new, 1)
        with pytest.raises(PolicyError, match=r"thresholds\[0\]") as caught:
            parse_policy(text)
        assert problem in str(caught.value)

    def test_a_second_threshold_for_the_same_industry_and_level(self, small_policy: str) -> None:
        """Two thresholds for 机械 at level 3 are refused."""
        second = THRESHOLD_RULE[THRESHOLD_RULE.index("[[rules") :]
        with pytest.raises(PolicyError, match="a second threshold for 机械 at level 3"):
            parse_policy(small_policy + THRESHOLD_RULE + second)

    def test_only_the_threshold_rule_holds_thresholds(self, small_policy: str) -> None:
        """Thresholds on another rule are refused."""
        text = small_policy + '\n[[rules."intake.correction".thresholds]]\nindustry = "机械"\n'
        with pytest.raises(PolicyError, match=r"only score\.level_threshold holds thresholds"):
            parse_policy(text)
