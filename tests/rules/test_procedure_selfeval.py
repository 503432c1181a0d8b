"""Self-evaluation (HN 第七条(一)): the annual duty, the work group, internal publicity and the
disclosure of consultants, each at both edges."""

from __future__ import annotations

import pytest

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.facts import WorkGroup
from gradingcore.values import Role
from tests.case.harness import ENTERPRISE, UNIT, Case, D, team

from .procedure_steps import AUTHORITY_OF_LEVEL, owed, owed_ids, recorded, self_evaluation


class TestSelfevalAnnual:
    @pytest.mark.rule("selfeval.annual")
    def test_ungraded_enterprise_owes_none(self, case: Case) -> None:
        """An enterprise with no level has no annual self-evaluation obligation."""
        case.self_evaluate("2024-03-01")
        assert "selfeval.annual" not in owed_ids(case, "2025-06-01")

    @pytest.mark.rule("selfeval.annual")
    def test_due_a_year_after_the_announcement(self, case: Case) -> None:
        """Announced 2024-04-17: a self-evaluation is due by 2025-04-17, overdue on 2025-04-18."""
        assert case.graded(2024)["announced"] == D("2024-04-17")
        on_time = owed(case, "2025-04-17", "selfeval.annual")
        assert (on_time.party, on_time.due, on_time.overdue) == (
            Role.ENTERPRISE,
            D("2025-04-17"),
            False,
        )
        late = owed(case, "2025-04-18", "selfeval.annual")
        assert (late.due, late.overdue) == (D("2025-04-17"), True)

    @pytest.mark.rule("selfeval.annual")
    def test_each_self_evaluation_restarts_the_year(self, case: Case) -> None:
        """A self-evaluation on 2025-03-03 moves the next one to 2026-03-03 (late on 03-04)."""
        case.graded(2024)
        case.self_evaluate("2025-03-03")
        assert owed(case, "2026-03-03", "selfeval.annual").overdue is False
        late = owed(case, "2026-03-04", "selfeval.annual")
        assert (late.due, late.overdue, late.facts["last_self_evaluation"]) == (
            D("2026-03-03"),
            True,
            D("2025-03-03"),
        )


class TestSelfevalWorkgroup:
    @pytest.mark.rule("selfeval.workgroup")
    def test_principal_with_one_representative(self, case: Case) -> None:
        """Led by the principal with a single employee representative: recorded."""
        principal = WorkGroup("张建国", leader_is_principal=True, employee_representatives=1)
        outcome = case.run(
            c.SelfEvaluate, "2024-03-01", ENTERPRISE, **self_evaluation(workgroup=principal)
        )
        event = recorded(outcome, ev.SelfEvaluated)
        assert event.workgroup == principal
        assert "selfeval.workgroup" in event.rules

    @pytest.mark.rule("selfeval.workgroup")
    def test_not_led_by_the_principal(self, case: Case) -> None:
        """A work group led by someone other than the principal is refused."""
        group = WorkGroup("李安全", leader_is_principal=False, employee_representatives=3)
        refusal = case.refused(
            "selfeval.workgroup",
            c.SelfEvaluate,
            "2024-03-01",
            ENTERPRISE,
            **self_evaluation(workgroup=group),
        )
        assert refusal.facts["selfeval.workgroup.leader_is_principal"] is False

    @pytest.mark.rule("selfeval.workgroup")
    def test_no_employee_representative(self, case: Case) -> None:
        """A work group without employee representatives is refused."""
        group = WorkGroup("张建国", leader_is_principal=True, employee_representatives=0)
        refusal = case.refused(
            "selfeval.workgroup",
            c.SelfEvaluate,
            "2024-03-01",
            ENTERPRISE,
            **self_evaluation(workgroup=group),
        )
        assert refusal.facts["selfeval.workgroup.employee_representatives"] == 0


class TestSelfevalPublicity:
    @pytest.mark.rule("selfeval.publicity", "apply.self_evaluation", "period.workdays")
    def test_ten_workdays_across_qingming(self, case: Case) -> None:
        """Published from Monday 2024-03-25, 10 WD end 2024-04-08 (Qingming off, Sunday 04-07
        worked): applying on 04-08 is refused, on 04-09 accepted."""
        event = recorded(case.self_evaluate("2024-03-25"), ev.SelfEvaluated)
        assert (event.publicity_from, event.publicity_complete_on) == (
            D("2024-03-25"),
            D("2024-04-08"),
        )
        refusal = case.refused("apply.self_evaluation", c.Apply, "2024-04-08", ENTERPRISE, level=2)
        assert refusal.facts["apply.self_evaluation.publicity_complete_on"] == D("2024-04-08")
        assert refusal.facts["apply.self_evaluation.applied_on"] == D("2024-04-08")
        case.run(c.Apply, "2024-04-09", ENTERPRISE, level=2)

    @pytest.mark.rule("selfeval.publicity", "apply.self_evaluation", "period.workdays")
    def test_publicity_from_a_later_day_across_spring_festival(self, case: Case) -> None:
        """Published from 2025-01-20, 10 WD end 2025-02-07 (Spring Festival off, Sunday 01-26
        worked): applying on 02-07 is refused, on the adjusted working Saturday 02-08 accepted."""
        payload = self_evaluation(publicity_from=D("2025-01-20"))
        event = recorded(
            case.run(c.SelfEvaluate, "2025-01-17", ENTERPRISE, **payload), ev.SelfEvaluated
        )
        assert (event.publicity_from, event.publicity_complete_on) == (
            D("2025-01-20"),
            D("2025-02-07"),
        )
        case.refused("apply.self_evaluation", c.Apply, "2025-02-07", ENTERPRISE, level=2)
        case.run(c.Apply, "2025-02-08", ENTERPRISE, level=2)

    @pytest.mark.rule("selfeval.publicity", "period.workdays")
    def test_publicity_from_a_rest_day(self, case: Case) -> None:
        """Published from Saturday 2024-09-28 (not counted), 10 WD end 2024-10-16, counting the
        worked Sunday 09-29 and Saturday 10-12 across National Day."""
        event = recorded(case.self_evaluate("2024-09-28"), ev.SelfEvaluated)
        assert event.publicity_complete_on == D("2024-10-16")


class TestSelfevalConsultants:
    @pytest.mark.rule("selfeval.consultants")
    def test_disclosed_in_the_report(self, case: Case) -> None:
        """The consultants the enterprise used are recorded with its self-evaluation."""
        payload = self_evaluation(consultants=("河南安评咨询有限公司", "专家2"))
        event = recorded(
            case.run(c.SelfEvaluate, "2024-03-01", ENTERPRISE, **payload), ev.SelfEvaluated
        )
        assert event.consultants == ("河南安评咨询有限公司", "专家2")
        assert "selfeval.consultants" in event.rules

    @pytest.mark.rule("selfeval.consultants", "review.independence")
    def test_a_disclosed_consultant_may_not_review(self, case: Case) -> None:
        """An expert the report names as a consultant is refused for the review team; the same
        team without that expert is formed."""
        payload = self_evaluation(consultants=("专家2",))
        case.run(c.SelfEvaluate, "2024-03-01", ENTERPRISE, **payload)
        case.run(c.Apply, "2024-03-18", ENTERPRISE, level=2)
        case.run(c.Accept, "2024-03-18", UNIT)
        case.run(c.Forward, "2024-03-19", UNIT)
        case.run(c.OrderReview, "2024-03-20", AUTHORITY_OF_LEVEL[2])
        experts = team(4)
        refusal = case.refused(
            "review.independence", c.FormReviewTeam, "2024-03-21", UNIT, experts=experts
        )
        assert any("专家2" in p for p in refusal.facts["review.independence.problems"])
        case.run(c.FormReviewTeam, "2024-03-21", UNIT, experts=experts[:2] + experts[3:])
        app = case.service.state(case.key).application
        assert app is not None
        assert [e.name for e in app.team] == ["专家0", "专家1", "专家3"]
