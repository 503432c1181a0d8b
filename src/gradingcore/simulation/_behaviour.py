"""How the simulated province behaves: every rate and delay, each a named constant.

Each number says where it comes from: a seed document (``seeds/000`` Qinyang's plan,
``seeds/002`` Zhengzhou Erqi's opinion, ``seeds/004`` Henan's rules), the policy data, or
"assumption" when it is a plausible order of magnitude chosen for the simulation and not taken
from any source. No number here is a rule: the rules' numbers live in the policy data and the
simulated actors never read them; they act, and the service decides.

Rates are per enterprise and year unless they say otherwise; delays are ranges of working days
(both ends included) drawn uniformly.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

import attrs

from gradingcore.levels import Level

#: Inclusive ranges of working days (or calendar days where named so).
Span = tuple[int, int]

# --- Who takes part, and when -------------------------------------------------------------------

#: Share of the above-size enterprises without a level that start grading in the 1st, 2nd and
#: 3rd year: Erqi's targets (seeds/002: 50% of above-size enterprises at level 3 or above by
#: the end of the first year, 70% by the second, all by the third) turned into the share of
#: those still left each year (0.5, 0.2 / 0.5 = 0.4, all), times TARGET_COMPLIANCE.
ABOVE_SIZE_UPTAKE: tuple[float, ...] = (0.5, 0.4, 1.0)
#: Above-size uptake in the 4th year and later. Assumption.
ABOVE_SIZE_UPTAKE_LATER = 0.5
#: How much of a target the districts actually reach. Assumption: targets are rarely met in
#: full (Erqi counted 21 enterprises graded when it set its targets).
TARGET_COMPLIANCE = 0.8
#: Share of small (below designated size) enterprises without a level that start in a year.
#: Assumption: the seeds set no target for them; Erqi asks for "simplified" grading of
#: small and micro enterprises (seeds/002 三(四)).
SMALL_UPTAKE = 0.12
#: Uptake multiplier of the industries Qinyang's first stage names (seeds/000 二(二)1:
#: 危险化学品, 化工医药 and metal smelting first, by December 2024). Assumption for its size.
PRIORITY_INDUSTRIES = frozenset({"化工", "医药", "危险化学品", "冶金", "有色"})
PRIORITY_UPTAKE_FACTOR = 1.25
#: Share of enterprises that failed, were rejected or revoked and try again the next year.
#: Assumption. They do not check their lockout first: the service refuses an application made
#: during one (``lockout.after_failure``, ``lockout.after_revocation``).
RETRY_RATE = 0.7

#: Share of above-size (and of small) enterprises that aim at level 2 rather than 3.
#: Assumption: level 2 is graded by the province and its simulated teams find it met from 75
#: (``VERDICT_SCORE``); few small enterprises try. Level 1 is never sought: it needs a
#: level held for years and is graded by the ministry (``level1.history``).
LEVEL_2_INTENT_ABOVE_SIZE = 0.3
LEVEL_2_INTENT_SMALL = 0.03

#: A level-3 application goes to the city by the end of May, and the year's grading is done by
#: the end of November (seeds/000 三: "每年5月底前……提出申请，11月底前完成"). An enterprise whose
#: self-evaluation ends too late to apply by then waits for the next year.
LEVEL_3_APPLY_BY = (5, 31)
#: Level-2 applications (to the province) have no window in HN; assumption: by end of October.
LEVEL_2_APPLY_BY = (10, 31)
#: The first self-evaluation of the year falls on a working day from 10 January through
#: 15 April (level 3, so that the 10-WD internal publicity ends in time for May) or through
#: 31 August (level 2). Assumption.
SELF_EVALUATION_WINDOW_FROM = (1, 10)
SELF_EVALUATION_WINDOW_LEVEL_3 = (4, 15)
SELF_EVALUATION_WINDOW_LEVEL_2 = (8, 31)

# --- Scores ---------------------------------------------------------------------------------

#: Self-evaluation scores (0-100, policy ``score.range``): normal, mean and standard deviation
#: by size. Assumption, placed so that most above-size enterprises reach level 3's 60 and
#: about half reach level 2's 75 (``VERDICT_SCORE``).
SELF_SCORE_ABOVE_SIZE = (80.0, 7.0)
SELF_SCORE_SMALL = (72.0, 8.0)
#: An enterprise that holds a level scores this much higher on average. Assumption.
GRADED_SCORE_BONUS = 4.0
#: The score at which a simulated review team finds the applied level met (its verdict,
#: 是否达到拟申请等级, HN 附件2): an assumption of the simulation, not a rule. Henan's text has no
#: score bar; the industry standards it delegates to were not read (docs/decisions/0013).
VERDICT_SCORE = {Level.LEVEL_1: 90, Level.LEVEL_2: 75, Level.LEVEL_3: 60}
#: A review scores lower than the self-evaluation by this much on average (mean, sd).
#: Assumption: Erqi complains of "达标创建流于形式" (seeds/002), so reviews are stricter.
REVIEW_SCORE_DROP = (3.0, 4.0)

#: Share of self-evaluations made with a consultancy's help, disclosed in the report
#: (``selfeval.consultants``). Assumption.
CONSULTANT_RATE = 0.6

# --- Mistakes the actors make, which the rules refuse ------------------------------------------

#: A self-evaluation's work group not led by the principal (``selfeval.workgroup``): refused,
#: redone after 2-5 WD. Assumption.
SELF_EVALUATION_MISTAKE_RATE = 0.02
#: A level-2 application not filed with the city (``apply.report_to_city``): refused, filed
#: again the next working day. Assumption.
APPLICATION_MISTAKE_RATE = 0.02
#: A review team proposed with an unqualified or non-independent expert, or too small
#: (``review.expert_qualification``, ``review.independence``, ``review.team_size``): refused,
#: formed again the next working day. Assumption.
TEAM_MISTAKE_RATE = 0.02

# --- Intake, review, rectification, publicity ----------------------------------------------------

#: Share of applications the organizing unit asks to correct (``intake.correction``).
#: Assumption.
CORRECTION_REQUEST_RATE = 0.2
#: Share of the others it accepts explicitly; the rest it audits after the 5 WD, so they count
#: as accepted from receipt (``intake.deemed_acceptance``). Assumption.
EXPLICIT_ACCEPTANCE_RATE = 0.85
#: Share of audited applications rejected with reasons (``intake.audit``). Assumption.
REJECTION_RATE = 0.04
#: Share of audits and of rectification checks that come after their 10 WD: recorded as a
#: breach of ``intake.audit`` / ``rectify.verification``, never refused (decision 0008).
#: Assumption.
LATE_AUDIT_RATE = 0.05
LATE_VERIFICATION_RATE = 0.05
#: Share of reviews that find a major accident hazard (``review.major_hazard``), and that find
#: a veto item (fails the review regardless of the score). Assumption.
MAJOR_HAZARD_IN_REVIEW_RATE = 0.02
VETO_ITEM_RATE = 0.01
#: Nonconformities per review: weights of 0, 1, 2, ... found. Assumption (most reviews list a
#: handful; each is fixed and recorded on its own).
NONCONFORMITY_COUNT_WEIGHTS = (8, 14, 20, 20, 15, 10, 6, 4, 3)
#: Share of enterprises that fix everything in time (``rectify.deadline``); the others try
#: after the deadline, are refused, and the authority notifies failure (``rectify.late``).
#: Assumption.
RECTIFICATION_ON_TIME_RATE = 0.93
#: Share of rectifications extended on force majeure (``rectify.extension``), by how many WD.
#: Assumption (Henan's 2021 floods and the 2022 epidemic are the kind of event meant).
EXTENSION_RATE = 0.01
EXTENSION_WORKDAYS: Span = (5, 20)
#: Share of rectifications the review team does not accept (``rectify.verification``).
#: Assumption.
VERIFICATION_FAILURE_RATE = 0.03
#: Share of publicities with an objection, and share of objections found substantiated
#: (``publicity.objection``). Assumption.
OBJECTION_RATE = 0.02
OBJECTION_SUBSTANTIATED_RATE = 0.25

#: Working days each party takes for its step. Assumption, chosen so that a level-3 grading
#: applied for in May is announced by about October: inside Qinyang's "done by the end of
#: November" (seeds/000 三), and inside HN's own deadlines where it sets them.
APPLY_AFTER_PUBLICITY_WD: Span = (1, 10)
CORRECTION_NOTICE_WD: Span = (1, 5)  # within intake.correction's 5 WD
RESUBMIT_WD: Span = (2, 10)
ACCEPT_WD: Span = (1, 5)
AUDIT_WD: Span = (1, 10)  # within intake.audit's 10 WD
AUDIT_LATE_WD: Span = (11, 15)
DEEMED_AUDIT_WD: Span = (6, 12)  # after the 5 WD of intake.deemed_acceptance
ORDER_REVIEW_WD: Span = (1, 10)
FORM_TEAM_WD: Span = (2, 10)
REVIEW_WD: Span = (3, 15)
RECTIFY_LATE_WD: Span = (1, 10)
VERIFY_WD: Span = (1, 10)  # within rectify.verification's 10 WD
VERIFY_LATE_WD: Span = (11, 15)
PUBLICIZE_WD: Span = (1, 10)
OBJECTION_WD: Span = (1, 5)
RESOLVE_OBJECTION_WD: Span = (2, 8)
ANNOUNCE_DAYS: Span = (1, 10)  # calendar days after the publicity is complete
NOTIFY_FAILURE_WD: Span = (3, 15)
REVOKE_WD: Span = (5, 20)
REDO_WD: Span = (2, 5)

# --- Holding a level --------------------------------------------------------------------------

#: Share of graded enterprises that self-evaluate within each year (``selfeval.annual``); one
#: that skips a year loses the direct renewal (第十条(七)). Assumption.
ANNUAL_SELF_EVALUATION_RATE = 0.9
#: Days after the last self-evaluation (or the announcement) that the next one falls on.
#: Assumption: a little under a year.
ANNUAL_SELF_EVALUATION_DAYS: Span = (300, 355)
#: Share of graded enterprises that apply to renew in the window (``renewal.window``), and the
#: share of level-3 ones that aim at level 2 when they do. Assumption.
RENEWAL_RATE = 0.9
UPGRADE_RATE = 0.1
#: Days before the renewal window opens that the renewal's self-evaluation falls on, and
#: days after it opens that the application is made. Assumption.
RENEWAL_SELF_EVALUATION_DAYS: Span = (25, 45)
RENEWAL_APPLY_DAYS: Span = (0, 40)

# --- Facts the supervisors record --------------------------------------------------------------

#: Inspections per year of an enterprise without a level (Qinyang: "年度监督检查不少于2次",
#: seeds/000 四(四)) and of a graded one (fewer: "减少对安全生产标准化企业的日常检查抽查频次",
#: ibid.; assumption: one).
INSPECTIONS_UNGRADED = 2
INSPECTIONS_GRADED = 1
#: Per inspection: share that record a general hazard, a major hazard (重大事故隐患), or a
#: penalty, and the share of penalties for a major violation (第十条(四)). Assumption.
GENERAL_HAZARD_PER_INSPECTION = 0.25
MAJOR_HAZARD_PER_INSPECTION = 0.01
PENALTY_PER_INSPECTION = 0.04
MAJOR_PENALTY_SHARE = 0.2
#: Days a hazard is given to be fixed (general, major). Assumption.
GENERAL_HAZARD_FIX_DAYS: Span = (7, 30)
MAJOR_HAZARD_FIX_DAYS: Span = (30, 90)
#: Share of major hazards fixed in time, late (5-60 days after ``fix_by``), or not at all;
#: late or never triggers ``revoke.hazard_unfixed`` for a graded enterprise. Assumption.
MAJOR_HAZARD_ON_TIME = 0.85
MAJOR_HAZARD_LATE = 0.10

#: Production-safety accidents (生产安全事故) per above-size enterprise and year, before the
#: industry's risk factor; a small enterprise has SMALL_ACCIDENT_FACTOR of it. Assumption, an
#: order of magnitude: a few in a hundred enterprises a year have an accident that is recorded.
ACCIDENT_RATE = 0.03
SMALL_ACCIDENT_FACTOR = 0.6
#: Share of accidents with deaths, and weights of 1, 2, 3 deaths when there are. Assumption.
FATAL_SHARE = 0.12
DEATH_COUNT_WEIGHTS = (85, 10, 5)
#: Serious injuries per accident: weights of 0, 1, 2, ... Assumption.
SERIOUS_INJURY_WEIGHTS = (45, 35, 12, 5, 2, 1)
#: Direct loss in CNY: log-normal with this median and sigma of the log. Assumption.
LOSS_MEDIAN_CNY = 120_000
LOSS_SIGMA = 1.2
#: Share of accidents concealed, reported late, falsely or not at all (``revoke.concealment``).
#: Assumption.
MISREPORTED_SHARE = 0.03
#: Rare facts per enterprise and year: listed as dishonest (and delisted 1-2 years later),
#: a major change or new project, an event of major adverse social impact, fraud found, a
#: serious failure of the management system, leaving the business (licence lost). Assumption.
DISHONESTY_RATE = 0.002
DISHONESTY_LISTED_DAYS: Span = (365, 730)
MAJOR_CHANGE_RATE = 0.03
SOCIAL_INCIDENT_RATE = 0.0005
FRAUD_RATE = 0.0005
OPERATION_FAILURE_RATE = 0.002
EXIT_RATE = 0.01

#: Industry risk factors for accidents (and major hazards): the industries Qinyang calls
#: accident-prone (seeds/000 二(一): 危险化学品, metal smelting, 建材, 机械, 轻工) above 1.
#: Assumption for the sizes.
INDUSTRY_RISK: dict[str, float] = {
    "化工": 1.5,
    "医药": 0.8,
    "危险化学品": 1.6,
    "冶金": 2.0,
    "有色": 1.8,
    "建材": 1.3,
    "机械": 1.0,
    "轻工": 0.9,
    "纺织": 0.7,
    "烟草": 0.4,
    "商贸": 0.6,
}

#: Accident grades (生产安全事故报告和调查处理条例 第三条): the lower bounds of 较大, 重大 and
#: 特别重大 in deaths, serious injuries and direct loss (CNY). From the regulation, as recalled.
GRADE_BOUNDS: tuple[tuple[int, int, Decimal], ...] = (
    (3, 10, Decimal(10_000_000)),
    (10, 50, Decimal(50_000_000)),
    (30, 100, Decimal(100_000_000)),
)


@attrs.frozen(kw_only=True)
class Behaviour:
    """The rates a simulation runs with: the module's constants unless a caller changes one
    (``Behaviour(accident_rate=0.1)``)."""

    above_size_uptake: tuple[float, ...] = ABOVE_SIZE_UPTAKE
    above_size_uptake_later: float = ABOVE_SIZE_UPTAKE_LATER
    target_compliance: float = TARGET_COMPLIANCE
    small_uptake: float = SMALL_UPTAKE
    priority_uptake_factor: float = PRIORITY_UPTAKE_FACTOR
    retry_rate: float = RETRY_RATE
    level_2_intent_above_size: float = LEVEL_2_INTENT_ABOVE_SIZE
    level_2_intent_small: float = LEVEL_2_INTENT_SMALL
    self_score_above_size: tuple[float, float] = SELF_SCORE_ABOVE_SIZE
    self_score_small: tuple[float, float] = SELF_SCORE_SMALL
    graded_score_bonus: float = GRADED_SCORE_BONUS
    review_score_drop: tuple[float, float] = REVIEW_SCORE_DROP
    verdict_score: Mapping[Level, int] = attrs.field(factory=lambda: dict(VERDICT_SCORE))
    consultant_rate: float = CONSULTANT_RATE
    self_evaluation_mistake_rate: float = SELF_EVALUATION_MISTAKE_RATE
    application_mistake_rate: float = APPLICATION_MISTAKE_RATE
    team_mistake_rate: float = TEAM_MISTAKE_RATE
    correction_request_rate: float = CORRECTION_REQUEST_RATE
    explicit_acceptance_rate: float = EXPLICIT_ACCEPTANCE_RATE
    rejection_rate: float = REJECTION_RATE
    late_audit_rate: float = LATE_AUDIT_RATE
    late_verification_rate: float = LATE_VERIFICATION_RATE
    major_hazard_in_review_rate: float = MAJOR_HAZARD_IN_REVIEW_RATE
    veto_item_rate: float = VETO_ITEM_RATE
    nonconformity_count_weights: tuple[int, ...] = NONCONFORMITY_COUNT_WEIGHTS
    rectification_on_time_rate: float = RECTIFICATION_ON_TIME_RATE
    extension_rate: float = EXTENSION_RATE
    verification_failure_rate: float = VERIFICATION_FAILURE_RATE
    objection_rate: float = OBJECTION_RATE
    objection_substantiated_rate: float = OBJECTION_SUBSTANTIATED_RATE
    annual_self_evaluation_rate: float = ANNUAL_SELF_EVALUATION_RATE
    renewal_rate: float = RENEWAL_RATE
    upgrade_rate: float = UPGRADE_RATE
    inspections_ungraded: int = INSPECTIONS_UNGRADED
    inspections_graded: int = INSPECTIONS_GRADED
    general_hazard_per_inspection: float = GENERAL_HAZARD_PER_INSPECTION
    major_hazard_per_inspection: float = MAJOR_HAZARD_PER_INSPECTION
    penalty_per_inspection: float = PENALTY_PER_INSPECTION
    major_penalty_share: float = MAJOR_PENALTY_SHARE
    major_hazard_on_time: float = MAJOR_HAZARD_ON_TIME
    major_hazard_late: float = MAJOR_HAZARD_LATE
    accident_rate: float = ACCIDENT_RATE
    small_accident_factor: float = SMALL_ACCIDENT_FACTOR
    fatal_share: float = FATAL_SHARE
    misreported_share: float = MISREPORTED_SHARE
    dishonesty_rate: float = DISHONESTY_RATE
    major_change_rate: float = MAJOR_CHANGE_RATE
    social_incident_rate: float = SOCIAL_INCIDENT_RATE
    fraud_rate: float = FRAUD_RATE
    operation_failure_rate: float = OPERATION_FAILURE_RATE
    exit_rate: float = EXIT_RATE

    def self_score(self, rng: random.Random, *, above_size: bool, graded: bool) -> float:
        """A self-evaluation score before rounding (it may fall outside 0-100)."""
        mean, sd = self.self_score_above_size if above_size else self.self_score_small
        return rng.gauss(mean + (self.graded_score_bonus if graded else 0.0), sd)

    def uptake(self, year_index: int, above_size: bool, industry: str) -> float:
        """The chance that an enterprise without a level starts grading in the simulation's
        ``year_index``-th year (0 = the first)."""
        if above_size:
            targets = self.above_size_uptake
            base = (
                targets[year_index] if year_index < len(targets) else self.above_size_uptake_later
            )
            base *= self.target_compliance
        else:
            base = self.small_uptake
        if industry in PRIORITY_INDUSTRIES:
            base *= self.priority_uptake_factor
        return min(base, 1.0)


def incident_grade(deaths: int, serious_injuries: int, loss: Decimal) -> int:
    """The accident's grade (1 一般 … 4 特别重大) from its toll, by ``GRADE_BOUNDS``."""
    grade = 1
    for level, (d, i, money) in enumerate(GRADE_BOUNDS, start=2):
        if deaths >= d or serious_injuries >= i or loss >= money:
            grade = level
    return grade


__all__ = ["Behaviour", "incident_grade"]
