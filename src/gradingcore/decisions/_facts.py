"""Supervisors' facts (accidents, penalties, hazards, listings, …): the record the eligibility,
renewal and revocation rules read. Facts may be recorded late, with their own business date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum

from gradingcore import commands as c
from gradingcore import events as ev
from gradingcore.decisions._draft import Draft, decides
from gradingcore.errors import DuplicateError, InvalidInput
from gradingcore.facts import IncidentGrade, LicenceLoss, Reporting
from gradingcore.i18n import msg
from gradingcore.rules.local import local_findings
from gradingcore.state import CaseState
from gradingcore.values import Role, money

#: Rule ids each kind of fact feeds, recorded on the event so a reader sees why it matters.
_FEEDS = {
    ev.IncidentRecorded: (
        "commit.no_accident_1y",
        "revoke.fatal_accident",
        "revoke.injuries_or_loss_12m",
        "revoke.concealment",
        "renewal.direct",
    ),
    ev.SocialIncidentRecorded: ("commit.no_social_incident", "revoke.social_incident"),
    ev.PenaltyRecorded: ("renewal.direct",),
    ev.HazardRecorded: ("commit.hazards_fixed", "revoke.hazard_unfixed"),
    ev.HazardFixed: ("commit.hazards_fixed", "revoke.hazard_unfixed"),
    ev.DishonestyListed: ("commit.not_dishonest", "revoke.dishonesty_list"),
    ev.DishonestyDelisted: ("commit.not_dishonest",),
    ev.LicenceLost: ("revoke.licence",),
    ev.MajorChangeRecorded: ("renewal.direct",),
    ev.FraudFound: ("revoke.fraud",),
    ev.OperationFailureRecorded: ("revoke.not_operating",),
}


def _fact(d: Draft, cls: type[ev.CaseEvent], **payload: Any) -> Any:
    d.role(Role.SUPERVISOR, Role.AUTHORITY)
    return d.record(cls, rules=_FEEDS[cls], **payload)


@decides(c.RecordIncident, ev.IncidentRecorded)
def record_incident(
    d: Draft,
    *,
    incident_id: str,
    deaths: int = 0,
    serious_injuries: int = 0,
    direct_loss_cny: Decimal | int | str = 0,
    grade: IncidentGrade | int = IncidentGrade.YIBAN,
    reporting: Reporting | str = Reporting.ON_TIME,
    description: str = "",
) -> ev.IncidentRecorded:
    judge = d.judge
    if deaths < 0 or serious_injuries < 0 or money(direct_loss_cny) < 0:
        raise judge.refuse(msg("an accident's toll cannot be negative"), "commit.no_accident_1y")
    if incident_id in {i.id for i in d.state.incidents}:
        # A plain duplicate, not an eligibility question: no rule is cited (decision 0019).
        raise DuplicateError(
            msg("incident '{id}' is already recorded on this case", id=incident_id),
            facts={"field": "incident_id", "incident_id": incident_id},
        )
    return _fact(  # type: ignore[no-any-return]
        d,
        ev.IncidentRecorded,
        incident_id=incident_id,
        deaths=deaths,
        serious_injuries=serious_injuries,
        direct_loss_cny=money(direct_loss_cny),
        grade=IncidentGrade(grade),
        reporting=Reporting(reporting),
        description=description,
    )


@decides(c.RecordSocialIncident, ev.SocialIncidentRecorded)
def record_social_incident(
    d: Draft, *, incident_id: str, description: str = ""
) -> ev.SocialIncidentRecorded:
    return _fact(  # type: ignore[no-any-return]
        d,
        ev.SocialIncidentRecorded,
        incident_id=incident_id,
        description=description,
    )


@decides(c.RecordPenalty, ev.PenaltyRecorded)
def record_penalty(
    d: Draft,
    *,
    penalty_id: str,
    major: bool = False,
    description: str = "",
) -> ev.PenaltyRecorded:
    return _fact(  # type: ignore[no-any-return]
        d,
        ev.PenaltyRecorded,
        penalty_id=penalty_id,
        major=major,
        description=description,
    )


@decides(c.RecordHazard, ev.HazardRecorded)
def record_hazard(
    d: Draft,
    *,
    hazard_id: str,
    major: bool,
    fix_by: pendulum.Date,
    description: str = "",
    responsibility: str = "",
    measures: str = "",
    funds: str = "",
    contingency_plan: str = "",
) -> ev.HazardRecorded:
    act, judge = d.act, d.judge
    if hazard_id in d.state.hazards:
        raise judge.refuse(
            msg("hazard '{id}' is already recorded", id=hazard_id), "commit.hazards_fixed"
        )
    if fix_by < act.on:
        raise judge.refuse(
            msg("fix_by {fix_by} is before {on}", fix_by=fix_by, on=act.on),
            "revoke.hazard_unfixed",
        )
    in_place = {
        "responsibility": responsibility.strip(),
        "measures": measures.strip(),
        "funds": funds.strip(),
        "time_limit": fix_by.isoformat(),
        "contingency_plan": contingency_plan.strip(),
    }
    # A scheme that asks for more of a hazard's record (Changzhou's 五落实) judges it here.
    local = d.weigh(
        msg("hazard {hazard} refused", hazard=hazard_id),
        local_findings("hazard", judge, in_place=in_place),
    )
    d.role(Role.SUPERVISOR, Role.AUTHORITY)
    return d.record(
        ev.HazardRecorded,
        rules=(*_FEEDS[ev.HazardRecorded], *(f.rule_id for f in local)),
        hazard_id=hazard_id,
        major=major,
        fix_by=pendulum.Date(fix_by.year, fix_by.month, fix_by.day),
        description=description,
        responsibility=in_place["responsibility"],
        measures=in_place["measures"],
        funds=in_place["funds"],
        contingency_plan=in_place["contingency_plan"],
    )


@decides(c.RecordFollowUpVisit, ev.FollowUpVisited)
def record_follow_up_visit(
    d: Draft,
    *,
    visit_id: str,
    passed: bool,
    fix_by: pendulum.Date | None = None,
    findings: str = "",
) -> ev.FollowUpVisited:
    """回访 of a graded enterprise. It feeds a scheme's delisting rule where the policy holds
    one (Erqi's EQ-7); elsewhere it is a plain record."""
    judge = d.judge
    d.role(Role.SUPERVISOR, Role.AUTHORITY)
    rules = ("EQ-7",) if "EQ-7" in judge.policy.rules else ()
    rule = rules[0] if rules else "procedure.order"
    if visit_id in {v.id for v in d.state.visits}:
        raise judge.refuse(msg("visit '{id}' is already recorded", id=visit_id), rule)
    if d.state.level_on(d.act.on) is None:
        raise judge.refuse(
            msg("a follow-up visit is of a graded enterprise: none on {day}", day=d.act.on), rule
        )
    if passed and fix_by is not None:
        raise judge.refuse(msg("a passed visit sets no deadline for fixing (fix_by)"), rule)
    if not passed and (fix_by is None or fix_by < d.act.on):
        raise judge.refuse(
            msg(
                "a failed visit sets the deadline for fixing what it found (fix_by), on or after it"
            ),
            rule,
        )
    return d.record(
        ev.FollowUpVisited,
        rules=rules,
        visit_id=visit_id,
        passed=passed,
        fix_by=fix_by,
        findings=findings,
    )


@decides(c.RecordInspection, ev.Inspected)
def record_inspection(
    d: Draft, *, inspection_id: str, comprehensive: bool = False, findings: str = ""
) -> ev.Inspected:
    """监督检查 of an enterprise, by its supervisor. It feeds a scheme's yearly inspections
    where the policy holds them (Qinyang's QY-13); elsewhere it is a plain record."""
    d.role(Role.SUPERVISOR, Role.AUTHORITY)
    rules = ("QY-13",) if "QY-13" in d.judge.policy.rules else ()
    if inspection_id in {i.id for i in d.state.inspections}:
        # Refused citing the rule it would feed, as a repeated follow-up visit is: every
        # refusal of a step names a rule (the stateful tests hold every refusal to that).
        raise d.judge.refuse(
            f"inspection {inspection_id!r} is already recorded on this case",
            rules[0] if rules else "procedure.order",
            field="inspection_id",
            inspection_id=inspection_id,
        )
    return d.record(
        ev.Inspected,
        rules=rules,
        inspection_id=inspection_id,
        comprehensive=comprehensive,
        findings=findings,
    )


@decides(c.FixHazard, ev.HazardFixed)
def fix_hazard(d: Draft, *, hazard_id: str) -> ev.HazardFixed:
    judge = d.judge
    hazard = d.state.hazards.get(hazard_id)
    if hazard is None or hazard.fixed_on is not None:
        raise judge.refuse(msg("no open hazard '{id}'", id=hazard_id), "commit.hazards_fixed")
    return _fact(d, ev.HazardFixed, hazard_id=hazard_id)  # type: ignore[no-any-return]


@decides(c.ListDishonest, ev.DishonestyListed)
def list_dishonest(d: Draft, *, list_name: str = "安全生产失信惩戒名单") -> ev.DishonestyListed:
    return _fact(d, ev.DishonestyListed, list_name=list_name)  # type: ignore[no-any-return]


@decides(c.DelistDishonest, ev.DishonestyDelisted)
def delist_dishonest(d: Draft, *, list_name: str = "安全生产失信惩戒名单") -> ev.DishonestyDelisted:
    act, judge = d.act, d.judge
    if not d.state.dishonest_on(act.on):
        raise judge.refuse("not on the dishonesty list", "commit.not_dishonest")
    return _fact(d, ev.DishonestyDelisted, list_name=list_name)  # type: ignore[no-any-return]


@decides(c.RecordLicenceLoss, ev.LicenceLost)
def record_licence_loss(
    d: Draft, *, kind: LicenceLoss | str, description: str = ""
) -> ev.LicenceLost:
    return _fact(  # type: ignore[no-any-return]
        d,
        ev.LicenceLost,
        kind=LicenceLoss(kind),
        description=description,
    )


@decides(c.RecordMajorChange, ev.MajorChangeRecorded)
def record_major_change(d: Draft, *, description: str = "") -> ev.MajorChangeRecorded:
    return _fact(d, ev.MajorChangeRecorded, description=description)  # type: ignore[no-any-return]


@decides(c.RecordFraud, ev.FraudFound)
def record_fraud(d: Draft, *, description: str = "") -> ev.FraudFound:
    return _fact(d, ev.FraudFound, description=description)  # type: ignore[no-any-return]


@decides(c.RecordOperationFailure, ev.OperationFailureRecorded)
def record_operation_failure(
    d: Draft, *, description: str = "", serious: bool = True
) -> ev.OperationFailureRecorded:
    return _fact(  # type: ignore[no-any-return]
        d,
        ev.OperationFailureRecorded,
        description=description,
        serious=serious,
    )


@decides(c.RecordTownship, ev.TownshipRecorded)
def record_township(d: Draft, *, township: str) -> ev.TownshipRecorded:
    """乡镇/街道: a 9-digit statistical division code within the enterprise's county, or a
    name. Not a grading rule: a malformed value is refused as input (decision 0039)."""
    d.role(Role.ENTERPRISE, Role.SUPERVISOR, Role.AUTHORITY)
    return d.record(ev.TownshipRecorded, township=township_value(township, d.state))


def township_value(text: str, state: CaseState) -> str:
    """The township as recorded: a code must have 9 digits and lie within the enterprise's
    6-digit region (统计用区划代码 extend 行政区划代码 by 3 digits); a name is stripped."""
    value = str(text).strip()
    if not value:
        raise InvalidInput(
            msg("township: give a 9-digit code or a name"), facts={"field": "township"}
        )
    if value.isascii() and value.isdigit():
        region = state.enterprise.region or state.key.uscc.region
        if len(value) != 9:
            raise InvalidInput(
                msg(
                    "township '{value}': a township code has 9 digits, it has {n}",
                    value=value,
                    n=len(value),
                ),
                facts={"field": "township"},
            )
        if not value.startswith(region):
            raise InvalidInput(
                msg(
                    "township '{value}' does not lie within the enterprise's region {region}",
                    value=value,
                    region=region,
                ),
                facts={"field": "township", "region": region},
            )
    return value
