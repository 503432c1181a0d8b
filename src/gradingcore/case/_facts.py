"""Supervisors' facts (accidents, penalties, hazards, listings, …): the record the eligibility,
renewal and revocation rules read. Facts may be recorded late, with their own business date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum

from gradingcore import events as ev
from gradingcore.case._base import Act, CaseBase
from gradingcore.errors import DuplicateError, InvalidInput
from gradingcore.facts import IncidentGrade, LicenceLoss, Reporting
from gradingcore.rules import Judge
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


class FactSteps(CaseBase):
    def _fact(self, cls: type[ev.CaseEvent], act: Act, judge: Judge, **payload: Any) -> Any:
        self._role(act, judge, Role.SUPERVISOR, Role.AUTHORITY)
        return self._record(cls, act, judge, rules=_FEEDS[cls], **payload)

    def record_incident(
        self,
        act: Act,
        judge: Judge,
        *,
        incident_id: str,
        deaths: int = 0,
        serious_injuries: int = 0,
        direct_loss_cny: Decimal | int | str = 0,
        grade: IncidentGrade | int = IncidentGrade.YIBAN,
        reporting: Reporting | str = Reporting.ON_TIME,
        description: str = "",
    ) -> ev.IncidentRecorded:
        if deaths < 0 or serious_injuries < 0 or money(direct_loss_cny) < 0:
            raise InvalidInput(
                "an accident's toll cannot be negative",
                facts={"deaths": deaths, "serious_injuries": serious_injuries},
            )
        if incident_id in {i.id for i in self.state.incidents}:
            # A plain duplicate, not an eligibility question: no rule is cited.
            raise DuplicateError(
                f"incident {incident_id!r} is already recorded on this case",
                facts={"field": "incident_id", "incident_id": incident_id},
            )
        return self._fact(  # type: ignore[no-any-return]
            ev.IncidentRecorded,
            act,
            judge,
            incident_id=incident_id,
            deaths=deaths,
            serious_injuries=serious_injuries,
            direct_loss_cny=money(direct_loss_cny),
            grade=IncidentGrade(grade),
            reporting=Reporting(reporting),
            description=description,
        )

    def record_social_incident(
        self, act: Act, judge: Judge, *, incident_id: str, description: str = ""
    ) -> ev.SocialIncidentRecorded:
        return self._fact(  # type: ignore[no-any-return]
            ev.SocialIncidentRecorded,
            act,
            judge,
            incident_id=incident_id,
            description=description,
        )

    def record_penalty(
        self,
        act: Act,
        judge: Judge,
        *,
        penalty_id: str,
        major: bool = False,
        description: str = "",
    ) -> ev.PenaltyRecorded:
        return self._fact(  # type: ignore[no-any-return]
            ev.PenaltyRecorded,
            act,
            judge,
            penalty_id=penalty_id,
            major=major,
            description=description,
        )

    def record_hazard(
        self,
        act: Act,
        judge: Judge,
        *,
        hazard_id: str,
        major: bool,
        fix_by: pendulum.Date,
        description: str = "",
    ) -> ev.HazardRecorded:
        if hazard_id in self.state.hazards:
            raise judge.refuse(f"hazard {hazard_id!r} is already recorded", "commit.hazards_fixed")
        if fix_by < act.on:
            raise judge.refuse(f"fix_by {fix_by} is before {act.on}", "revoke.hazard_unfixed")
        return self._fact(  # type: ignore[no-any-return]
            ev.HazardRecorded,
            act,
            judge,
            hazard_id=hazard_id,
            major=major,
            fix_by=pendulum.Date(fix_by.year, fix_by.month, fix_by.day),
            description=description,
        )

    def fix_hazard(self, act: Act, judge: Judge, *, hazard_id: str) -> ev.HazardFixed:
        hazard = self.state.hazards.get(hazard_id)
        if hazard is None or hazard.fixed_on is not None:
            raise judge.refuse(f"no open hazard {hazard_id!r}", "commit.hazards_fixed")
        return self._fact(ev.HazardFixed, act, judge, hazard_id=hazard_id)  # type: ignore[no-any-return]

    def list_dishonest(
        self, act: Act, judge: Judge, *, list_name: str = "安全生产失信惩戒名单"
    ) -> ev.DishonestyListed:
        return self._fact(ev.DishonestyListed, act, judge, list_name=list_name)  # type: ignore[no-any-return]

    def delist_dishonest(
        self, act: Act, judge: Judge, *, list_name: str = "安全生产失信惩戒名单"
    ) -> ev.DishonestyDelisted:
        if not self.state.dishonest_on(act.on):
            raise judge.refuse("not on the dishonesty list", "commit.not_dishonest")
        return self._fact(ev.DishonestyDelisted, act, judge, list_name=list_name)  # type: ignore[no-any-return]

    def record_licence_loss(
        self, act: Act, judge: Judge, *, kind: LicenceLoss | str, description: str = ""
    ) -> ev.LicenceLost:
        return self._fact(  # type: ignore[no-any-return]
            ev.LicenceLost, act, judge, kind=LicenceLoss(kind), description=description
        )

    def record_major_change(
        self, act: Act, judge: Judge, *, description: str = ""
    ) -> ev.MajorChangeRecorded:
        return self._fact(ev.MajorChangeRecorded, act, judge, description=description)  # type: ignore[no-any-return]

    def record_fraud(self, act: Act, judge: Judge, *, description: str = "") -> ev.FraudFound:
        return self._fact(ev.FraudFound, act, judge, description=description)  # type: ignore[no-any-return]

    def record_operation_failure(
        self, act: Act, judge: Judge, *, description: str = "", serious: bool = True
    ) -> ev.OperationFailureRecorded:
        return self._fact(  # type: ignore[no-any-return]
            ev.OperationFailureRecorded, act, judge, description=description, serious=serious
        )
