"""The core never imports an adapter: checked by import-linter and by a plain scan of the source."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "src" / "gradingcore"

#: Top-level names the core must never import: every adapter package, present or planned.
ADAPTERS = frozenset({"adapters", "gradingcore_cli", "gradingcore_http", "gradingcore_pytest"})


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Yield (line, module name) for each absolute import in a parsed module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


class TestLayering:
    def test_import_linter_contracts_are_kept(self, capsys: pytest.CaptureFixture[str]) -> None:
        """import-linter finds every contract of pyproject.toml kept."""
        cli = pytest.importorskip(
            "importlinter.cli", reason="import-linter is in the lint group (nox -s lint runs it)"
        )
        status = cli.lint_imports(
            config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True
        )
        assert status == 0, capsys.readouterr().out

    def test_core_source_names_no_adapter(self) -> None:
        """No module under src/gradingcore has an import statement naming an adapter package."""
        sources = sorted(CORE.rglob("*.py"))
        assert sources, f"no Python source found under {CORE}"
        offending = [
            f"{path.relative_to(ROOT)}:{line}: {name}"
            for path in sources
            for line, name in imported_modules(ast.parse(path.read_text("utf-8"), str(path)))
            if name.partition(".")[0] in ADAPTERS
        ]
        assert offending == []

    def test_scan_sees_an_adapter_import(self) -> None:
        """The scan sees plain, dotted and from-imports, and leaves relative imports out."""
        tree = ast.parse(
            "import gradingcore_cli\nimport gradingcore_http.app as a\n"
            "from gradingcore_pytest import plugin\nfrom . import gradingcore_cli\n"
            "import gradingcore.values\n"
        )
        names = [name for _, name in imported_modules(tree)]
        assert names == [
            "gradingcore_cli",
            "gradingcore_http.app",
            "gradingcore_pytest",
            "gradingcore.values",
        ]
