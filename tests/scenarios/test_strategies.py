"""The hypothesis strategies: valid values of the public types, commands of every step; and a
clear error when hypothesis is not installed."""

from __future__ import annotations

import subprocess
import sys

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from gradingcore import (
    USCC,
    CaseKey,
    Enterprise,
    Expert,
    ExpertDraw,
    Level,
    default_policies,
    official_calendar,
)
from gradingcore.commands import COMMANDS, Command
from gradingcore.rules import Judge, team_findings
from gradingcore.scenarios.strategies import (
    FIRST_DAY,
    LAST_DAY,
    business_dates,
    case_keys,
    commands,
    enterprises,
    review_teams,
    usccs,
)
from gradingcore.state import CaseState

HENAN = default_policies().get("cn.henan.2023")
FEW = settings(max_examples=30, deadline=None)


class TestValues:
    @FEW
    @given(usccs(region="410882"))
    def test_usccs_are_valid(self, uscc: USCC) -> None:
        """A drawn USCC validates again and is registered in the region asked for."""
        assert USCC(uscc.value) == uscc
        assert uscc.region == "410882"

    @FEW
    @given(case_keys(), enterprises())
    def test_keys_and_enterprises(self, key: CaseKey, enterprise: Enterprise) -> None:
        """Case keys have a specialty; enterprises an industry of HN 第二条."""
        assert key.specialty
        assert enterprise.industry in enterprise.name

    @FEW
    @given(business_dates())
    def test_dates_stay_inside_the_calendar(self, day: pendulum.Date) -> None:
        """Business dates stay where every deadline computed from them is covered."""
        assert FIRST_DAY <= day <= LAST_DAY

    @FEW
    @given(review_teams())
    def test_valid_teams_meet_every_review_rule(self, team: tuple[Expert, ...]) -> None:
        """A valid team meets review.team_size, expertise, qualification and independence."""
        judge = Judge(HENAN, official_calendar(), FIRST_DAY)
        state = CaseState(key=CaseKey("91410882MA0000001T"), enterprise=Enterprise("甲", "机械"))
        findings = team_findings(
            judge,
            state,
            Level.LEVEL_2,
            team,
            FIRST_DAY,
            organizing_unit_consulted=False,
            draw=ExpertDraw("河南省安全生产专家库"),
        )
        assert all(f.holds for f in findings), [str(f) for f in findings]


class TestCommands:
    @settings(max_examples=len(COMMANDS) * 3, deadline=None)
    @given(st.data())
    def test_every_step_has_commands(self, data: st.DataObject) -> None:
        """Each step's strategy builds its command for the case and day given."""
        name = data.draw(st.sampled_from(sorted(COMMANDS)))
        key = CaseKey("91410882MA0000001T", "机械")
        command: Command = data.draw(commands(key, steps=[name], on=FIRST_DAY))
        assert (command.step, command.case, command.on) == (name, key, FIRST_DAY)


class TestOptional:
    def test_without_hypothesis_the_error_says_how_to_install_it(self) -> None:
        """Importing the strategies without hypothesis names the extra to install; the rest
        of gradingcore.scenarios does not need it."""
        code = (
            "import sys\n"
            "sys.modules['hypothesis'] = None\n"
            "import gradingcore.scenarios\n"
            "try:\n"
            "    import gradingcore.scenarios.strategies\n"
            "except ModuleNotFoundError as error:\n"
            "    print(error)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert "pip install 'gradingcore[testing]'" in result.stdout
