"""gradingcore: the grading case of an enterprise in China's work-safety standardization system
(企业安全生产标准化建设定级), kept as an event-sourced history.

This module is the public face: adapters and users import from here only.
"""

from __future__ import annotations

import contextlib
import inspect
import typing

import attrs

from gradingcore import commands, i18n, inputs, readmodels, scenarios, simulation
from gradingcore.anchor import Anchor
from gradingcore.anchor import check as check_anchor
from gradingcore.anchor import load as load_anchor
from gradingcore.anchor import take as take_anchor
from gradingcore.audit import AuditFinding, AuditReport, check, check_history
from gradingcore.calendar import (
    HolidayNotice,
    OfficialYear,
    WorkdayCalendar,
    civil_deadline,
    civil_period_end,
    load_year_file,
    not_less_than_workdays,
    official_calendar,
    within_workdays,
)
from gradingcore.citation import Citation
from gradingcore.clock import Clock, ManualClock, SystemClock
from gradingcore.decisions import Act, decide
from gradingcore.errors import (
    CalendarCoverageError,
    CaseNotFound,
    CommandIdReused,
    ConflictError,
    DuplicateError,
    GradingError,
    InvalidInput,
    PolicyError,
    RuleViolation,
    StoreError,
    StoreKeyError,
    StoreLocked,
    StoreReadOnly,
    StoreUnavailable,
    StoreUnreadable,
    VersionMismatch,
)
from gradingcore.events import EVENT_TYPES, CaseEvent
from gradingcore.facts import (
    COMMITMENTS,
    Channel,
    Deadline,
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
    YearStatistics,
)
from gradingcore.i18n import Locale, Message
from gradingcore.importing import ImportRefused, ImportResult, import_histories
from gradingcore.importing import load as load_import
from gradingcore.keys import KEY_FILE_VARIABLE, ChainKey, KeyRing
from gradingcore.keys import configured_ring as configured_chain_keys
from gradingcore.keys import new_key as new_chain_key
from gradingcore.labels import actor_label, label
from gradingcore.levels import Level
from gradingcore.policy import (
    Authority,
    Policy,
    PolicyRef,
    PolicyRegistry,
    Rule,
    SourceDocument,
    default_policies,
    load_policy,
)
from gradingcore.readmodels import (
    BoardItem,
    ListEntry,
    MonthlyForm,
    RankedTownship,
    ReadModels,
    RegistryEntry,
    TargetProgress,
    ViewStatus,
)
from gradingcore.rules import Finding, Judge, Obligation
from gradingcore.serialization import SerializationError
from gradingcore.service import ChainBreak, GradingService, Outcome
from gradingcore.state import CaseState, Stage, evolve, fold
from gradingcore.stores import redact as redact_store
from gradingcore.stores import translate as translate_store_error
from gradingcore.summary import event_summary
from gradingcore.values import (
    USCC,
    Actor,
    AuthorityKind,
    CaseKey,
    Enterprise,
    Role,
    uscc_check_character,
)
from gradingcore.views import CaseView, Eligibility, Status

__all__ = [
    "COMMITMENTS",
    "EVENT_TYPES",
    "KEY_FILE_VARIABLE",
    "USCC",
    "Act",
    "Actor",
    "Anchor",
    "AuditFinding",
    "AuditReport",
    "Authority",
    "AuthorityKind",
    "BoardItem",
    "CalendarCoverageError",
    "CaseEvent",
    "CaseKey",
    "CaseNotFound",
    "CaseState",
    "CaseView",
    "ChainBreak",
    "ChainKey",
    "Channel",
    "Citation",
    "Clock",
    "CommandIdReused",
    "ConflictError",
    "Deadline",
    "Degree",
    "DuplicateError",
    "Eligibility",
    "Enterprise",
    "Expert",
    "ExpertDraw",
    "Finding",
    "ForceMajeure",
    "GradingError",
    "GradingService",
    "HolidayNotice",
    "ImportRefused",
    "ImportResult",
    "IncidentGrade",
    "InvalidInput",
    "Judge",
    "KeyRing",
    "Level",
    "LicenceLoss",
    "ListEntry",
    "Locale",
    "ManualClock",
    "Message",
    "MonthlyForm",
    "Nonconformity",
    "Obligation",
    "OfficialYear",
    "Outcome",
    "Policy",
    "PolicyError",
    "PolicyRef",
    "PolicyRegistry",
    "RankedTownship",
    "ReadModels",
    "RegistryEntry",
    "Reporting",
    "Role",
    "Rule",
    "RuleViolation",
    "SerializationError",
    "SourceDocument",
    "Stage",
    "Status",
    "StoreError",
    "StoreKeyError",
    "StoreLocked",
    "StoreReadOnly",
    "StoreUnavailable",
    "StoreUnreadable",
    "SystemClock",
    "TargetProgress",
    "Title",
    "VerificationMethod",
    "VersionMismatch",
    "ViewStatus",
    "WorkGroup",
    "WorkdayCalendar",
    "YearStatistics",
    "actor_label",
    "check",
    "check_anchor",
    "check_history",
    "civil_deadline",
    "civil_period_end",
    "commands",
    "configured_chain_keys",
    "decide",
    "default_policies",
    "event_summary",
    "evolve",
    "fold",
    "i18n",
    "import_histories",
    "inputs",
    "label",
    "load_anchor",
    "load_import",
    "load_policy",
    "load_year_file",
    "new_chain_key",
    "not_less_than_workdays",
    "official_calendar",
    "readmodels",
    "redact_store",
    "scenarios",
    "simulation",
    "take_anchor",
    "translate_store_error",
    "uscc_check_character",
    "within_workdays",
]


def _present_here() -> None:
    """Public classes and functions show as ``gradingcore.X`` (in the API reference, reprs and
    tracebacks), where users import them from. Event classes keep their own module: their
    module is part of the topic every stored row names."""
    for name in __all__:
        obj = globals()[name]
        if obj is CaseEvent or not (isinstance(obj, type) or callable(obj)):
            continue
        if not getattr(obj, "__module__", "gradingcore").startswith("gradingcore."):
            continue
        if isinstance(obj, type):
            _resolve_annotations(obj)
        with contextlib.suppress(AttributeError, TypeError):  # builtins keep theirs
            obj.__module__ = __name__


def _resolve_annotations(cls: type) -> None:
    """Replace a class's string annotations by the types they name, where they were written:
    ``typing.get_type_hints`` (attrs, cattrs, web frameworks) then needs no module globals."""
    own = inspect.get_annotations(cls)
    if not own:
        return
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve stays as written
        return
    with contextlib.suppress(AttributeError, TypeError):
        cls.__annotations__ = {k: hints.get(k, v) for k, v in own.items()}
    if attrs.has(cls):
        attrs.resolve_types(cls)


_present_here()
