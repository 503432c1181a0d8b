"""Erqi's opinion (seed 002): its rule function, which lives at the rules' policy seam
(:mod:`gradingcore.rules.local.erqi`). See docs/schemes/erqi.md."""

from gradingcore.rules.local.erqi import still_failing

__all__ = ["still_failing"]
