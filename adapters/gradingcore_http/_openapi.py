"""The OpenAPI 3.1 document, built from the commands themselves (decision 0048).

Each command's body schema comes from its attrs fields, so a field added to a command appears
here without anyone remembering to; every field must have a description in :data:`FIELDS`
(tests/http/test_openapi.py fails otherwise). The examples are the steps of real cases (the
demo's first grading of 焦作市恒通机械制造有限公司 and its revocation).
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from gradingcore import Role, Status, commands
from gradingcore.readmodels import COLUMN_KEYS, COLUMNS, FORM_ROWS, LEVEL_KEYS, TOTAL_ROW
from gradingcore_http._cases import EXPORTS, segment
from gradingcore_http._convert import payload_fields

#: What every field of a body means (command fields and the parts they are made of).
FIELDS: dict[str, str] = {
    # envelope
    "on": "Business date the step takes effect (YYYY-MM-DD, Asia/Shanghai); default today.",
    "enterprise": "The enterprise, given to open the case with its first command.",
    # enterprise
    "name": "Name (enterprise: as registered; expert: full name).",
    "industry": "行业: the enterprise's industry, e.g. 化工, 冶金, 机械.",
    "region": "GB/T 2260 code where the enterprise operates; default the USCC's region.",
    "above_designated_size": "规模以上: the enterprise is above designated size.",
    # self-evaluation
    "score": 'Score out of 100 (a number or a decimal text such as "82.5").',
    "claimed_level": "The level the self-evaluation claims: 1 (一级), 2 (二级) or 3 (三级).",
    "workgroup": "自评工作组: the self-evaluation work group.",
    "leader": "Work group: who leads it. Expert: the team's leader (组长).",
    "leader_is_principal": "主要负责人任组长: the principal person in charge leads the group.",
    "employee_representatives": "员工代表: how many employee representatives take part.",
    "members": "Other members' names.",
    "publicity_from": "First day of the internal publicity of the result; default the date.",
    "consultants": "Consultancies that helped (names).",
    "deductions": "Items the self-evaluation deducted points for.",
    # application
    "level": "The level applied for: 1, 2 or 3.",
    "commitments": "The rule ids of the commitments of 第八条 the enterprise makes.",
    "reported_to_city": "A level-2 application was reported to the city first.",
    "statistics": "Level 1: accident statistics of each of the last years (GB 6441).",
    "year": "The calendar year of the statistics.",
    "lost_workdays": "Workdays lost to injuries.",
    "deaths_per_thousand": "Deaths per thousand workers.",
    "serious_injuries_per_thousand": "Serious injuries per thousand workers.",
    "injury_frequency_rate": "Injury frequency rate (GB/T 15499).",
    "injury_severity_rate": "Injury severity rate (GB/T 15499).",
    # intake
    "items": "补正: what the application must correct or add.",
    "opinion": "The organizing unit's audit opinion forwarded with the application.",
    "reasons": "The reasons given (rejection or failure notice).",
    "standards_revised": "The grading standards were revised meanwhile (no direct renewal).",
    # review
    "experts": "现场评审组: the review team's experts.",
    "id": "The expert's id in the host system (a review team token names it).",
    "degree": "Highest degree: 0 none, 1 专科, 2 本科, 3 master, 4 doctor.",
    "degree_related": "The degree is related to the review's field.",
    "safety_work_years": "Years of work-safety experience.",
    "title": "Engineering title: 0 none, 1 初级, 2 中级, 3 高级.",
    "trained_provincially": "Trained and examined in standardization at provincial level.",
    "process_background": "Background in the enterprise's processes and equipment.",
    "consulted_enterprise": "Gave this enterprise standardization training or consulting.",
    "last_safety_service_on": "Last day of another safety service to the enterprise, if any.",
    "organizing_unit_consulted": "The organizing unit consulted the enterprise on the team.",
    "nonconformities": "不符合项: what the review found the enterprise must fix.",
    "clause": "The clause of the standard the nonconformity is about.",
    "text": "What the nonconformity is.",
    "veto": "否决项: fails the review regardless of the score.",
    "major_hazard_found": "The review found a major accident hazard (重大事故隐患).",
    # rectification
    "workdays": "Working days the rectification period is extended by.",
    "reason": "The force majeure allowing the extension: natural_disaster, epidemic, other.",
    "explanation": "Why, in words.",
    "nonconformity_id": "The id of the nonconformity fixed.",
    "evidence": "What shows it fixed.",
    "passed": "The rectification passed verification.",
    "method": "How it was verified: written (书面检查) or on_site (现场复核).",
    # publicity and outcome
    "objection_id": "The objection's id in the host system.",
    "summary": "What the objection says.",
    "substantiated": "The objection was found substantiated.",
    "finding": "What was found.",
    "copied_to": "Authorities the announcement or revocation is copied to.",
    "trigger": "The rule id of the revocation trigger, e.g. revoke.fatal_accident.",
    "facts": "The facts the revocation rests on, in words.",
    "commitment": "The rule id of the commitment found false.",
    # facts
    "incident_id": "The incident's id in the host system.",
    "deaths": "People killed.",
    "serious_injuries": "People seriously injured.",
    "direct_loss_cny": "Direct economic loss in CNY (a number or a decimal text).",
    "grade": "事故等级: 1 一般, 2 较大, 3 重大, 4 特别重大.",
    "reporting": "How it was reported: on_time, concealed, false, late, omitted.",
    "description": "What happened, in words.",
    "penalty_id": "The penalty's id in the host system.",
    "major": "Penalty: for a major violation. Hazard: a major accident hazard.",
    "hazard_id": "The hazard's id in the host system.",
    "fix_by": "The date the hazard must be fixed by.",
    "list_name": "The dishonesty list's name.",
    "kind": "How the licence was lost: cancelled, revoked, withdrawn, left_business.",
    "serious": "The failure of operation is serious.",
    "township": "乡镇/街道: the township or street office the enterprise is in.",
    "channel": "How the step was handled: online (the information system) or offline.",
    "organizing_unit_served_on": "Last day the organizing unit served the enterprise, if ever.",
    "draw": "随机抽取: the team's random draw from the provincial expert pool.",
    "pool": "The expert pool drawn from.",
    "drawn_on": "The day of the draw; default the day the team is formed.",
    "reference": "The draw's record number in the organizing unit's system.",
    "level_met": "The review team's verdict: the level applied for is met.",
    "received_on": "The day the review report was received, if not the review's.",
    "list_id": "报送名单: the id of the organizing unit's periodic list.",
    "pools": "评定人员库: the reviewer pools the expert is a member of.",
    "responsibility": "五落实: who answers for the fix.",
    "measures": "五落实: the measures taken.",
    "funds": "五落实: the funds for the fix.",
    "contingency_plan": "五落实: the contingency plan meanwhile.",
    "visit_id": "The follow-up visit's id in the host system.",
    "findings": "What the visit or inspection found, in words.",
    "inspection_id": "The inspection's id in the host system.",
    "comprehensive": "全面检查: the inspection was comprehensive.",
}

#: What each command does, by step.
STEPS: dict[str, str] = {
    "open": "Open the case of an enterprise and specialty (needs `enterprise`).",
    "self_evaluate": "自评: record the self-evaluation; its internal publicity starts.",
    "apply": "申请定级: apply for a level.",
    "request_correction": "补正: the organizing unit asks the application to be corrected.",
    "resubmit": "The enterprise resubmits the corrected application.",
    "accept": "受理: the organizing unit accepts the application.",
    "forward": "The organizing unit forwards the audited application to the authority.",
    "reject": "不予受理: the application is rejected with reasons.",
    "order_review": "The grading authority orders the on-site review.",
    "confirm_direct_renewal": "The authority confirms a renewal without a review (直接复评).",
    "form_review_team": "组建现场评审组: the organizing unit forms the review team.",
    "record_review": "现场评审: the review team records its score and nonconformities.",
    "extend_rectification": "Extend the rectification period for force majeure.",
    "fix_nonconformity": "整改: the enterprise fixes one nonconformity.",
    "report_rectification": "The enterprise reports its rectification.",
    "verify_rectification": "The review team verifies the rectification.",
    "publicize": "公示: the authority publicizes the result.",
    "raise_objection": "An objection is raised during publicity.",
    "resolve_objection": "The authority resolves an objection.",
    "announce": "公告: the authority announces the level.",
    "notify_failure": "The authority notifies the enterprise it did not pass.",
    "revoke": "撤销: the authority revokes the level.",
    "find_commitment_false": "A commitment of the application is found false.",
    "record_incident": "A production safety accident (生产安全事故).",
    "record_social_incident": "An incident with a bad social impact.",
    "record_penalty": "An administrative penalty.",
    "record_hazard": "An accident hazard found, with its fix-by date.",
    "fix_hazard": "The hazard was fixed.",
    "list_dishonest": "The enterprise was put on a dishonesty list (失信惩戒名单).",
    "delist_dishonest": "The enterprise was taken off a dishonesty list.",
    "record_licence_loss": "A licence was cancelled, revoked or withdrawn.",
    "record_major_change": "A major change of the enterprise (重大变化).",
    "record_fraud": "Fraud in the grading (弄虚作假).",
    "record_operation_failure": "The standardization system failed to operate.",
    "report_list": "报送名单: the organizing unit reports the enterprise on its list.",
    "record_follow_up_visit": "回访: a supervisor's follow-up visit of a graded enterprise.",
    "record_township": "The township (乡镇/街道) the enterprise is in, for the monthly form.",
    "record_inspection": "监督检查: a supervisor's inspection of an enterprise.",
}

#: Request examples, from the demo's real cases.
EXAMPLES: dict[str, dict[str, Any]] = {
    "open": {
        "on": "2024-09-02",
        "enterprise": {"name": "焦作市恒通机械制造有限公司", "industry": "机械"},
    },
    "self_evaluate": {
        "on": "2024-09-02",
        "enterprise": {"name": "焦作市恒通机械制造有限公司", "industry": "机械"},
        "score": 84,
        "claimed_level": 2,
        "workgroup": {
            "leader": "总经理",
            "leader_is_principal": True,
            "employee_representatives": 3,
        },
        "consultants": ["河南安泰安全咨询"],
    },
    "apply": {"on": "2024-09-23", "level": 2},
    "request_correction": {"on": "2024-09-25", "items": ["附件1缺少主要负责人承诺书"]},
    "resubmit": {"on": "2024-09-29"},
    "accept": {"on": "2024-09-30"},
    "forward": {"on": "2024-10-08", "opinion": "自评报告齐全，符合申请条件"},
    "order_review": {"on": "2024-10-09"},
    "form_review_team": {
        "on": "2024-10-10",
        "experts": [
            {"id": "x1", "name": "王振华", "leader": True, "title": 3, "safety_work_years": 18},
            {"id": "x2", "name": "李秀英", "title": 2, "safety_work_years": 9},
            {"id": "x3", "name": "赵国强", "title": 2, "safety_work_years": 7},
        ],
        "draw": {"pool": "河南省安全生产专家库", "reference": "抽取记录-2024-105"},
    },
    "report_list": {"on": "2024-10-22", "list_id": "2024年第10批"},
    "record_review": {
        "on": "2024-10-14",
        "score": "82.5",
        "nonconformities": [{"id": "N1", "clause": "5.5.3", "text": "特种作业人员证书台账不全"}],
    },
    "fix_nonconformity": {"on": "2024-10-21", "nonconformity_id": "N1"},
    "report_rectification": {"on": "2024-10-21"},
    "verify_rectification": {"on": "2024-10-24", "passed": True, "method": "on_site"},
    "publicize": {"on": "2024-10-25"},
    "announce": {"on": "2024-11-05"},
    "record_incident": {
        "on": "2024-06-03",
        "incident_id": "2024-豫-017",
        "deaths": 1,
        "direct_loss_cny": 1350000,
        "description": "检修作业时发生机械伤害事故",
    },
    "revoke": {"on": "2024-06-12", "trigger": "revoke.fatal_accident"},
    # the demo's other cases
    "notify_failure": {"on": "2024-04-12", "reasons": ["现场评审发现重大事故隐患"]},
    "confirm_direct_renewal": {"on": "2025-03-06"},
    "reject": {"on": "2024-09-25", "reasons": ["自评报告未经内部公示"]},
    "extend_rectification": {
        "on": "2025-01-20",
        "workdays": 10,
        "reason": "natural_disaster",
        "explanation": "暴雪致厂区停产",
    },
    "raise_objection": {"on": "2024-10-24", "objection_id": "O1", "summary": "实名举报隐患未整改"},
    "resolve_objection": {
        "on": "2024-10-30",
        "objection_id": "O1",
        "substantiated": False,
        "finding": "经核查，隐患已于评审前整改",
    },
    "find_commitment_false": {
        "on": "2025-01-08",
        "commitment": "commit.no_accident_1y",
        "finding": "申请前一年内发生一般事故未如实承诺",
    },
    "record_social_incident": {"on": "2024-08-01", "incident_id": "S1", "description": "群体事件"},
    "record_penalty": {"on": "2024-09-24", "penalty_id": "P-1", "description": "罚款"},
    "record_hazard": {
        "on": "2024-05-06",
        "hazard_id": "H1",
        "major": True,
        "fix_by": "2024-06-05",
        "description": "粉尘涉爆除尘系统未设泄爆装置",
    },
    "fix_hazard": {"on": "2024-05-30", "hazard_id": "H1"},
    "list_dishonest": {"on": "2024-07-01"},
    "delist_dishonest": {"on": "2025-07-01"},
    "record_licence_loss": {
        "on": "2025-02-01",
        "kind": "revoked",
        "description": "安全生产许可证被吊销",
    },
    "record_major_change": {"on": "2025-04-01", "description": "主要生产工艺变更"},
    "record_fraud": {"on": "2025-04-02", "description": "提供虚假评审材料"},
    "record_operation_failure": {"on": "2025-04-03", "description": "标准化体系未有效运行"},
    "record_township": {"on": "2024-09-02", "township": "待王街道"},
    "record_follow_up_visit": {
        "on": "2025-06-10",
        "visit_id": "回访-2025-031",
        "passed": False,
        "fix_by": "2025-07-10",
        "findings": "应急预案未按期演练",
    },
    "record_inspection": {
        "on": "2025-05-12",
        "inspection_id": "检查-2025-017",
        "comprehensive": True,
        "findings": "有限空间作业未审批",
    },
}

#: A property of a response schema: (JSON type, description) or (type, description, more
#: keywords); a type written "?string" may also be null. A mapping is a schema as it is.
Prop = tuple[str, str] | tuple[str, str, Mapping[str, Any]] | Mapping[str, Any]


def field(kind: str, description: str, more: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One described property: ``field("?string", "Last day, if any.")``."""
    base = kind.removeprefix("?")
    return {
        "type": [base, "null"] if kind != base else base,
        "description": description,
        **(more or {}),
    }


def obj(
    description: str | None,
    properties: Mapping[str, Prop],
    *,
    required: Sequence[str] | None = None,
) -> dict[str, Any]:
    """An object schema from a table of its properties (each described, see :data:`Prop`)."""
    schema: dict[str, Any] = {"type": "object"}
    if description:
        schema["description"] = description
    if required:
        schema["required"] = list(required)
    schema["properties"] = {
        name: field(*p) if isinstance(p, tuple) else dict(p) for name, p in properties.items()
    }
    return schema


PROBLEM = obj(
    "RFC 9457 problem details.",
    {
        "type": ("string", "URI naming the kind of problem."),
        "title": ("string", "Short summary of the kind."),
        "status": ("integer", "The HTTP status."),
        "detail": ("string", "What went wrong in this request."),
        "instance": ("string", "The path of the request."),
        "rule_ids": (
            "array",
            "The rule ids (rules.md) of a refusal.",
            {"items": {"type": "string"}},
        ),
        "citations": (
            "array",
            "Where each rule is written, with its words.",
            {"items": {"$ref": "#/components/schemas/Citation"}},
        ),
        "facts": {
            "type": "object",
            "description": "The values the rules checked (dates, totals, thresholds).",
        },
        "errors": (
            "array",
            "Each invalid field: a JSON pointer into the body, and why.",
            {
                "items": obj(
                    None,
                    {
                        "pointer": ("string", "JSON pointer (RFC 6901)."),
                        "detail": ("string", "What is wrong with it."),
                    },
                )
            },
        ),
        "current_version": ("integer", "412: the case's version now (its ETag)."),
    },
    required=["type", "title", "status", "detail"],
)

CITATION = obj(
    "Where a rule is written.",
    {
        "cited": ("string", "The citation as text, e.g. HN 第七条(二)."),
        "document": ("string", "The document's short name."),
        "article": ("string", "The article (条)."),
        "item": ("?string", "The item (项), if any."),
        "text_zh": ("?string", "The words of the text."),
        "verified": ("boolean", "The words were read from the text."),
    },
)

_ACTOR = obj(
    "Who recorded the event.",
    {
        "id": ("string", "The actor's id in the host system."),
        "role": ("string", "The actor's role."),
        "authority": ("?string", "Which grading authority."),
    },
)

EVENT = obj(
    "One event of a case's timeline.",
    {
        "version": ("integer", "The event's version in the case (1..)."),
        "type": ("string", "The event's type, e.g. SelfEvaluated."),
        "on": ("string", "Business date.", {"format": "date"}),
        "recorded": ("string", "When the store recorded it (UTC)."),
        "actor": _ACTOR,
        "says": ("string", "What it says, in a few words."),
        "policy": ("string", "The policy it was judged by (id@version)."),
        "calendar": ("?string", "The calendar data version."),
        "rules": ("array", "Rule ids it satisfied.", {"items": {"type": "string"}}),
        "breaches": ("array", "Rule ids it recorded as breached.", {"items": {"type": "string"}}),
        "deadlines": (
            "array",
            "Deadlines it set.",
            {
                "items": obj(
                    None,
                    {
                        "rule_id": ("string", "The rule setting it."),
                        "due": ("string", "Last day (YYYY-MM-DD)."),
                        "party": ("string", "Who must act."),
                        "what": ("string", "What they must do."),
                    },
                )
            },
        ),
        "command_id": ("?string", "The command's id, if any."),
        "digest": ("string", "The event's hash in the chain."),
    },
)

OUTCOME = obj(
    "What a command recorded.",
    {
        "case": ("string", "The case: USCC/specialty."),
        "case_id": ("string", "The case's id (uuid5 of its key)."),
        "version": ("integer", "The version of the last event recorded."),
        "repeated": ("boolean", "True when the Idempotency-Key was seen: the first result again."),
        "events": (
            "array",
            "The events recorded.",
            {"items": {"$ref": "#/components/schemas/Event"}},
        ),
    },
    required=["case", "case_id", "version", "repeated", "events"],
)

_UNMET = obj(
    "A rule an application would not meet.",
    {
        "rule_id": ("string", "The rule id."),
        "message": ("string", "Why it is not met."),
        "citation": ("string", "Where the rule is written."),
    },
)

ELIGIBILITY = obj(
    "Whether an application for a level on a date would be accepted.",
    {
        "level": ("integer", "The level judged."),
        "on": ("string", "The date judged on."),
        "eligible": ("boolean", "Every rule holds."),
        "unmet": ("array", "Each rule not met.", {"items": _UNMET}),
    },
)

VIEW = obj(
    "The case as of a date: status, level, validity, open obligations.",
    {
        "case": ("string", "USCC/specialty."),
        "uscc": ("string", "统一社会信用代码."),
        "specialty": ("string", "专业."),
        "enterprise": ("string", "The enterprise's name."),
        "version": ("integer", "The last event folded in."),
        "on": ("string", "The business date of the view."),
        "status": ("string", "new, in_progress, graded, expired, …"),
        "stage": ("?string", "The open application's stage."),
        "level": ("?integer", "The level held that day."),
        "valid_until": ("?string", "Last day it is valid."),
        "obligations": (
            "array",
            "Who owes what by when, with the rule.",
            {
                "items": obj(
                    None,
                    {
                        "rule_id": ("string", "The rule."),
                        "party": ("string", "Who owes it."),
                        "what": ("string", "What is owed."),
                        "due": ("?string", "Last day, if any."),
                        "overdue": ("boolean", "The day is past."),
                        "citation": ("string", "Where it is written."),
                    },
                )
            },
        ),
        "eligibility": {"$ref": "#/components/schemas/Eligibility"},
    },
)

FINDING = obj(
    "One outcome of re-judging the history.",
    {
        "rule_id": ("string", "The rule."),
        "holds": ("boolean", "False: a breach."),
        "kind": ("string", "decision, deadline, period or recorded."),
        "version": ("?integer", "The event concerned."),
        "on": ("?string", "Its business date."),
        "message": ("string", "The finding."),
        "summary_en": ("string", "The rule in English."),
        "summary_zh": ("string", "The rule in Chinese (empty where the policy has none)."),
        "citation": {
            "oneOf": [{"$ref": "#/components/schemas/Citation"}, {"type": "null"}],
            "description": "Where the rule is written.",
        },
        "facts": {"type": "object", "description": "The values checked."},
    },
)

CHECK = obj(
    "The history re-judged under its recorded policy and calendar versions.",
    {
        "case": ("string", "USCC/specialty."),
        "as_of": ("string", "Open deadlines judged on this date."),
        "ok": ("boolean", "No breach."),
        "calendar": ("?string", "Calendar data version."),
        "breaches": ("integer", "How many findings are breaches."),
        "findings": (
            "array",
            "Every rule outcome.",
            {"items": {"$ref": "#/components/schemas/Finding"}},
        ),
    },
)

VERIFY = obj(
    "The stored rows' hash chain checked.",
    {
        "case_id": ("string", "The case's id."),
        "verified": ("boolean", "The chain is intact."),
        "events": ("integer", "Events read."),
        "breaks": (
            "array",
            "Each place the chain does not verify.",
            {
                "items": obj(
                    None,
                    {
                        "version": ("integer", "The event's version."),
                        "problem": ("string", "Edited, deleted, …"),
                        "says": ("string", "The same, for people (English by default)."),
                    },
                )
            },
        ),
    },
)

STATE = obj(
    "The case's state replayed from its events (never a snapshot).",
    {
        "case": ("string", "USCC/specialty."),
        "version": ("integer", "The last event folded in."),
        "state": {
            "type": "object",
            "description": "Every field of the state: application, gradings, facts.",
        },
    },
)

HISTORY = {
    "type": "array",
    "description": "Every event with all its fields, in order.",
    "items": {
        "type": "object",
        "properties": {
            "version": {"type": "integer", "description": "The event's version."},
            "type": {"type": "string", "description": "The event's type."},
            "data": {"type": "object", "description": "Its envelope and payload fields."},
        },
    },
}

CASES = {
    "type": "array",
    "description": "Cases found, within the caller's scope.",
    "items": {
        "type": "object",
        "properties": {
            "case": {"type": "string", "description": "USCC/specialty."},
            "uscc": {"type": "string", "description": "统一社会信用代码."},
            "specialty": {"type": "string", "description": "专业."},
            "enterprise": {"type": "string", "description": "Name."},
            "industry": {"type": "string", "description": "行业."},
            "region": {"type": "string", "description": "GB/T 2260 code."},
            "href": {"type": "string", "description": "The case's path in this API."},
        },
    },
}

STATUS = obj(
    "Health.",
    {
        "status": ("string", "ok or ready."),
    },
)


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    values = [m.value for m in cls]
    kind = "integer" if all(isinstance(v, int) for v in values) else "string"
    return {"type": kind, "enum": values}


def type_schema(tp: Any) -> dict[str, Any]:
    """The JSON schema of a field type, as the converter reads it."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = type_schema(options[0])
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": type_schema(typing.get_args(tp)[0])}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_schema(tp)
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    if tp is Decimal:
        return {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
            ]
        }
    if tp is pendulum.Date:
        return {"type": "string", "format": "date"}
    if attrs.has(tp):
        return object_schema(tp)
    msg = f"no schema for {tp!r}"
    raise TypeError(msg)


def _field(name: str, tp: Any) -> dict[str, Any]:
    return {**type_schema(tp), "description": FIELDS[name]}


def object_schema(cls: type) -> dict[str, Any]:
    attrs.resolve_types(cls)
    fields = attrs.fields(cls)
    return {
        "type": "object",
        "additionalProperties": False,
        "description": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
        "required": [f.name for f in fields if f.default is attrs.NOTHING],
        "properties": {f.name: _field(f.name, f.type) for f in fields},
    }


def body_schema(step: str) -> dict[str, Any]:
    from gradingcore import Enterprise

    fields = payload_fields(step)
    properties = {
        "on": {"type": "string", "format": "date", "description": FIELDS["on"]},
        "enterprise": {**object_schema(Enterprise), "description": FIELDS["enterprise"]},
        **{name: _field(name, f.type) for name, f in fields.items()},
    }
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "description": STEPS[step],
        "properties": properties,
    }
    required = [n for n, f in fields.items() if f.default is attrs.NOTHING]
    if step == "open":
        required.append("enterprise")
    if required:
        schema["required"] = required
    return schema


def _parameter(name: str, where: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


_CASE_PARAMS = [
    _parameter(
        "uscc",
        "path",
        "统一社会信用代码 (GB 32100-2015), 18 characters.",
        {"type": "string", "example": "91410882MA0000001T"},
    ),
    _parameter(
        "specialty", "path", "专业, e.g. 机械; `-` for a case without one.", {"type": "string"}
    ),
]

_PROBLEMS = {
    "default": {
        "description": "A problem (RFC 9457): 401, 403, 404, 409, 412, 413, 422, 503.",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
}

_ETAG = {"ETag": {"description": "The case's version.", "schema": {"type": "string"}}}


def _ok(schema: dict[str, Any], description: str, etag: bool = True) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if etag:
        response["headers"] = _ETAG
    return {"200": response, **_PROBLEMS}


def _date_param(name: str, description: str) -> dict[str, Any]:
    return _parameter(name, "query", description, {"type": "string", "format": "date"})


_KNOWN_AT = _parameter(
    "known_at",
    "query",
    "Only what was recorded by then (ISO timestamp with a zone).",
    {"type": "string", "format": "date-time"},
)
_VERSION = _parameter(
    "version", "query", "Only events up to this version.", {"type": "integer", "minimum": 1}
)
_LEVEL = _parameter(
    "level", "query", "The level to judge eligibility for.", {"type": "integer", "enum": [1, 2, 3]}
)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _queries() -> dict[str, Any]:
    base = "/cases/{uscc}/{specialty}"

    def op(op_id: str, summary: str, params: list[dict[str, Any]], ok: dict[str, Any]) -> Any:
        return {
            "get": {
                "operationId": op_id,
                "tags": ["cases"],
                "summary": summary,
                "parameters": _CASE_PARAMS + params,
                "responses": ok,
            }
        }

    export_ok = {
        "200": {
            "description": "The audit report: timeline, findings, citations, integrity.",
            "headers": _ETAG,
            "content": {
                "application/json": {"schema": {"type": "object", "description": "The report."}},
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **_PROBLEMS,
    }
    return {
        base: op(
            "view",
            "The case on a date, with its open obligations and eligibility.",
            [_date_param("on", "Business date (default today)."), _KNOWN_AT, _VERSION, _LEVEL],
            _ok(_ref("View"), "The view."),
        ),
        f"{base}/state": op(
            "state",
            "The state as of a business date, as known at a time, at a version.",
            [_date_param("as_of", "Only events in effect by this date."), _KNOWN_AT, _VERSION],
            _ok(_ref("State"), "The state."),
        ),
        f"{base}/eligibility": op(
            "eligibility",
            "Would an application for a level on a date be accepted, and why not.",
            [_date_param("on", "The application date (default today)."), _LEVEL],
            _ok(_ref("Eligibility"), "The eligibility."),
        ),
        f"{base}/history": op(
            "history", "Every event with all its fields.", [], _ok(HISTORY, "The history.")
        ),
        f"{base}/timeline": op(
            "timeline",
            "Every event in order, with rule ids, deadlines and the hash chain.",
            [],
            _ok({"type": "array", "items": _ref("Event"), "description": "Events."}, "Timeline."),
        ),
        f"{base}/check": op(
            "check",
            "Re-judge the history: every rule outcome with its citation.",
            [_date_param("as_of", "Judge open deadlines on this date.")],
            _ok(_ref("Check"), "The findings."),
        ),
        f"{base}/verify": op(
            "verify", "Verify the stored hash chain.", [], _ok(VERIFY, "The verification.")
        ),
        f"{base}/export": op(
            "export",
            "Download the audit report.",
            [
                _parameter(
                    "format",
                    "query",
                    "json, md, html or pdf.",
                    {"type": "string", "enum": list(EXPORTS)},
                ),
                _date_param("as_of", "Judge open deadlines on this date."),
            ],
            export_ok,
        ),
    }


# --- the read models (decision 0075) ---------------------------------------------------------

_CASE_COLUMNS: dict[str, Prop] = {
    "uscc": ("string", "统一社会信用代码."),
    "specialty": ("string", "专业 (empty for a case without one)."),
    "name": ("string", "The enterprise's name."),
    "region": ("string", "GB/T 2260 code where the enterprise operates."),
    "township": ("?string", "乡镇/街道: its township code or name, if recorded."),
}

REGISTRY = obj(
    "The 企业台账 on a day, within the caller's scope.",
    {
        "on": ("string", "The day asked about.", {"format": "date"}),
        "entries": (
            "array",
            "One line per case.",
            {
                "items": obj(
                    "A case and its grading on the day.",
                    {
                        **_CASE_COLUMNS,
                        "industry": ("string", "行业."),
                        "above_designated_size": ("boolean", "规模以上."),
                        "status": ("string", "new, in_progress, graded, expired, revoked, …"),
                        "stage": ("?string", "The open application's stage."),
                        "level": ("?integer", "The level held on the day."),
                        "valid_from": ("?string", "First day of the level held."),
                        "valid_until": ("?string", "Last day of the level held."),
                        "revoked_on": ("?string", "The day the last level was revoked, if so."),
                    },
                )
            },
        ),
    },
)

BOARD = obj(
    "The deadline board on a day: open obligations, overdue first, then by due date.",
    {
        "on": ("string", "The day asked about.", {"format": "date"}),
        "obligations": (
            "array",
            "Each open obligation.",
            {
                "items": obj(
                    "Who owes what on which case, by when, under which rule.",
                    {
                        **_CASE_COLUMNS,
                        "rule_id": ("string", "The rule setting it."),
                        "party": ("string", "The role that owes it."),
                        "what": ("string", "What is owed."),
                        "due": ("?string", "Last day, if any."),
                        "overdue": ("boolean", "The day asked about is past the last day."),
                        "cited": ("string", "Where the rule is written."),
                    },
                )
            },
        ),
    },
)

LIST = obj(
    "A public list: in publicity (公示) on a day, announced (公告) or revoked (撤销) in a "
    "period. Only what a published list carries.",
    {
        "list": ("string", "publicity, announced or revoked."),
        "on": ("string", "publicity: the day asked about.", {"format": "date"}),
        "from": ("string", "announced, revoked: the period's first day.", {"format": "date"}),
        "to": ("string", "announced, revoked: the period's last day.", {"format": "date"}),
        "entries": (
            "array",
            "Each enterprise on the list.",
            {
                "items": obj(
                    "One line of the list.",
                    {
                        "list": ("string", "publicity, announced or revoked."),
                        **_CASE_COLUMNS,
                        "industry": ("string", "行业."),
                        "level": ("?integer", "The level (proposed, announced or revoked)."),
                        "on": (
                            "string",
                            "Publicity: its first day; else the day announced or revoked.",
                        ),
                        "until": ("?string", "Publicity: its last day; announced: valid until."),
                        "valid_from": ("?string", "Announced: first day of validity."),
                        "copied_to": (
                            "array",
                            "抄送: the departments copied.",
                            {"items": {"type": "string"}},
                        ),
                        "authority": ("string", "The authority that published it."),
                        "trigger": ("?string", "Revoked: the rule id of the trigger (第十一条)."),
                    },
                )
            },
        ),
    },
)

_FORM_CELLS = obj(
    "One level's three counts.",
    {key: ("integer", f"{column} (家).") for key, column in zip(COLUMN_KEYS, COLUMNS, strict=True)},
)

FORM = obj(
    "工贸企业安全生产标准化月度报表 (二七安监管[2016]8号): a township's or region's month.",
    {
        "form": ("string", "The form's title."),
        "unit": ("string", "填报单位: the township or region."),
        "year": ("integer", "The year."),
        "month": ("integer", "The month (1-12)."),
        "rows": (
            "array",
            f"The industries {'、'.join(FORM_ROWS)} and {TOTAL_ROW}.",
            {
                "items": obj(
                    "One row of the form.",
                    {
                        "industry": ("string", "行业, or 合计."),
                        **{level: dict(_FORM_CELLS) for level in LEVEL_KEYS},
                    },
                )
            },
        ),
    },
)

TARGETS = obj(
    "Progress against the targets (目标任务) of the caller's regions on a day.",
    {
        "on": ("string", "The day asked about.", {"format": "date"}),
        "targets": (
            "array",
            "Each target.",
            {
                "items": obj(
                    "A target and how far it is.",
                    {
                        "id": ("string", "The target's id (policy data)."),
                        "name": ("string", "What the target is, in the text's words."),
                        "region": ("string", "GB/T 2260 code of the region it is for."),
                        "deadline": ("string", "The day it is due."),
                        "share": ("string", "The share of enterprises in scope to reach."),
                        "counts": (
                            "string",
                            "graded (a valid level), started (applied) or milestone.",
                        ),
                        "in_scope": ("?integer", "Enterprises in scope (null: a milestone)."),
                        "done": ("?integer", "Counted as done on the day."),
                        "in_progress": ("?integer", "With an application open."),
                        "not_started": ("?integer", "Neither."),
                        "required": ("?integer", "How many the share requires."),
                        "on_track": (
                            "?boolean",
                            "Done plus in progress reach the share (null: a milestone).",
                        ),
                        "status": (
                            "string",
                            "met, on track, behind, missed; a milestone: due, date passed.",
                        ),
                        "cited": ("string", "Where the target is written."),
                    },
                )
            },
        ),
    },
)

_REGION = _parameter(
    "region",
    "query",
    "GB/T 2260 code (2 to 6 digits): 410000 the province, 410100 a city.",
    {"type": "string", "pattern": "^[0-9]{2,6}$"},
)
_AUTHORITY = _parameter(
    "authority",
    "query",
    "The publishing authority's actor id, or its kind (MEM, province, city).",
    {"type": "string", "maxLength": 100},
)


def _text_param(name: str, description: str) -> dict[str, Any]:
    return _parameter(name, "query", description, {"type": "string", "maxLength": 100})


def _days_param(name: str, description: str) -> dict[str, Any]:
    return _parameter(
        name, "query", description, {"type": "integer", "minimum": 0, "maximum": 36500}
    )


def _listing(
    op_id: str,
    summary: str,
    params: list[dict[str, Any]],
    responses: dict[str, Any],
    *,
    public: bool = False,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": op_id,
        "tags": ["read models"],
        "summary": summary,
        "parameters": params,
        "responses": responses,
    }
    if public:
        operation["security"] = []
    return {"get": operation}


def _listings() -> dict[str, Any]:
    on = _date_param("on", "The day asked about (default today).")
    period = [
        _date_param("from", "First day (default the 1st of the month of `to`)."),
        _date_param("to", "Last day (default today)."),
    ]
    board = [
        on,
        _parameter(
            "role",
            "query",
            "Only what this role owes.",
            {"type": "string", "enum": [r.value for r in Role if r is not Role.SYSTEM]},
        ),
        _REGION,
        _days_param("due_within", "Only what is due within N days of the day."),
        _parameter(
            "overdue",
            "query",
            "Only the overdue ones.",
            {"type": "string", "enum": ["true", "false"]},
        ),
    ]
    lists = "Open to everyone, as a website shows it."
    form_ok = {
        "200": {
            "description": "The form: JSON, CSV, or XLSX laid out like the printed form.",
            "content": {
                "application/json": {"schema": _ref("MonthlyForm")},
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        },
        **_PROBLEMS,
    }
    ics_ok = {
        "200": {
            "description": "An iCalendar file (RFC 5545): an all-day event on each due date.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        **_PROBLEMS,
    }
    return {
        "/registry": _listing(
            "registry",
            "The registry (企业台账) on a day, filtered, within the caller's scope.",
            [
                on,
                _REGION,
                _text_param("industry", "行业, e.g. 机械."),
                _text_param("township", "乡镇/街道: a township code or name."),
                _LEVEL | {"description": "The level held on the day."},
                _parameter(
                    "status",
                    "query",
                    "The case's status on the day.",
                    {"type": "string", "enum": [s.value for s in Status]},
                ),
                _days_param("expiring_within", "Levels valid on the day ending within N days."),
            ],
            _ok(_ref("Registry"), "The registry.", etag=False),
        ),
        "/board": _listing(
            "board",
            "The deadline board on a day: open obligations, overdue first.",
            board,
            _ok(_ref("Board"), "The board.", etag=False),
        ),
        "/board.ics": _listing(
            "board_calendar", "The deadline board as an iCalendar feed.", board, ics_ok
        ),
        "/lists/publicity": _listing(
            "publicity",
            f"In publicity (公示) on a day. {lists}",
            [on, _AUTHORITY, _REGION],
            _ok(_ref("PublicList"), "The list.", etag=False),
            public=True,
        ),
        "/lists/announcements": _listing(
            "announcements",
            f"Announced (公告) in a period, with the departments copied. {lists}",
            [*period, _AUTHORITY, _REGION],
            _ok(_ref("PublicList"), "The list.", etag=False),
            public=True,
        ),
        "/lists/revocations": _listing(
            "revocations",
            f"Revoked (撤销) in a period, with the trigger's rule id. {lists}",
            [*period, _AUTHORITY, _REGION],
            _ok(_ref("PublicList"), "The list.", etag=False),
            public=True,
        ),
        "/forms/monthly": _listing(
            "monthly_form",
            "The monthly form (月度报表) of a township or a region (one of them) for a month.",
            [
                _text_param("township", "乡镇/街道: a township code or name."),
                _REGION,
                _parameter(
                    "month",
                    "query",
                    "The month, YYYY-MM (default this month).",
                    {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                ),
                _parameter(
                    "format",
                    "query",
                    "json, csv or xlsx (else by Accept; default json).",
                    {"type": "string", "enum": ["json", "csv", "xlsx"]},
                ),
            ],
            form_ok,
        ),
        "/targets": _listing(
            "targets",
            "Progress against the targets of the caller's regions on a day.",
            [on],
            _ok(_ref("Targets"), "The targets.", etag=False),
        ),
    }


def _command(step: str) -> dict[str, Any]:
    body: dict[str, Any] = {"schema": body_schema(step)}
    if step in EXAMPLES:
        body["example"] = EXAMPLES[step]
    return {
        "post": {
            "operationId": f"command_{step}",
            "tags": ["commands"],
            "summary": STEPS[step],
            "description": (
                "Decides the command against the case under the rules; a refusal (409) names "
                "every rule id, citation and fact, and writes nothing."
            ),
            "parameters": [
                *_CASE_PARAMS,
                _parameter(
                    "If-Match",
                    "header",
                    "The case version (ETag) the command was decided on; 412 when stale.",
                    {"type": "string"},
                ),
                _parameter(
                    "Idempotency-Key",
                    "header",
                    "Same key and body: the first result again; another body: 422.",
                    {"type": "string", "maxLength": 200},
                ),
            ],
            "requestBody": {"required": False, "content": {"application/json": body}},
            "responses": _ok(_ref("Outcome"), "What the command recorded."),
        }
    }


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The whole document, built once per process."""
    paths: dict[str, Any] = {
        "/health": {
            "get": {
                "operationId": "health",
                "tags": ["service"],
                "summary": "The process answers.",
                "security": [],
                "responses": _ok(STATUS, "Up.", etag=False),
            }
        },
        "/ready": {
            "get": {
                "operationId": "ready",
                "tags": ["service"],
                "summary": "The store answers.",
                "security": [],
                "responses": _ok(STATUS, "Ready.", etag=False),
            }
        },
        "/cases": {
            "get": {
                "operationId": "cases",
                "tags": ["cases"],
                "summary": "Find cases by USCC or enterprise name, within the caller's scope.",
                "parameters": [
                    _parameter(
                        "q",
                        "query",
                        "Part of a USCC, a case key or an enterprise name.",
                        {"type": "string"},
                    )
                ],
                "responses": _ok(CASES, "The cases found.", etag=False),
            }
        },
        **_queries(),
        **_listings(),
    }
    for step in commands.COMMANDS:
        paths[f"/cases/{{uscc}}/{{specialty}}/{segment(step)}"] = _command(step)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gradingcore",
            "version": "1",
            "description": (
                "Grading cases of work-safety standardization (企业安全生产标准化建设定级) "
                "for host systems: every command a POST on the case, every query a GET."
            ),
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token from `gradingcore tokens issue`.",
                }
            },
            "schemas": {
                "Problem": PROBLEM,
                "Citation": CITATION,
                "Event": EVENT,
                "Outcome": OUTCOME,
                "Eligibility": ELIGIBILITY,
                "View": VIEW,
                "Finding": FINDING,
                "Check": CHECK,
                "State": STATE,
                "Registry": REGISTRY,
                "Board": BOARD,
                "PublicList": LIST,
                "MonthlyForm": FORM,
                "Targets": TARGETS,
            },
        },
    }


__all__ = ["EXAMPLES", "FIELDS", "STEPS", "body_schema", "openapi_document"]
