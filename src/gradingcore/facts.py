"""The parts that events are made of: work groups, experts, nonconformities, incidents, deadlines.

Plain frozen data with validation at construction; no behaviour beyond simple derived values.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from gradingcore.bounds import Bounded
from gradingcore.errors import InvalidInput
from gradingcore.i18n import msg
from gradingcore.values import Role, money


def _not_negative(_: object, attribute: attrs.Attribute[Any], value: int | Decimal | None) -> None:
    if value is None:
        return  # not known: the rule that reads it says so (review.expert_qualification)
    if isinstance(value, Decimal) and not value.is_finite():
        return  # not a number at all: gradingcore.bounds names the field
    if value < 0:
        raise InvalidInput(
            msg("{field} cannot be negative: {value}", field=attribute.name, value=value),
            facts={"field": attribute.name},
        )


@attrs.frozen
class WorkGroup(Bounded):
    """自评工作组: the self-evaluation work group (rule ``selfeval.workgroup``)."""

    leader: str
    leader_is_principal: bool  # 主要负责人任组长
    employee_representatives: int = attrs.field(validator=_not_negative)  # 员工代表
    members: tuple[str, ...] = ()


class Title(enum.IntEnum):
    """Engineering title grade (工程类职称), ordered so that comparisons read naturally."""

    NONE = 0
    JUNIOR = 1  # 初级
    INTERMEDIATE = 2  # 中级
    SENIOR = 3  # 高级


class Degree(enum.IntEnum):
    """Highest degree (学历), ordered."""

    NONE = 0
    ASSOCIATE = 1  # 专科
    BACHELOR = 2  # 本科
    MASTER = 3
    DOCTOR = 4


@attrs.frozen
class Expert(Bounded):
    """现场评审专家: one member of a review team, with what rules 13-15 of HN ask about.

    The qualification data (degree, title, years, training) default to None, "not known": data
    that is missing never counts as qualified (``review.expert_qualification`` refuses it,
    naming the missing fields).
    """

    id: str
    name: str
    leader: bool = False
    degree: Degree | None = None  # 学历
    degree_related: bool | None = None  # 与评审范围相关专业
    safety_work_years: int | None = attrs.field(default=None, validator=_not_negative)
    title: Title | None = None  # 工程类职称
    trained_provincially: bool | None = None  # 参加过省级以上标准化相关培训并考核合格
    process_background: bool = False  # 与企业生产工艺、设备相关专业背景
    consulted_enterprise: bool = False  # gave it standardization training or consulting
    # The last technical service (safety evaluation, assessment or other) it gave the
    # enterprise: the expert stands aside, however long ago (HN 第十四条第二款).
    last_safety_service_on: pendulum.Date | None = None
    #: The reviewer pools (评定人员库) the expert is a member of, by the names the policies use
    #: (Changzhou's CZ-9: 常州市评定人员库); empty where no scheme keeps one.
    pools: tuple[str, ...] = ()


@attrs.frozen
class ExpertDraw(Bounded):
    """随机抽取: the organizing unit drew the team at random from the provincial expert pool
    (省安全生产专家, HN 第六条), recorded on the team's event (``review.independence``)."""

    pool: str
    drawn_on: pendulum.Date | None = None  # None: on the day the team is formed
    reference: str = ""  # the draw's record number in the unit's system, if any


@attrs.frozen
class Nonconformity(Bounded):
    """不符合项: a finding of the review that the enterprise must fix."""

    id: str
    clause: str = ""
    text: str = ""
    veto: bool = False  # 否决项: fails the review regardless of the score


class IncidentGrade(enum.IntEnum):
    """事故等级 (生产安全事故报告和调查处理条例 第三条), ordered by severity, named by the
    grades' own names in pinyin: an English "major" or "serious" would read as 重伤 (serious
    injury), which is a toll, not a grade. :attr:`zh` is the Chinese name."""

    YIBAN = 1  # 一般事故
    JIAODA = 2  # 较大事故
    ZHONGDA = 3  # 重大事故
    TEBIE_ZHONGDA = 4  # 特别重大事故

    @property
    def zh(self) -> str:
        """The grade's name: 一般, 较大, 重大 or 特别重大."""
        return _GRADE_NAMES[self]


_GRADE_NAMES = {
    IncidentGrade.YIBAN: "一般",
    IncidentGrade.JIAODA: "较大",
    IncidentGrade.ZHONGDA: "重大",
    IncidentGrade.TEBIE_ZHONGDA: "特别重大",
}


class Channel(enum.StrEnum):
    """How a step was handled: online through the ministry's information system, or not
    (``procedure.online``, HN 第十六条: 不接受线下办理)."""

    ONLINE = "online"  # 通过企业安全生产标准化信息管理系统
    OFFLINE = "offline"  # 线下办理


class Reporting(enum.StrEnum):
    """How an accident was reported; anything but on time is a revocation trigger."""

    ON_TIME = "on_time"
    CONCEALED = "concealed"  # 瞒报
    FALSE = "false"  # 谎报
    LATE = "late"  # 迟报
    OMITTED = "omitted"  # 漏报


@attrs.frozen
class YearStatistics(Bounded):
    """Accident statistics of one year (GB 6441, GB/T 15499) that a level-1 applicant reports."""

    year: int
    lost_workdays: Decimal = attrs.field(converter=money, validator=_not_negative)
    deaths_per_thousand: Decimal = attrs.field(converter=money, validator=_not_negative)
    serious_injuries_per_thousand: Decimal = attrs.field(converter=money, validator=_not_negative)
    injury_frequency_rate: Decimal = attrs.field(converter=money, validator=_not_negative)
    injury_severity_rate: Decimal = attrs.field(converter=money, validator=_not_negative)

    def figures(self) -> dict[str, Decimal]:
        return {
            "lost_workdays": self.lost_workdays,
            "deaths_per_thousand": self.deaths_per_thousand,
            "serious_injuries_per_thousand": self.serious_injuries_per_thousand,
            "injury_frequency_rate": self.injury_frequency_rate,
            "injury_severity_rate": self.injury_severity_rate,
        }


class ForceMajeure(enum.StrEnum):
    """不可抗力: the reasons that allow extending rectification (``rectify.extension``)."""

    NATURAL_DISASTER = "natural_disaster"
    EPIDEMIC = "epidemic"
    OTHER = "other"


class VerificationMethod(enum.StrEnum):
    WRITTEN = "written"  # 书面检查
    ON_SITE = "on_site"  # 现场复核


class LicenceLoss(enum.StrEnum):
    CANCELLED = "cancelled"  # 注销
    REVOKED = "revoked"  # 吊销
    WITHDRAWN = "withdrawn"  # 撤销
    LEFT_BUSINESS = "left_business"  # 不再从事相关行业生产经营活动


@attrs.frozen
class Deadline:
    """A deadline an event set: who must do what by the end of which day, under which rule."""

    rule_id: str
    due: pendulum.Date
    party: Role
    what: str


#: The nine commitments of 第八条, by rule id, in the article's order.
COMMITMENTS: tuple[str, ...] = (
    "commit.licences",
    "commit.safety_org",
    "commit.certified_staff",
    "commit.no_accident_1y",
    "commit.no_social_incident",
    "commit.not_dishonest",
    "lockout.after_failure",
    "lockout.after_revocation",
    "commit.hazards_fixed",
)
