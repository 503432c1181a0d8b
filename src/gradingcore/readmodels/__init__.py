"""Read models (projections) of the event log: the registry (企业台账), the public lists, the
deadline board, the monthly form (月度报表) and its quarterly ranking, progress against targets.

``ReadModels(service)`` keeps its views in the store's own database (tables in the SQLite file
or in PostgreSQL), each with the position of the last event it applied, written in the same
transaction as its rows (docs/readmodels.md).
"""

from __future__ import annotations

from gradingcore.readmodels._export import (
    COLUMN_KEYS,
    FORM_HEADINGS,
    LEVEL_KEYS,
    FormHeadings,
    board_calendar,
    form_csv,
    form_data,
    form_json,
    form_xlsx,
)
from gradingcore.readmodels._export import (
    TITLE as FORM_TITLE,
)
from gradingcore.readmodels._publication import ListEntry
from gradingcore.readmodels._registry import BoardItem, RegistryEntry
from gradingcore.readmodels._reports import (
    COLUMNS,
    FORM_ROWS,
    TOTAL_ROW,
    FormRow,
    MonthlyForm,
    RankedTownship,
)
from gradingcore.readmodels._runner import VIEW_CLASSES, ReadModels, ViewStatus
from gradingcore.readmodels._targets import (
    Scope,
    Target,
    TargetProgress,
    default_targets,
    load_targets,
)

__all__ = [
    "COLUMNS",
    "COLUMN_KEYS",
    "FORM_HEADINGS",
    "FORM_ROWS",
    "FORM_TITLE",
    "LEVEL_KEYS",
    "TOTAL_ROW",
    "VIEW_CLASSES",
    "BoardItem",
    "FormHeadings",
    "FormRow",
    "ListEntry",
    "MonthlyForm",
    "RankedTownship",
    "ReadModels",
    "RegistryEntry",
    "Scope",
    "Target",
    "TargetProgress",
    "ViewStatus",
    "board_calendar",
    "default_targets",
    "form_csv",
    "form_data",
    "form_json",
    "form_xlsx",
    "load_targets",
]
