"""Words click translates through a variable (``_(extra["required"])``), which Babel cannot
find in click's source: listed here for the ``click`` domain's extraction (pyproject.toml)."""

from __future__ import annotations


def click_word(text: str) -> str:
    """Marks one of click's words for the ``click`` catalog; click itself translates it."""
    return text


WORDS = (click_word("required"),)
