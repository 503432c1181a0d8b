"""Sphinx configuration: Markdown pages (MyST) with the furo theme.

Build with ``nox -s docs`` (warnings are errors). The ```python examples in these pages are
executed by the tests session through Sybil (see the repository's conftest.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent

# Local extensions live in docs/_ext/.
sys.path.insert(0, str(HERE / "_ext"))

project = "gradingcore"
author = "gradingcore developers"
copyright = "gradingcore developers"
language = "en"

extensions = ["myst_parser", "sphinx.ext.autodoc"]
# rules_reference writes reference/rules.md (every rule id of the rules table) at build time.
# Guarded while it is being written, so that the docs build before it lands.
if (HERE / "_ext" / "rules_reference.py").exists():
    extensions.append("rules_reference")
# commands_reference writes reference/commands.md (every command and its fields).
extensions.append("commands_reference")

# The API reference shows the signatures as written (pendulum.Date, not its expansion).
autodoc_typehints = "description"
autodoc_member_order = "groupwise"

root_doc = "index"
exclude_patterns = ["_build"]

myst_heading_anchors = 3

html_theme = "furo"
html_title = "gradingcore"
