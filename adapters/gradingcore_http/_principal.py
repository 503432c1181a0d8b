"""Who is calling and which cases they may see or act on (the roles of the HTTP API).

A :class:`Principal` is what an authenticator makes of a request: the :class:`Actor` the
commands are recorded under, and the scope of cases. The scope is checked here, before the
service is asked anything, so that a refused request writes nothing; what each role may do to
a case it can reach is the core's rule (``GradingCase._role``), not repeated here.

- enterprise (企业): only the cases of its own USCC;
- organizing unit (组织单位) and grading authority (定级部门): cases whose enterprise is in
  their region (a GB/T 2260 code prefix: ``"41"`` Henan, ``"4108"`` Jiaozuo) and whose level
  is one of theirs;
- review team member (评审组成员): only cases whose current review team includes them;
- supervisor (监管部门): records facts (incidents, penalties, hazards, …) in its region;
- auditor: reads, never writes, in its region.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs

from gradingcore import USCC, Actor, CaseKey, CaseState, Level, Role, label
from gradingcore_cli._i18n import _

#: The commands that record a fact about an enterprise: all a supervisor may post.
FACT_STEPS = frozenset(
    {
        "record_incident",
        "record_social_incident",
        "record_penalty",
        "record_hazard",
        "fix_hazard",
        "list_dishonest",
        "delist_dishonest",
        "record_licence_loss",
        "record_major_change",
        "record_fraud",
        "record_operation_failure",
        "record_township",
        "record_follow_up_visit",
        "record_inspection",
    }
)


@attrs.frozen
class Principal:
    """An authenticated caller: the actor its commands are recorded as, and its scope."""

    actor: Actor
    #: GB/T 2260 prefix of the regions it covers ("" is everywhere; not used for enterprises).
    region: str = ""
    #: The levels it handles (empty: all). Organizing units and authorities only.
    levels: frozenset[Level] = frozenset()
    #: The enterprise's USCC, for the enterprise role.
    uscc: USCC | None = None
    #: The expert's id in review teams, for the review team role.
    expert_id: str | None = None
    #: The credential's id (a token id), for the access log; never the secret.
    credential: str = ""

    @property
    def role(self) -> Role:
        return self.actor.role


class OutOfScope(Exception):
    """The principal may not do this to this case. Carries the reason for the problem body."""

    def __init__(self, detail: str, facts: dict[str, object] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.facts = facts or {}


def case_region(key: CaseKey, state: CaseState | None, opening_region: str = "") -> str:
    """Where the enterprise operates: its recorded region, else the USCC's."""
    if state is not None and state.enterprise.region:
        return state.enterprise.region
    return opening_region or key.uscc.region


def case_level(state: CaseState | None) -> Level | None:
    """The level a case is about: the open application's, else the latest self-evaluation's
    claim, else the level last announced; None for a case with none of them."""
    if state is None:
        return None
    if state.application is not None and state.application.is_open:
        return state.application.level
    if state.self_evaluations:
        return state.self_evaluations[-1].claimed_level
    if state.grading is not None:
        return state.grading.level
    if state.application is not None:
        return state.application.level
    return None


def _team_ids(state: CaseState | None) -> Collection[str]:
    if state is None or state.application is None:
        return ()
    return {expert.id for expert in state.application.team}


def check_scope(
    who: Principal,
    key: CaseKey,
    state: CaseState | None,
    *,
    step: str | None = None,
    opening_region: str = "",
) -> None:
    """Raise OutOfScope unless ``who`` may read the case (``step`` None) or post ``step``."""
    role = who.role
    if step is not None and role is Role.AUDITOR:
        raise OutOfScope(_("an auditor reads cases; it records nothing"))
    if step is not None and role is Role.SUPERVISOR and step not in FACT_STEPS:
        allowed = ", ".join(sorted(FACT_STEPS))
        detail = _("a supervisor records facts only ({allowed}), not {step}")
        raise OutOfScope(detail.format(allowed=allowed, step=step), {"step": step})
    if role is Role.ENTERPRISE:
        if who.uscc != key.uscc:
            raise OutOfScope(
                _("an enterprise reaches only its own cases ({own}), not {uscc}").format(
                    own=who.uscc, uscc=key.uscc
                ),
                {"uscc": str(key.uscc)},
            )
        return
    if role is Role.REVIEW_TEAM:
        if who.expert_id is None or who.expert_id not in _team_ids(state):
            raise OutOfScope(
                _("a review team member reaches only cases whose current team includes them"),
                {"expert_id": who.expert_id},
            )
        return
    region = case_region(key, state, opening_region)
    if not region.startswith(who.region):
        raise OutOfScope(
            _("the case is in region {region}, outside {scope}").format(
                region=region, scope=who.region
            ),
            {"case_region": region, "scope_region": who.region},
        )
    if role in (Role.ORGANIZING_UNIT, Role.AUTHORITY) and who.levels:
        level = case_level(state)
        if level is not None and level not in who.levels:
            mine = ", ".join(str(int(x)) for x in sorted(who.levels))
            raise OutOfScope(
                _("the case is about level {level}; this {role} handles level {mine}").format(
                    level=int(level), role=label(role), mine=mine
                ),
                {"case_level": int(level)},
            )


def may_read_region(who: Principal, region: str) -> bool:
    """Whether lists (registry, board) may show a case of ``region`` to ``who``."""
    if who.role in (Role.ENTERPRISE, Role.REVIEW_TEAM):
        return False
    return region.startswith(who.region)


__all__ = [
    "FACT_STEPS",
    "OutOfScope",
    "Principal",
    "case_level",
    "case_region",
    "check_scope",
    "may_read_region",
]
