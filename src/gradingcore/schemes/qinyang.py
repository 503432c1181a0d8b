"""Qinyang's plan (seed 000, a draft): its rule functions, which live at the rules' policy seam
(:mod:`gradingcore.rules.local.qinyang`). See docs/schemes/qinyang.md."""

from gradingcore.rules.local.qinyang import (
    day_of_year,
    inspections_due,
    level3_window,
    revocation_requested,
    year_done_by,
)

__all__ = [
    "day_of_year",
    "inspections_due",
    "level3_window",
    "revocation_requested",
    "year_done_by",
]
