"""Imports every scheme's rule functions, so that they register at their seams."""

from gradingcore.schemes import changzhou, qinyang  # noqa: F401

__all__: list[str] = []
