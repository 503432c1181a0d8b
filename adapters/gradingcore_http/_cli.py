"""``gradingcore serve`` and ``gradingcore tokens``: the HTTP API and its credentials.

They join the ``gradingcore`` tool through the entry point group ``gradingcore.cli``
(decision 0049): the HTTP adapter sits above the CLI, never the other way round.
"""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any

import click

from gradingcore import InvalidInput, Role, i18n, label, redact_store
from gradingcore_cli._errors import handle_errors
from gradingcore_cli._i18n import CATALOG, N_, _
from gradingcore_cli._store import emit, json_option, open_store, store_option
from gradingcore_http._tokens import TokenRegistry

#: uvicorn's lines of a start and a stop (its log messages, %-formatted) and ours for them.
UVICORN_LINES = {
    "Started server process [%d]": N_("Started server process [%d]"),
    "Started parent process [%d]": N_("Started parent process [%d]"),
    "Waiting for application startup.": N_("Waiting for the web app to start."),
    "Application startup complete.": N_("The web app has started."),
    "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)": N_(
        "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)"
    ),
    "Shutting down": N_("Shutting down"),
    "Waiting for application shutdown.": N_("Waiting for the web app to stop."),
    "Application shutdown complete.": N_("The web app has stopped."),
    "Finished server process [%d]": N_("Finished server process [%d]"),
    "Received SIGINT, exiting.": N_("Received SIGINT, exiting."),
    "Received SIGTERM, exiting.": N_("Received SIGTERM, exiting."),
    "Stopping parent process [%d]": N_("Stopping parent process [%d]"),
    "Terminated child process [%d]": N_("Terminated child process [%d]"),
    "Waiting for child process [%d]": N_("Waiting for child process [%d]"),
}
#: The lines uvicorn's supervisor writes with the process id already in them.
_WITH_PID = re.compile(r"^(?P<line>[A-Za-z ]+ process) \[(?P<pid>\d+)\]$")


class UvicornWords(logging.Filter):
    """Shows uvicorn's start and stop lines in the run's language (``serve --lang``): its
    worker processes configure logging from the dictionary given to uvicorn, this filter
    with the locale in it, since they do not see the CLI's choice."""

    def __init__(self, locale: str = "zh") -> None:
        super().__init__()
        self.locale = i18n.parse_locale(locale)

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str):
            return True
        found = _WITH_PID.match(record.msg) if not record.args else None
        if found and f"{found['line']} [%d]" in UVICORN_LINES:
            record.msg, record.args = f"{found['line']} [%d]", (int(found["pid"]),)
        if record.msg in UVICORN_LINES:
            record.msg = CATALOG.gettext(UVICORN_LINES[record.msg], self.locale)
            record.__dict__.pop("color_message", None)  # uvicorn's English, coloured
        return True


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes, all on the same store (PostgreSQL, or one SQLite file).",
)
@click.option(
    "--no-follow",
    "no_follow",
    is_flag=True,
    help="Do not keep the read models: another process on the same store does.",
)
@handle_errors
def serve(store: str, host: str, port: int, workers: int, no_follow: bool) -> None:
    """Serve the HTTP API and the pages (docs/http.md) with uvicorn. Credentials are API tokens
    from `gradingcore tokens issue`; the access log is one JSON line per request on stderr.
    One thread of this process keeps the read models for every worker."""
    import copy

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from gradingcore_http._views import Follower

    open_store(store).close()  # a missing SQLite file or a bad URL stops here, typed
    os.environ["GRADINGCORE_STORE"] = store  # each worker process opens the same store
    # Given to uvicorn, which configures logging in every worker process: the access log is
    # one JSON line per request on stderr, errors with their traceback (never to the client).
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["filters"] = {
        "words": {"()": f"{__name__}.UvicornWords", "locale": i18n.current_locale().value}
    }
    log_config["handlers"]["default"]["filters"] = ["words"]
    log_config["formatters"]["line"] = {"format": "%(message)s"}
    log_config["handlers"]["line"] = {
        "class": "logging.StreamHandler",
        "formatter": "line",
        "stream": "ext://sys.stderr",
    }
    log_config["loggers"]["gradingcore.http"] = {
        "handlers": ["line"],
        "level": "INFO",
        "propagate": False,
    }
    click.echo(
        _("serving {store} on http://{host}:{port} with {n} worker(s); CTRL+C stops").format(
            store=redact_store(store), host=host, port=port, n=workers
        ),
        err=True,
    )
    # The one writer of the views for all the workers (decision 0076); they only read them.
    # A second serve's follower waits for the store's follower lock (decision 0096).
    follower = None if no_follow else Follower(store)
    if follower is not None:
        follower.start()
    try:
        uvicorn.run(
            "gradingcore_http:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,  # ours is structured and names the actor (gradingcore.http.access)
            log_level="info",
            log_config=log_config,
        )
    finally:
        if follower is not None:
            follower.stop()


@click.group()
def tokens() -> None:
    """API tokens of the HTTP API: issued with a role and a scope, stored hashed."""


@tokens.command("issue")
@store_option
@click.option(
    "--role",
    required=True,
    type=click.Choice(
        ["enterprise", "organizing_unit", "authority", "review_team", "supervisor", "auditor"]
    ),
)
@click.option("--actor", "actor_id", required=True, help="The id commands are recorded under.")
@click.option("--name", default="", help="What the token is for (shown by list).")
@click.option(
    "--authority",
    type=click.Choice(["MEM", "province", "city"]),
    help="Which grading authority the actor is.",
)
@click.option("--region", default="", help="GB/T 2260 prefix of the regions it covers (41).")
@click.option(
    "--level",
    "levels",
    multiple=True,
    type=click.IntRange(1, 3),
    help="A level it handles; repeat for more (all when none).",
)
@click.option("--uscc", help="The enterprise's USCC (enterprise tokens).")
@click.option("--expert", "expert_id", help="The expert's id in review teams.")
@json_option
@handle_errors
def issue(
    store: str,
    role: str,
    actor_id: str,
    name: str,
    authority: str | None,
    region: str,
    levels: tuple[int, ...],
    uscc: str | None,
    expert_id: str | None,
    as_json: bool,
) -> None:
    """Issue a token and print it once: only its hash is stored."""
    registry = _registry(store)
    text, info = registry.issue(
        role=role,
        actor_id=actor_id,
        name=name,
        authority=authority,
        region=region,
        levels=levels,
        uscc=uscc,
        expert_id=expert_id,
    )
    if as_json:
        emit({"token": text, **_info(info)})
    else:
        click.echo(text)
        click.echo(
            _("token {id} for {actor} ({role}); keep it: it is not shown again").format(
                id=info.id, actor=actor_id, role=label(Role(role))
            ),
            err=True,
        )


def _registry(store: str) -> TokenRegistry:
    open_store(store).close()  # the store must exist: tokens live beside its cases
    return TokenRegistry(store)


def _info(info: Any) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "actor": info.actor_id,
        "role": info.role,
        "authority": info.authority or None,
        "region": info.region,
        "levels": [int(x) for x in info.levels.split(",") if x],
        "uscc": info.uscc or None,
        "expert": info.expert_id or None,
        "issued_at": info.issued_at.isoformat(),
        "revoked": info.revoked,
    }


@tokens.command("list")
@store_option
@json_option
@handle_errors
def list_tokens(store: str, as_json: bool) -> None:
    """Every token issued on the store (never a secret)."""
    found = [_info(i) for i in _registry(store).tokens()]
    if as_json:
        emit(found)
        return
    for t in found:
        # The scope as the options it was issued with (codes and values, not words).
        scope = " ".join(
            f"--{k} {v}" for k in ("authority", "region", "uscc", "expert") if (v := t[k])
        )
        state = _("REVOKED") if t["revoked"] else _("active")
        role = label(Role(t["role"]))
        click.echo(f"{t['id']}  {state:7}  {role:15} {t['actor']}  {scope}  {t['name']}")
    if not found:
        click.echo(_("no tokens"))


@tokens.command("revoke")
@click.argument("token_id")
@store_option
@json_option
@handle_errors
def revoke(token_id: str, store: str, as_json: bool) -> None:
    """Revoke the token TOKEN_ID (its id, from list): refused from the next request on."""
    if not token_id.strip():
        raise InvalidInput(
            _("give the token's id (`gradingcore tokens list`)"), facts={"field": "token_id"}
        )
    info = _registry(store).revoke(token_id)
    if as_json:
        click.echo(json.dumps({"revoked": info.id}))
    else:
        click.echo(_("revoked token {id}: refused from the next request on").format(id=info.id))


__all__ = ["serve", "tokens"]
