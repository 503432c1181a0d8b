"""Executes the examples in README.md and docs/*.md (```python blocks) as tests, and pins the
suite's locale.

Each Markdown file runs top to bottom in one namespace, so a later block can use what an
earlier one defined. Shell sessions (```console) are documentation only; the command-line tool
is tested in tests/cli/.
"""

import pytest
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

from gradingcore.i18n import set_default_locale

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md", "decisions/*.md"],
    # Sybil's examples do not get autouse fixtures: ask for the locale pin by name.
    fixtures=["_english_unless_a_test_chooses"],
).pytest()


@pytest.fixture(autouse=True)
def _english_unless_a_test_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's assertions on wording are English (the message ids): every test runs with
    GRADINGCORE_LANG=en unless it sets another locale itself (docs/decisions/0060). The
    Chinese renderings are tested explicitly (tests/i18n/, docs/i18n.md); users get zh-CN."""
    monkeypatch.setenv("GRADINGCORE_LANG", "en")
    set_default_locale(None)
