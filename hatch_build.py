"""Hatch build hook: compile the gettext catalogs (.po -> .mo) into the wheel.

The ``.mo`` files are build output, not in git (.gitignore). They are written beside their
``.po`` so that an editable install (the development virtualenv) finds them too, and listed
as artifacts so that the wheel carries them although git ignores them. A catalog with an
error, or a translation marked fuzzy, fails the build instead of shipping a wrong message.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script (`python hatch_build.py`), where hatchling may be absent
    BuildHookInterface = object  # type: ignore[assignment,misc]


def catalog_directories(root: Path) -> list[Path]:
    """The ``locale`` directories of the domains in pyproject's [tool.gradingcore.catalogs]."""
    with (root / "pyproject.toml").open("rb") as file:
        domains = tomllib.load(file)["tool"]["gradingcore"]["catalogs"]
    return [root / domain["package"] / "locale" for domain in domains.values()]


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every ``<package>/locale/<locale>/LC_MESSAGES/<domain>.po``; return the .mo."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for directory in catalog_directories(root):
        for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as file:
                catalog = read_po(file, locale=po.parent.parent.name, domain=po.stem)
            problems = [
                f"{po}: {message.id!r}: {error}"
                for message, errors in catalog.check()
                for error in errors
            ]
            fuzzy = [f"{po}: {m.id!r} is fuzzy" for m in catalog if m.id and m.fuzzy]
            if problems or fuzzy:
                raise RuntimeError("\n".join(problems + fuzzy))
            mo = po.with_suffix(".mo")
            with mo.open("wb") as file:
                write_mo(file, catalog, use_fuzzy=False)
            written.append(mo)
    return written


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for mo in compile_catalogs(root):
            build_data["artifacts"].append("/" + mo.relative_to(root).as_posix())


if __name__ == "__main__":  # `python hatch_build.py`: compile in place, as the build does
    for mo in compile_catalogs(Path(__file__).resolve().parent):
        print(mo)
