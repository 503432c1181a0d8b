"""What the auditor's commands share: the ``--store`` option, finding a case, JSON output."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import click

from gradingcore import (
    USCC,
    CaseKey,
    CaseNotFound,
    GradingService,
    InvalidInput,
    StoreUnavailable,
    redact_store,
)
from gradingcore_cli._i18n import _

F = TypeVar("F", bound=Callable[..., Any])

#: The store the auditor's commands read when none is given (the library's SQLite default).
DEFAULT_STORE = "cases.db"

#: Exit status when a check finds a breach or a verification finds a broken chain.
EXIT_FINDINGS = 1


def store_option(func: F) -> F:
    return click.option(
        "--store",
        default=DEFAULT_STORE,
        show_default=True,
        envvar="GRADINGCORE_STORE",
        help="A SQLite file or a postgresql:// URL (env GRADINGCORE_STORE).",
    )(func)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")


def shown(store: str) -> str:
    """The store as it may be printed: a URL's password replaced by ``***``."""
    return redact_store(store)


def emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def open_store(store: str) -> GradingService:
    """The service on ``store``; a SQLite file must exist (reading never creates one)."""
    if not store.startswith(("postgresql://", "postgres://")) and store != "memory":
        from pathlib import Path

        if not Path(store).is_file():
            if Path(store).is_dir():
                text = _("store {store} is a directory: give --store (a SQLite file or a URL)")
            else:
                text = _("store {store} does not exist: give --store (a SQLite file or a URL)")
            raise StoreUnavailable(text.format(store=repr(store)), store=store)
    return GradingService(store)


def resolve(service: GradingService, text: str) -> UUID:
    """A case id from ``USCC``, ``USCC/specialty`` or the case's UUID. A bare USCC finds the
    enterprise's case when it has only one specialty."""
    text = text.strip()
    try:
        case_id = UUID(text)
    except ValueError:
        pass
    else:
        _exists(service, case_id, text)
        return case_id
    uscc_text, _slash, specialty = text.partition("/")
    uscc = USCC(uscc_text)  # a mistyped USCC stops here with the library's message
    if specialty:
        key = CaseKey(uscc, specialty)
        _exists(service, key.case_id, str(key))
        return key.case_id
    found = service.cases_of(uscc)
    if not found:
        raise CaseNotFound(_("no grading case for {uscc}").format(uscc=uscc))
    if len(found) > 1:
        names = ", ".join(str(k) for k in found)
        raise InvalidInput(
            _("{uscc} has several cases: name one of {names}").format(uscc=uscc, names=names)
        )
    return found[0].case_id


def _exists(service: GradingService, case_id: UUID, name: str) -> None:
    if not service.exists(case_id):
        raise CaseNotFound(_("no grading case {name}").format(name=name))


def case_argument(func: F) -> F:
    return click.argument("case", metavar="CASE")(func)
