"""Development sessions. ``nox`` alone runs the tests; ``nox -s lint typecheck docs`` the checks.

Every session runs on the interpreter nox itself runs on (no ``python=`` pinning), so a machine
with any Python >= 3.11 works, and installs what it needs from pyproject.toml's extras and
dependency groups into its own virtual environment under ``.nox/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.needs_version = ">=2024.10"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _groups(*names: str) -> tuple[str, ...]:
    """The requirements of the named dependency groups of pyproject.toml."""
    return nox.project.dependency_groups(PYPROJECT, *names)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, including the examples in README.md and docs/ (Sybil)."""
    # The environment passes through (nox's default): GRADINGCORE_TEST_POSTGRES_URL, set by
    # .ci/run, names the PostgreSQL the tests use; without it the suite starts a throwaway
    # server from the installed binaries (tests/_postgres.py), and only where there are none
    # are the PostgreSQL tests skipped, -ra saying how to install one (decision 0033).
    session.install(".[all]", *_groups("test"))
    session.run("pytest", "--cov", "--cov-report=term", "-ra", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting (ruff) and the layering contract (import-linter)."""
    session.install(*_groups("lint"))
    # The layering contract first: a style error must not hide a broken architecture.
    # import-linter reads the source tree directly: nothing to install but the linter.
    session.run(
        "lint-imports",
        "--no-cache",
        env={"PYTHONPATH": os.pathsep.join(["src", "adapters"])},
    )
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the core and the adapters with mypy --strict (configured in pyproject.toml)."""
    session.install(".[all]", *_groups("lint", "test"))
    session.run("mypy", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML documentation, failing on any warning."""
    # The ```python examples in docs/*.md are executed by the tests session (Sybil), not here.
    session.install(".[all]", *_groups("docs"))
    # -E rereads every page: an incremental build would not repeat an unchanged page's warnings.
    session.run(
        "sphinx-build", "-W", "--keep-going", "-E", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session
def demo(session: nox.Session) -> None:
    """The main job: simulate a small province into a SQLite file (province.db), then print its
    cases by status, level and industry, and one case's timeline. Rerunning records nothing new:
    the simulation's command ids are deterministic."""
    session.install(".[all]")
    session.run(
        "gradingcore",
        "simulate",
        "--enterprises",
        "500",
        "--years",
        "3",
        "--seed",
        "2026",
        "--store",
        "province.db",
        *session.posargs,
    )


@nox.session(default=False)
def i18n(session: nox.Session) -> None:
    """Extract the messages of each gettext domain into its template (.pot) and merge it into
    the .po files (docs/i18n.md); ``nox -s i18n -- compile`` compiles the .mo in place, as the
    build does. Translate the new entries, then run the tests (tests/i18n/ checks coverage)."""
    session.install(".[all]", "Babel>=2.14")
    if session.posargs[:1] == ["compile"]:
        session.run("python", "hatch_build.py")
        return
    for domain, spec in PYPROJECT["tool"]["gradingcore"]["catalogs"].items():
        locale_dir = f"{spec['package']}/locale"
        template = f"{locale_dir}/{domain}.pot"
        keywords = [arg for keyword in spec["keywords"] for arg in ("-k", keyword)]
        source = spec["package"]
        if "source" in spec:  # an installed package's messages (click's), not ours
            source = session.run(
                "python", "-c", f"import {spec['source']}, os; "
                f"print(os.path.dirname({spec['source']}.__file__))", silent=True,
            ).strip()  # fmt: skip
        session.run(
            "pybabel", "extract", "-F", "babel.cfg", *keywords, "--no-location",
            "--sort-output", "--add-comments=Translators:", "--project=gradingcore",
            "--copyright-holder=gradingcore developers", "-o", template, source,
            *spec.get("extra", []),
        )  # fmt: skip
        if not Path(locale_dir, "zh_CN", "LC_MESSAGES", f"{domain}.po").exists():
            session.run("pybabel", "init", "-D", domain, "-i", template, "-d", locale_dir,
                        "-l", "zh_CN")  # fmt: skip
        session.run(
            "pybabel", "update", "-D", domain, "-i", template, "-d", locale_dir,
            "--no-fuzzy-matching", "--ignore-obsolete", "--width=100",
        )  # fmt: skip


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks (not part of the tests): every path against bare eventsourcing, as ratios
    measured in one run; writes benchmarks/results.json and docs/performance.md.
    The province is run at the sizes issue 9 judges (10,000, 30,000 and 100,000 enterprises x 3
    years; about 11 minutes in all); ``nox -s bench -- --quick`` for small sizes."""
    session.install(".[all]", *_groups("bench"))
    session.run("python", "benchmarks/bench.py", *session.posargs)
    # The read models' catch-up against the bare decoded log read (docs/readmodels.md), its
    # own JSON result beside results.json; ``--enterprises 30000`` for the province.
    session.run(
        "python", "benchmarks/readmodels.py",
        "--output", "benchmarks/readmodels.json", "--docs", "docs/readmodels.md",
    )  # fmt: skip
