"""Fixtures of the policy tests: the packaged policies, and a small policy file to break."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradingcore import Policy, PolicyRegistry, default_policies

#: The repository's parent holds ../shared (the spec and the seeds) in the project's workspace;
#: a user's checkout may not have it, and the tests that read it skip.
SHARED = Path(__file__).resolve().parents[2] / "../shared"
RULES_MD = SHARED / "spec" / "rules.md"
HENAN_SEED = SHARED / "seeds" / "004_e9f7eef603832691.txt"
RULE_IDS_COPY = Path(__file__).parent / "data" / "rule_ids.txt"

#: A valid policy file with a single rule, for the loading tests to break one key at a time.
SMALL_POLICY = """\
[policy]
id = "cn.test.2024"
version = "1"
title_zh = "测试办法"
title_en = "A test policy"
regions = ["4108"]
levels = [3]
effective_from = 2024-01-01
effective_until = 2024-12-31

[documents.HN]
title = "河南省企业二级安全生产标准化建设定级办法（征求意见稿）"
verified = true

[authorities.3]
kind = "city"
name_zh = "焦作市应急管理局"
name_en = "Jiaozuo Emergency Management Bureau"

[organizing_units]
3 = "焦作市应急管理局"

[rules."intake.correction"]
summary = "A correction request is one written notice, within 5 working days."
values = { workdays = 5 }

[rules."intake.correction".citation]
document = "HN"
article = "第七条"
item = "(二)1"
verified = true
text_zh = "在5个工作日内一次性书面告知企业需要补正的全部内容"
"""


@pytest.fixture(scope="session")
def policies() -> PolicyRegistry:
    return default_policies()


@pytest.fixture(scope="session")
def national(policies: PolicyRegistry) -> Policy:
    return policies.get("cn.mem.2021")


@pytest.fixture(scope="session")
def henan(policies: PolicyRegistry) -> Policy:
    return policies.get("cn.henan.2023")


@pytest.fixture(scope="session")
def rule_ids() -> list[str]:
    """The copy of rules.md's rule ids kept with the tests, in its order."""
    lines = RULE_IDS_COPY.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="session")
def rules_md() -> str:
    """The text of shared/spec/rules.md, or a skip in a checkout without it."""
    if not RULES_MD.is_file():
        pytest.skip(f"{RULES_MD.resolve()} is absent (outside the project's workspace)")
    return RULES_MD.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def henan_seed() -> str:
    """The text of Henan's draft (seed 004), or a skip in a checkout without it."""
    if not HENAN_SEED.is_file():
        pytest.skip(f"{HENAN_SEED.resolve()} is absent (outside the project's workspace)")
    return HENAN_SEED.read_text(encoding="utf-8")


@pytest.fixture
def small_policy() -> str:
    """A valid policy file with one rule (see SMALL_POLICY)."""
    return SMALL_POLICY
