"""Executes the examples in README.md and docs/*.md (```python blocks) as tests.

Each Markdown file runs top to bottom in one namespace, so a later block can use what an
earlier one defined. Shell sessions (```console) are documentation only; the command-line tool
is tested in tests/cli/.
"""

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md", "decisions/*.md"],
).pytest()
