"""Hypothesis strategies for gradingcore's public types (imported through ``strategies``).

Every strategy draws values that construct: USCCs with a correct check character, enterprises,
business dates inside the official calendar's coverage, actors, experts and teams, and commands
of every step with plausible payloads (the right actor most of the time, valid numbers mostly),
so that random sequences of commands reach deep into the lifecycle as well as its refusals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from gradingcore.commands import COMMANDS, Command
from gradingcore.facts import (
    COMMITMENTS,
    Degree,
    Expert,
    ExpertDraw,
    ForceMajeure,
    IncidentGrade,
    LicenceLoss,
    Nonconformity,
    Reporting,
    Title,
    VerificationMethod,
    WorkGroup,
)
from gradingcore.levels import Level
from gradingcore.scenarios._runner import DEFAULT_ROLES
from gradingcore.values import (
    USCC,
    Actor,
    AuthorityKind,
    CaseKey,
    Enterprise,
    Role,
    uscc_check_character,
)

#: GB/T 2260 codes the strategies register enterprises in: Henan's cities, then elsewhere.
REGIONS = ("410100", "410300", "410700", "410882", "411000", "110105", "320400", "440300")
#: 行业 of HN 第二条.
INDUSTRIES = (
    "化工",
    "医药",
    "危险化学品",
    "冶金",
    "有色",
    "建材",
    "机械",
    "轻工",
    "纺织",
    "烟草",
    "商贸",
)
#: The first and last business dates the strategies draw by default: every deadline computed
#: from them stays inside the official calendar (2004-2026).
FIRST_DAY = pendulum.Date(2023, 1, 2)
LAST_DAY = pendulum.Date(2026, 6, 30)

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_REVOCATION_TRIGGERS = (
    "revoke.fatal_accident",
    "revoke.injuries_or_loss_12m",
    "revoke.social_incident",
    "revoke.concealment",
    "revoke.dishonesty_list",
    "revoke.fraud",
    "revoke.licence",
    "revoke.hazard_unfixed",
    "revoke.not_operating",
)
_TEXT = st.sampled_from(
    (
        "台账不全",
        "应急预案未演练",
        "特种作业人员证书过期",
        "符合申请条件",
        "现场评审发现问题",
        "暴雨",
        "",
    )
)


def regions() -> st.SearchStrategy[str]:
    """6-digit GB/T 2260 region codes, Henan's most often."""
    return st.sampled_from(REGIONS)


@st.composite
def usccs(draw: st.DrawFn, region: str | st.SearchStrategy[str] | None = None) -> USCC:
    """Valid unified social credit codes (GB 32100-2015), registered in ``region``."""
    code = draw(_strategy(region, regions()))
    head = draw(st.sampled_from("159")) + draw(st.sampled_from("123"))
    body = "".join(draw(st.lists(st.sampled_from(_USCC_CHARS), min_size=9, max_size=9)))
    first17 = f"{head}{code}{body}"
    return USCC(first17 + uscc_check_character(first17))


def industries() -> st.SearchStrategy[str]:
    return st.sampled_from(INDUSTRIES)


@st.composite
def enterprises(draw: st.DrawFn, region: str | st.SearchStrategy[str] | None = None) -> Enterprise:
    """Enterprises of the industries of HN 第二条 (their region as given, or the USCC's)."""
    industry = draw(industries())
    place = draw(st.sampled_from(("焦作市", "郑州市", "洛阳市", "新乡市", "安阳市")))
    brand = draw(st.sampled_from(("恒通", "中原", "豫北", "伊川", "钢城")))
    name = f"{place}{brand}{industry}有限公司"
    where = draw(_strategy(region, st.just("")))
    return Enterprise(name, industry, where, draw(st.booleans()))


@st.composite
def case_keys(draw: st.DrawFn, region: str | st.SearchStrategy[str] | None = None) -> CaseKey:
    """Case keys: a valid USCC and a specialty (专业)."""
    return CaseKey(draw(usccs(region)), draw(industries()))


def business_dates(
    min_value: dt.date = FIRST_DAY, max_value: dt.date = LAST_DAY
) -> st.SearchStrategy[pendulum.Date]:
    """Business dates (``pendulum.Date``) from ``min_value`` through ``max_value``."""
    return st.dates(min_value, max_value).map(lambda d: pendulum.Date(d.year, d.month, d.day))


def levels(allowed: Sequence[int] = (1, 2, 3)) -> st.SearchStrategy[Level]:
    return st.sampled_from([Level(n) for n in allowed])


@st.composite
def actors(draw: st.DrawFn, role: Role | None = None) -> Actor:
    """Actors of ``role`` (any role when None); an authority has a kind."""
    chosen = role or draw(st.sampled_from(list(Role)))
    kind = draw(st.sampled_from(list(AuthorityKind))) if chosen is Role.AUTHORITY else None
    return Actor(f"{chosen.value}-{draw(st.integers(1, 3))}", chosen, kind)


@st.composite
def work_groups(draw: st.DrawFn, valid: bool | None = True) -> WorkGroup:
    """Self-evaluation work groups; ``valid=False`` or None also draws ones that break
    ``selfeval.workgroup`` (not led by the principal, no employee representatives)."""
    if valid:
        return WorkGroup("主要负责人", True, draw(st.integers(1, 5)))
    return WorkGroup("安全总监", draw(st.booleans()), draw(st.integers(0, 3)))


@st.composite
def experts(draw: st.DrawFn, n: int = 0, *, leader: bool = False, valid: bool = True) -> Expert:
    """One expert; ``valid`` ones meet ``review.expert_qualification`` and independence."""
    if valid:
        return Expert(
            id=f"x{n}",
            name=f"专家{n}",
            leader=leader,
            title=Title.SENIOR
            if leader
            else draw(st.sampled_from((Title.INTERMEDIATE, Title.SENIOR))),
            safety_work_years=draw(st.integers(10 if leader else 5, 30)),
            degree=draw(st.sampled_from((Degree.BACHELOR, Degree.MASTER))),
            degree_related=True,
            trained_provincially=True,
            process_background=draw(st.booleans()),
        )
    return Expert(
        id=f"x{n}",
        name=f"专家{n}",
        leader=leader,
        title=draw(st.none() | st.sampled_from(list(Title))),
        safety_work_years=draw(st.none() | st.integers(0, 30)),
        degree=draw(st.none() | st.sampled_from(list(Degree))),
        degree_related=draw(st.none() | st.booleans()),
        trained_provincially=draw(st.none() | st.booleans()),
        process_background=draw(st.booleans()),
        consulted_enterprise=draw(st.booleans()),
    )


@st.composite
def review_teams(draw: st.DrawFn, valid: bool = True) -> tuple[Expert, ...]:
    """Review teams; ``valid`` ones have 3-5 qualified experts, one leader, one with a
    background in the enterprise's processes (``review.*``)."""
    size = draw(st.integers(3, 5) if valid else st.integers(1, 6))
    team = [draw(experts(i, leader=i == 0, valid=valid)) for i in range(size)]
    if valid and not any(e.process_background for e in team):
        team[-1] = attrs.evolve(team[-1], process_background=True)
    return tuple(team)


@st.composite
def nonconformities(draw: st.DrawFn, max_size: int = 3) -> tuple[Nonconformity, ...]:
    """Nonconformities with unique ids ``N1``, ``N2``, …; now and then a veto item."""
    n = draw(st.integers(0, max_size))
    return tuple(
        Nonconformity(f"N{i}", f"5.{i}", draw(_TEXT), veto=draw(st.integers(0, 7)) == 0)
        for i in range(1, n + 1)
    )


def _scores(low: int = 55, high: int = 100) -> st.SearchStrategy[Decimal]:
    return st.integers(low * 2, high * 2).map(lambda n: Decimal(n) / 2)


def _ids(prefix: str, n: int = 3) -> st.SearchStrategy[str]:
    return st.sampled_from([f"{prefix}{i}" for i in range(1, n + 1)])


def _texts(min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(_TEXT.filter(bool), min_size=min_size, max_size=2).map(tuple)


def _payloads(on: pendulum.Date) -> Mapping[str, st.SearchStrategy[dict[str, Any]]]:
    """Plausible payloads of each step on ``on``."""
    later = st.integers(0, 60).map(lambda n: on.add(days=n))
    return {
        "open": st.fixed_dictionaries({}),
        "self_evaluate": st.fixed_dictionaries(
            {
                "score": _scores(),
                "claimed_level": levels((2, 3)),
                "workgroup": work_groups(valid=None),
            },
            optional={"consultants": _texts()},
        ),
        "apply": st.fixed_dictionaries(
            {"level": levels((2, 3))}, optional={"reported_to_city": st.booleans()}
        ),
        "request_correction": st.fixed_dictionaries({"items": _texts(min_size=0)}),
        "resubmit": st.fixed_dictionaries({}),
        "accept": st.fixed_dictionaries({}),
        "forward": st.fixed_dictionaries({"opinion": _TEXT}),
        "reject": st.fixed_dictionaries({"reasons": _texts()}),
        "order_review": st.fixed_dictionaries({}),
        "confirm_direct_renewal": st.fixed_dictionaries({"standards_revised": st.booleans()}),
        "form_review_team": st.fixed_dictionaries(
            {
                "experts": st.one_of(review_teams(), review_teams(valid=False)),
                "draw": st.none() | st.just(ExpertDraw("省安全生产专家")),
            }
        ),
        "record_review": st.fixed_dictionaries(
            {
                "score": _scores(40),
                "nonconformities": nonconformities(),
                "major_hazard_found": st.sampled_from((False, False, False, True)),
                "level_met": st.sampled_from((True, True, True, False)),
            }
        ),
        "extend_rectification": st.fixed_dictionaries(
            {
                "workdays": st.integers(1, 25),
                "reason": st.sampled_from(list(ForceMajeure)),
            }
        ),
        "fix_nonconformity": st.fixed_dictionaries({"nonconformity_id": _ids("N")}),
        "report_rectification": st.fixed_dictionaries({}),
        "verify_rectification": st.fixed_dictionaries(
            {
                "passed": st.booleans(),
                "method": st.sampled_from(list(VerificationMethod)),
            }
        ),
        "report_list": st.fixed_dictionaries({"list_id": _ids("L", 2)}),
        "publicize": st.fixed_dictionaries({}),
        "raise_objection": st.fixed_dictionaries({"objection_id": _ids("O", 2)}),
        "resolve_objection": st.fixed_dictionaries(
            {
                "objection_id": _ids("O", 2),
                "substantiated": st.booleans(),
            }
        ),
        "announce": st.fixed_dictionaries({}),
        "notify_failure": st.fixed_dictionaries({"reasons": _texts()}),
        "revoke": st.fixed_dictionaries({"trigger": st.sampled_from(_REVOCATION_TRIGGERS)}),
        "find_commitment_false": st.fixed_dictionaries(
            {
                "commitment": st.sampled_from(COMMITMENTS),
            }
        ),
        "record_incident": st.fixed_dictionaries(
            {
                "incident_id": _ids("I", 6),
                "deaths": st.integers(0, 1),
                "serious_injuries": st.integers(0, 4),
                "direct_loss_cny": st.integers(0, 1_500_000).map(Decimal),
                "grade": st.sampled_from(list(IncidentGrade)),
                "reporting": st.sampled_from(list(Reporting)),
            }
        ),
        "record_social_incident": st.fixed_dictionaries({"incident_id": _ids("S")}),
        "record_penalty": st.fixed_dictionaries(
            {
                "penalty_id": _ids("P"),
                "major": st.booleans(),
            }
        ),
        "record_hazard": st.fixed_dictionaries(
            {
                "hazard_id": _ids("H"),
                "major": st.booleans(),
                "fix_by": later,
            }
        ),
        "fix_hazard": st.fixed_dictionaries({"hazard_id": _ids("H")}),
        "record_follow_up_visit": st.one_of(
            st.fixed_dictionaries({"visit_id": _ids("V"), "passed": st.just(True)}),
            st.fixed_dictionaries(
                {"visit_id": _ids("V"), "passed": st.just(False), "fix_by": later}
            ),
        ),
        "record_inspection": st.fixed_dictionaries(
            {"inspection_id": _ids("I"), "comprehensive": st.booleans()}
        ),
        "list_dishonest": st.fixed_dictionaries({}),
        "delist_dishonest": st.fixed_dictionaries({}),
        "record_licence_loss": st.fixed_dictionaries({"kind": st.sampled_from(list(LicenceLoss))}),
        "record_major_change": st.fixed_dictionaries({"description": _TEXT}),
        "record_fraud": st.fixed_dictionaries({"description": _TEXT}),
        "record_operation_failure": st.fixed_dictionaries({"serious": st.booleans()}),
        # A name: a 9-digit code must lie within the case's region, which is drawn elsewhere.
        "record_township": st.fixed_dictionaries(
            {"township": st.sampled_from(["城关镇", "东城街道", "产业集聚区"])}
        ),
    }


def payloads(step: str, on: pendulum.Date) -> st.SearchStrategy[dict[str, Any]]:
    """Plausible payloads of the command ``step`` on ``on`` (keyword arguments)."""
    return _payloads(on)[step]


@st.composite
def commands(
    draw: st.DrawFn,
    key: CaseKey | st.SearchStrategy[CaseKey] | None = None,
    enterprise: Enterprise | st.SearchStrategy[Enterprise] | None = None,
    *,
    steps: Sequence[str] | None = None,
    on: pendulum.Date | st.SearchStrategy[pendulum.Date] | None = None,
    right_actor: float = 0.9,
) -> Command:
    """Commands of any step (or of ``steps``) for the case ``key``, with the enterprise that
    opens the case if needed. The actor is the step's usual one with probability
    ``right_actor`` (an authority of a random kind), any actor otherwise."""
    name = draw(st.sampled_from(list(steps or COMMANDS)))
    day = draw(_strategy(on, business_dates()))
    usual = draw(st.floats(0, 1)) < right_actor
    role = DEFAULT_ROLES.get(name, Role.ENTERPRISE) if usual else None
    return COMMANDS[name](
        case=draw(_strategy(key, case_keys())),
        actor=draw(actors(role)),
        on=day,
        enterprise=draw(_strategy(enterprise, enterprises())),
        **draw(payloads(name, day)),
    )


def _strategy(value: Any, default: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


__all__ = [
    "FIRST_DAY",
    "INDUSTRIES",
    "LAST_DAY",
    "REGIONS",
    "actors",
    "business_dates",
    "case_keys",
    "commands",
    "enterprises",
    "experts",
    "industries",
    "levels",
    "nonconformities",
    "payloads",
    "regions",
    "review_teams",
    "usccs",
    "work_groups",
]
