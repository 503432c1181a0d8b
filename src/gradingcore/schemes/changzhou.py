"""Changzhou's scheme (seed 003): its rule functions, which live at the rules' policy seam
(:mod:`gradingcore.rules.local.changzhou`). See docs/schemes/changzhou.md."""

from gradingcore.rules.local.changzhou import (
    Recognition,
    RecognitionGrade,
    earlier_certificate,
    new_level_gate,
    recognition,
    reviewer_pool,
)

__all__ = [
    "Recognition",
    "RecognitionGrade",
    "earlier_certificate",
    "new_level_gate",
    "recognition",
    "reviewer_pool",
]
