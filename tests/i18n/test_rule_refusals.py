"""Every rule id of every policy, refused in Chinese (issue 14's "Done means"): the zh message
has the glossary's terms and the rule's subject, and no English word but ids, codes and the
names the user typed (tests/i18n/chinese.py).

A refusal is driven in one of three places, each checking the Chinese: the scenario library
(scenarios/*.yaml, run here in both languages), the rule tests' harnesses (``Case.refused``,
tests/case/harness.py, and the Baoding campaign's ``Campaign.refused``, which check every
refusal they drive), or the drivers below. A rule no command can be refused under says why in
``NOT_REFUSED``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gradingcore import commands as c
from gradingcore.policy import default_policies
from gradingcore.scenarios import load_scenario
from gradingcore.scenarios._runner import ScenarioRun
from gradingcore.schemes import baoding as bd
from tests.case.harness import PROVINCE, Case
from tests.i18n.catalogs import ROOT
from tests.i18n.chinese import chinese_problems, typed
from tests.schemes.test_baoding import COUNTY, FIRM, Campaign

RULE_IDS = sorted({rule_id for policy in default_policies() for rule_id in policy.rules})

#: Rules that no command is refused under, and why.
NOT_REFUSED = {
    "period.civil_code": "a way of counting periods: the rules counted with it refuse "
    "(lockout.*, renewal.window, validity.term's end), never the counting itself",
    "period.workdays": "a way of counting working days: the deadlines counted with it refuse "
    "(intake.correction, publicity.duration, rectify.*)",
    "validity.term": "computes the last day of validity; after it an application is a new one "
    "(renewal.window), nothing is refused under the term",
    "fees.none": "no command charges a fee: there is nothing to refuse",
    "selfeval.annual": "an obligation of a graded enterprise (an open obligation), not a refusal",
    "selfeval.publicity": "computes when the internal publicity is complete; an application "
    "before it is refused under apply.self_evaluation",
    "selfeval.consultants": "a disclosure in the self-evaluation report; a team with a "
    "disclosed consultant is refused under review.independence",
    "review.confirmation": "the confirmation is a step of its own; a step taken before it is "
    "refused under procedure.order",
    "review.major_hazard": "a major hazard found fails the review (an outcome recorded, then "
    "a failure notice), it refuses no command",
    "rectify.verification": "a late verification is recorded as the team's breach on its "
    "event (decision 0008), not refused",
    "announce.level": "an announcement is refused under publicity.duration and "
    "publicity.objection, its conditions",
    "BD-1": "the tracks are an enum of the campaign's three: a command cannot name a fourth",
    "BD-12": "a title is withdrawn by ReviewCredit on the grading case's facts: an outcome, "
    "not a refusal",
    "CZ-1": "Changzhou's scope is its targets' industries (read models), not a condition of a "
    "command",
    "CZ-2": "a target counted by the read models (targets)",
    "CZ-3": "the scheme's stages: dates for the read models, not a condition of a command",
    "CZ-7": "the municipal recognition from a review score: an outcome, not a refusal",
    "EQ-1": "the district's baseline, a number for the read models' targets",
    "EQ-2": "coverage targets counted by the read models",
    "EQ-3": "the township offices' monthly report (the monthly form's read model)",
    "EQ-5": "the monthly form's layout (read model)",
    "QY-2": "a target counted by the read models",
    "QY-3": "a stage's target counted by the read models",
    "QY-4": "a stage's target counted by the read models",
    "QY-5": "the townships' list for the year (read models' targets)",
    "QY-6": "which enterprises the plan leaves to other departments: data of the targets",
    "QY-12": "Qinyang's request to revoke after an accident is an obligation on the authority",
    "QY-13": "inspections of enterprises not yet standardized are obligations of the supervisor",
}


def _harness_driven() -> set[str]:
    """Rule ids the rule tests refuse with ``refused("<id>", ...)`` of a checking harness."""
    call = re.compile(r'\.refused\(\s*"([^"]+)"')
    return {
        rule_id
        for path in (ROOT / "tests").rglob("*.py")
        for rule_id in call.findall(path.read_text(encoding="utf-8"))
    }


HARNESS = _harness_driven()


@pytest.fixture(scope="module")
def library() -> dict[str, list[tuple[Any, tuple[str, ...]]]]:
    """Every refusal of the scenario library, by rule id, with the names its step typed."""
    found: dict[str, list[tuple[Any, tuple[str, ...]]]] = {}
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        run = ScenarioRun(scenario)
        try:
            for step in scenario.steps:
                outcome = run.execute(step)
                if outcome.error is None:
                    continue
                command = outcome.command
                names = typed([step.arguments, scenario.enterprise])
                if command is not None:
                    names += typed([command.actor])
                for rule_id in outcome.error.rule_ids:
                    found.setdefault(rule_id, []).append((outcome.error, names))
        finally:
            run.service.close()
    return found


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_id_is_refused_in_chinese(rule_id: str, library: Any) -> None:
    if rule_id in NOT_REFUSED:
        assert NOT_REFUSED[rule_id]
        assert rule_id not in library, f"{rule_id} is refused: drop it from NOT_REFUSED"
        return
    refusals = library.get(rule_id, [])
    assert refusals or rule_id in HARNESS or rule_id in DRIVERS, f"nothing refuses {rule_id}"
    for error, names in refusals:
        assert chinese_problems(error, names) == []
        # The English stays what it was: the machine part is the same in both.
        assert error.render("en").startswith(error.localized("en"))


#: Refusals neither the library nor the rule tests' harness calls drive by a literal id.
DRIVERS = {
    "revoke.concealment",
    "revoke.dishonesty_list",
    "revoke.fraud",
    "revoke.hazard_unfixed",
    "revoke.social_incident",
    "BD-3",
    "BD-13",
}


@pytest.mark.parametrize("trigger", sorted(t for t in DRIVERS if t.startswith("revoke.")))
def test_a_revocation_the_facts_do_not_meet(case: Case, trigger: str) -> None:
    """A graded enterprise with no such fact: the revocation is refused (``Case.refused``
    checks the Chinese), 不能撤销."""
    case.graded(2024)
    refusal = case.refused(trigger, c.Revoke, "2024-06-03", PROVINCE, trigger=trigger)
    assert refusal.localized("zh").startswith("不能撤销")


def test_a_problem_enterprise_missing_a_criterion(tmp_path: Path) -> None:
    """BD-3: a problem enterprise's acceptance with one of the 5 criteria missing."""
    campaign = Campaign(tmp_path, track="问题型企业")
    campaign.prepared()
    campaign.run(bd.RequestAcceptance, "2024-08-01", FIRM)
    criteria = campaign.criteria("BD-3")
    refusal = campaign.refused(
        "BD-3", bd.Accept, "2024-08-05", COUNTY, by="县级安委办", criteria_met=criteria[1:]
    )
    assert refusal.localized("zh").startswith("问题型企业的 5 项标准中有 1 项未达到")


def test_resistance_is_recorded_by_a_supervisor(tmp_path: Path) -> None:
    """BD-13: the enterprise itself cannot record that it resisted an inspection."""
    campaign = Campaign(tmp_path)
    campaign.enroll()
    refusal = campaign.refused(
        "BD-13", bd.RecordResistance, "2024-06-03", FIRM, description="拒绝执法人员进入"
    )
    assert "无权办理此环节" in refusal.localized("zh")
