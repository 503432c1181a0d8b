"""``gradingcore demo``: a handful of realistic cases through the whole lifecycle into a store.

Six enterprises in Henan and Beijing, dates across the Spring Festival, May Day and National Day
holidays: a first grading with a correction, a review that finds a major hazard, a late
rectification, a revocation after a fatal accident, a direct renewal, and a level-2 case under
the national rules. Every command carries a command id, so running the demo twice on the same
store records nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import click
import pendulum

from gradingcore import (
    Actor,
    CaseKey,
    Degree,
    Enterprise,
    Expert,
    ExpertDraw,
    GradingService,
    ManualClock,
    Nonconformity,
    Title,
    WorkGroup,
    commands,
    redact_store,
    uscc_check_character,
)
from gradingcore_cli._app import cli
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import _
from gradingcore_cli._render import print_case

ENTERPRISE = Actor("enterprise", "enterprise")
ACADEMY = Actor("河南省应急管理科学技术研究院", "organizing_unit")
TEAM = Actor("现场评审组", "review_team")
HENAN = Actor("河南省应急管理厅", "authority", "province")
SUPERVISOR = Actor("属地应急管理局", "supervisor")


def _uscc(region: str, serial: int) -> str:
    body = f"91{region}MA{serial:07d}"
    return body + uscc_check_character(body)


def _team() -> tuple[Expert, ...]:
    def expert(
        ident: str,
        name: str,
        title: Title,
        years: int,
        *,
        leader: bool = False,
        process: bool = False,
    ) -> Expert:
        return Expert(
            ident,
            name,
            leader=leader,
            process_background=process,
            degree=Degree.BACHELOR,
            degree_related=True,
            title=title,
            safety_work_years=years,
            trained_provincially=True,
        )

    return (
        expert("x1", "王振华", Title.SENIOR, 18, leader=True),
        expert("x2", "李秀英", Title.INTERMEDIATE, 9, process=True),
        expert("x3", "赵国强", Title.INTERMEDIATE, 7),
    )


#: The random draw from the provincial expert pool (HN 第六条), recorded with each team.
DRAW = ExpertDraw("河南省安全生产专家库")


Step = tuple[str, type[commands.Command], Actor, dict[str, Any]]


def _graded_path(level: int, start: str, authority: Actor) -> list[Step]:
    """The steps of a first grading with one nonconformity, starting on ``start``."""
    d = pendulum.Date.fromisoformat(start)

    def at(days: int) -> str:  # calendar days after the start keep the script readable
        return str(d.add(days=days))

    return [
        (
            at(0),
            commands.SelfEvaluate,
            ENTERPRISE,
            {
                "score": Decimal(84),
                "claimed_level": level,
                "workgroup": WorkGroup("总经理", True, 3),
                "consultants": ("河南安泰安全咨询",),
            },
        ),
        (at(21), commands.Apply, ENTERPRISE, {"level": level}),
        (at(22), commands.Accept, ACADEMY, {}),
        (at(28), commands.Forward, ACADEMY, {"opinion": "自评报告齐全，符合申请条件"}),
        (at(30), commands.OrderReview, authority, {}),
        (at(33), commands.FormReviewTeam, ACADEMY, {"experts": _team(), "draw": DRAW}),
        (
            at(36),
            commands.RecordReview,
            TEAM,
            {
                "score": Decimal("82.5"),
                "nonconformities": (Nonconformity("N1", "5.5.3", "特种作业人员证书台账不全"),),
            },
        ),
        (at(45), commands.FixNonconformity, ENTERPRISE, {"nonconformity_id": "N1"}),
        (at(45), commands.ReportRectification, ENTERPRISE, {}),
        (at(49), commands.VerifyRectification, TEAM, {"passed": True, "method": "on_site"}),
        (at(50), commands.ReportList, ACADEMY, {"list_id": f"{d.year}年第{d.month}批"}),
        (at(50), commands.Publicize, authority, {}),
    ]


def _cases() -> list[tuple[CaseKey, Enterprise, list[Step]]]:
    city = Actor("焦作市应急管理局", "authority", "city")
    first = _graded_path(2, "2024-09-02", HENAN)  # across National Day
    first.insert(
        2,
        (
            "2024-09-25",
            commands.RequestCorrection,
            ACADEMY,
            {"items": ("附件1缺少主要负责人承诺书",)},
        ),
    )
    first[3] = ("2024-09-29", commands.Resubmit, ENTERPRISE, {})  # 调休 Sunday
    first.append(("2024-11-05", commands.Announce, HENAN, {}))
    hazard: list[Step] = [
        *_graded_path(2, "2024-03-01", HENAN)[:6],
        (
            "2024-04-08",
            commands.RecordReview,
            TEAM,
            {"score": Decimal(79), "major_hazard_found": True},
        ),
        ("2024-04-12", commands.NotifyFailure, HENAN, {"reasons": ("现场评审发现重大事故隐患",)}),
    ]
    late: list[Step] = [  # rectification across the Spring Festival, too late
        *_graded_path(3, "2025-01-06", city)[:7],
        ("2025-03-14", commands.NotifyFailure, city, {"reasons": ("未在规定期限内完成整改",)}),
    ]
    revoked: list[Step] = [
        *_graded_path(2, "2022-05-05", HENAN),
        ("2022-07-11", commands.Announce, HENAN, {}),
        (
            "2024-06-03",
            commands.RecordIncident,
            SUPERVISOR,
            {
                "incident_id": "2024-豫-017",
                "deaths": 1,
                "direct_loss_cny": Decimal(1350000),
                "description": "检修作业时发生机械伤害事故",
            },
        ),
        ("2024-06-12", commands.Revoke, HENAN, {"trigger": "revoke.fatal_accident"}),
    ]
    renewed: list[Step] = [
        *_graded_path(2, "2022-03-01", HENAN),
        ("2022-05-09", commands.Announce, HENAN, {}),
        (
            "2023-03-06",
            commands.SelfEvaluate,
            ENTERPRISE,
            {"score": Decimal(86), "claimed_level": 2, "workgroup": WorkGroup("总经理", True, 3)},
        ),
        (
            "2024-03-04",
            commands.SelfEvaluate,
            ENTERPRISE,
            {"score": Decimal(87), "claimed_level": 2, "workgroup": WorkGroup("总经理", True, 3)},
        ),
        (
            "2025-02-10",
            commands.SelfEvaluate,
            ENTERPRISE,
            {"score": Decimal(88), "claimed_level": 2, "workgroup": WorkGroup("总经理", True, 3)},
        ),
        ("2025-02-26", commands.Apply, ENTERPRISE, {"level": 2}),
        ("2025-02-27", commands.Accept, ACADEMY, {}),
        ("2025-03-04", commands.Forward, ACADEMY, {"opinion": "有效期内无事故，申请直接复评"}),
        ("2025-03-06", commands.ConfirmDirectRenewal, HENAN, {}),
        ("2025-03-07", commands.Publicize, HENAN, {}),
        ("2025-03-18", commands.Announce, HENAN, {}),
    ]
    national = _graded_path(2, "2025-04-01", Actor("北京市应急管理局", "authority", "province"))
    return [
        (
            CaseKey(_uscc("410882", 1), "机械"),
            Enterprise("焦作市恒通机械制造有限公司", "机械"),
            first,
        ),
        (
            CaseKey(_uscc("410700", 2), "化工"),
            Enterprise("新乡市豫北精细化工有限公司", "化工"),
            hazard,
        ),
        (CaseKey(_uscc("410100", 3), "纺织"), Enterprise("郑州中原纺织有限公司", "纺织"), late),
        (CaseKey(_uscc("410300", 4), "有色"), Enterprise("洛阳伊川铝业有限公司", "有色"), revoked),
        (CaseKey(_uscc("410500", 5), "冶金"), Enterprise("安阳钢城冶金有限公司", "冶金"), renewed),
        (CaseKey(_uscc("110105", 6), "商贸"), Enterprise("北京京联商贸有限公司", "商贸"), national),
    ]


def run_demo(
    service: GradingService, clock: ManualClock, echo: Callable[[str], None]
) -> list[CaseKey]:
    """Drive every demo case through the service; returns their keys."""
    keys = []
    for key, enterprise, steps in _cases():
        for n, (on, command, actor, payload) in enumerate(steps, start=1):
            day = pendulum.Date.fromisoformat(on)
            clock.set(day)
            service.execute(
                command(
                    case=key,
                    actor=actor,
                    on=day,
                    enterprise=enterprise,
                    command_id=f"demo-{key.uscc}-{n}",
                    **payload,
                )
            )
        keys.append(key)
        echo(_("recorded {n} steps for {name}").format(n=f"{len(steps):2d}", name=enterprise.name))
    return keys


@cli.command()
@click.option(
    "--store",
    default="demo.db",
    show_default=True,
    help="SQLite file, 'memory', or a postgresql:// URL.",
)
@click.option(
    "--on",
    "on",
    default="2025-06-30",
    show_default=True,
    help="The business date to show the cases as of.",
)
@handle_errors
def demo(store: str, on: str) -> None:
    """Run six realistic grading cases into STORE and print their timelines and obligations."""
    clock = ManualClock("2022-01-04")
    service = GradingService(store, clock=clock)
    keys = run_demo(service, clock, click.echo)
    for key in keys:
        print_case(service, key, pendulum.Date.fromisoformat(on))
    click.echo(
        "\n"
        + _("{n} cases in {store}; try: `gradingcore workdays add 2024-09-20 20`").format(
            n=len(keys), store=redact_store(store)
        )
    )
