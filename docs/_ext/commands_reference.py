"""Sphinx extension: writes ``reference/commands.md`` from the command classes when a build
starts: every command a case accepts, by the name scenario files, imports and the CLI use, with
its fields, their types and defaults. Generated, never hand-copied; not kept in git.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import attrs

from gradingcore import commands

#: Where the page is written, relative to the documentation's source directory.
TARGET = Path("reference") / "commands.md"


def _type(tp: Any) -> str:
    text = tp if isinstance(tp, str) else getattr(tp, "__name__", None) or str(tp)
    return str(text).replace("gradingcore.", "").replace("typing.", "").replace("|", "\\|")


def _default(field: attrs.Attribute[Any]) -> str:
    if field.default is attrs.NOTHING:
        return "required"
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return "(computed)"
    value = field.default
    if isinstance(value, tuple) and len(value) > 3:
        return f"{len(value)} items"
    return f"`{value!r}`".replace("|", "\\|")


def page() -> str:
    envelope = {f.name: f for f in attrs.fields(commands.Command)}
    lines = [
        "# Commands",
        "",
        "Every command a case accepts (`gradingcore.commands`), by its name in scenario files,",
        "import files and the CLI. Each is decided by the handler registered for its class",
        "(`gradingcore.decide`). Text input (YAML, JSON, forms) is converted by",
        "`gradingcore.inputs`, which accepts ISO dates as text and levels, titles and degrees by",
        "number or name, and names the field of any value it cannot take.",
        "",
        "Every command has the envelope fields:",
        "",
        "| field | type | default |",
        "|---|---|---|",
    ]
    for name, field in envelope.items():
        lines.append(f"| `{name}` | {_type(field.type)} | {_default(field)} |")
    lines.append("")
    for name, cls in commands.COMMANDS.items():
        attrs.resolve_types(cls)
        doc = inspect.getdoc(cls) or ""
        own = [f for f in attrs.fields(cls) if f.name not in envelope]
        lines += [f"## `{name}`", "", f"`{cls.__name__}`" + (f": {doc}" if doc else ""), ""]
        if not own:
            lines += ["No fields of its own.", ""]
            continue
        lines += ["| field | type | default |", "|---|---|---|"]
        lines += [f"| `{f.name}` | {_type(f.type)} | {_default(f)} |" for f in own]
        lines.append("")
    return "\n".join(lines)


def _write(app: Any) -> None:
    target = Path(app.srcdir) / TARGET
    text = page()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
