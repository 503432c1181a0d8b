"""Random command sequences against one case (hypothesis' RuleBasedStateMachine): no sequence
breaks an invariant, every refusal names a rule id and writes nothing, replay equals live."""

from __future__ import annotations

from typing import Any

import pendulum
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from gradingcore import CaseKey, Enterprise, civil_period_end, default_policies
from gradingcore.scenarios import (
    Scenario,
    ScenarioRun,
    StepOutcome,
    default_uscc,
    scenario_service,
    step,
)
from gradingcore.scenarios.strategies import LAST_DAY, commands
from gradingcore.state import CLOSED_STAGES, Stage, fold
from gradingcore.views import Status

HENAN = default_policies().get("cn.henan.2023")
KEY = CaseKey(default_uscc("410882"), "机械")
ENTERPRISE = Enterprise("焦作市恒通机械有限公司", "机械")
START = pendulum.Date(2023, 2, 1)

#: The step that moves an open application on, by its stage.
NEXT = {
    Stage.SUBMITTED: "accept",
    Stage.AWAITING_CORRECTION: "resubmit",
    Stage.ACCEPTED: "forward",
    Stage.FORWARDED: "order_review",
    Stage.REVIEW_ORDERED: "form_review_team",
    Stage.TEAM_FORMED: "record_review",
    Stage.RECTIFICATION_REPORTED: "verify_rectification",
    Stage.READY_FOR_PUBLICITY: "publicize",
    Stage.PUBLICIZED: "announce",
    Stage.FAILED: "notify_failure",
}


class GradingMachine(RuleBasedStateMachine):
    """One Henan case; each rule issues a command on the machine's current business date."""

    def __init__(self) -> None:
        super().__init__()
        self.service = scenario_service(HENAN, START)
        model = Scenario(
            name="stateful", policy=str(HENAN.ref), enterprise=ENTERPRISE, key=KEY, steps=()
        )
        self.run = ScenarioRun(model, self.service)
        self.day = START
        self.accepted = 0

    def teardown(self) -> None:
        self.service.close()

    # --- rules ---------------------------------------------------------------------------

    @initialize()
    def self_evaluated(self) -> None:
        """Every run starts from a self-evaluation whose internal publicity is complete."""
        self.record(
            self.run.execute(step("self_evaluate", START, score=85, claimed_level=2)),
            "self_evaluate",
        )
        self.day = START.add(days=16)

    @rule(days=st.integers(0, 40))
    def time_passes(self, days: int) -> None:
        self.day = min(self.day.add(days=days), LAST_DAY)

    @rule(data=st.data())
    def any_command(self, data: st.DataObject) -> None:
        command = data.draw(commands(KEY, ENTERPRISE, on=self.day))
        self.record(self.run.execute_command(command), command.step)

    @rule(data=st.data(), gaps=st.lists(st.integers(0, 9), min_size=1, max_size=6))
    def next_steps(self, data: st.DataObject, gaps: list[int]) -> None:
        """The steps that move the case on, by their usual actors with sound data, each a few
        days after the last."""
        for gap in gaps:
            self.day = min(self.day.add(days=gap), LAST_DAY)
            name, payload = self.next(data)
            self.record(self.run.execute(step(name, self.day, **payload)), name)

    def next(self, data: st.DataObject) -> tuple[str, dict[str, Any]]:
        state = self.run._state()
        app = state.application if state else None
        if app is None or not app.is_open:
            recent = state is not None and any(
                s.on >= self.day.subtract(months=6) for s in state.self_evaluations
            )
            if recent:
                return "apply", {"level": 2}
            return "self_evaluate", {"score": 85, "claimed_level": 2}
        if app.stage is Stage.RECTIFYING:
            if app.unfixed:
                return "fix_nonconformity", {"nonconformity_id": app.unfixed[0]}
            return "report_rectification", {}
        name = NEXT[app.stage]
        if name == "order_review" and app.renewal:
            return "confirm_direct_renewal", {}
        if name == "publicize" and not (app.direct_renewal or app.listed_on):
            return "report_list", {"list_id": f"名单-{self.day}"}
        payloads: dict[str, dict[str, Any]] = {
            "record_review": {
                "score": data.draw(st.integers(70, 95)),
                "nonconformities": [{"id": "N1", "text": "台账不全"}],
                "level_met": data.draw(st.sampled_from((True, True, False))),
            },
            "verify_rectification": {"passed": data.draw(st.booleans())},
            "notify_failure": {"reasons": ("未通过",)},
        }
        return name, payloads.get(name, {})

    def record(self, outcome: StepOutcome, name: str) -> None:
        if outcome.error is not None:
            error = outcome.error
            assert error.rule_ids, f"a refusal without a rule id: {error!r}"
            assert error.citations, f"a refusal without a citation: {error}"
            assert outcome.written == 0, f"a refused {name} wrote {outcome.written}"
            return
        self.accepted += 1
        for recorded in outcome.events:
            event(f"recorded {recorded.name}")
        assert not outcome.problems, outcome.problems
        for recorded in outcome.events:
            unknown = set(recorded.rules) - set(HENAN.rules)
            assert not unknown, f"{recorded.name} names unknown rules {unknown}"

    # --- invariants ----------------------------------------------------------------------

    @invariant()
    def history_verifies(self) -> None:
        """The stored hash chain verifies and replays to the repository's case."""
        if self.run._state() is None:
            return
        assert self.service.verify(KEY) == []
        history = self.service.history(KEY)
        assert [e.originator_version for e in history] == list(range(1, len(history) + 1))
        assert fold(history) == self.service.state(KEY.case_id)

    @invariant()
    def view_agrees_with_state(self) -> None:
        """The view on the current day is computable and agrees with the application."""
        state = self.run._state()
        if state is None:
            return
        view = self.service.view(KEY, self.day)
        app = state.application
        if app is not None and app.is_open:
            assert view.status is Status.IN_PROGRESS
            assert app.stage not in CLOSED_STAGES
        if view.level is not None:
            assert view.status in (Status.GRADED, Status.IN_PROGRESS)

    @invariant()
    def levels_last_the_term(self) -> None:
        """Every level announced is valid for exactly 3 years (validity.term)."""
        state = self.run._state()
        for grading in state.gradings if state else ():
            assert grading.valid_until == civil_period_end(grading.valid_from, years=3)


TestGradingMachine = GradingMachine.TestCase
TestGradingMachine.settings = settings(
    max_examples=30,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
