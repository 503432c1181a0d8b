"""Bearer API tokens, kept as event-sourced aggregates next to the cases (never the secret).

A token reads ``gct_<id>_<secret>``. The id names an :class:`ApiToken` aggregate; the aggregate
keeps the SHA-256 of the secret, the actor the token acts as and its scope. Checking a token
loads its aggregate (so a revocation takes effect at once in every worker) and compares the
digests with :func:`hmac.compare_digest`, in constant time.

Where the events live (decision 0046): on PostgreSQL in the same database as the cases, in
their own table (``apitokens_events``); on SQLite in a sibling file ``<store>.tokens`` (the
SQLite recorder has one table per file, and the cases' table is read whole by projections);
in memory, in the process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import Environment, get_topic

from gradingcore import USCC, Actor, InvalidInput, Level, Role
from gradingcore_cli._i18n import _
from gradingcore_http._principal import Principal

PREFIX = "gct"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(Aggregate):
    """One API token: whom it acts as, its scope, the digest of its secret, and whether it
    was revoked."""

    @event("Issued")
    def __init__(
        self,
        *,
        name: str,
        digest: str,
        actor_id: str,
        role: str,
        authority: str,
        region: str,
        levels: str,
        uscc: str,
        expert_id: str,
    ) -> None:
        self.name = name
        self.digest = digest
        self.actor_id = actor_id
        self.role = role
        self.authority = authority
        self.region = region
        self.levels = levels
        self.uscc = uscc
        self.expert_id = expert_id
        self.revoked = False

    @event("Revoked")
    def revoke(self) -> None:
        self.revoked = True

    def principal(self) -> Principal:
        return Principal(
            actor=Actor(self.actor_id, self.role, self.authority or None),
            region=self.region,
            levels=frozenset(Level(int(x)) for x in self.levels.split(",") if x),
            uscc=USCC(self.uscc) if self.uscc else None,
            expert_id=self.expert_id or None,
            credential=str(self.id),
        )


@attrs.frozen
class TokenInfo:
    """What ``tokens list`` shows of a token (never its secret or digest)."""

    id: str
    name: str
    actor_id: str
    role: str
    authority: str
    region: str
    levels: str
    uscc: str
    expert_id: str
    issued_at: datetime
    revoked: bool


def token_env(store: str) -> dict[str, str]:
    """eventsourcing's settings for the tokens of the case store ``store``: the same
    PostgreSQL database (the application's name gives its own table), a sibling SQLite file,
    or the process's memory."""
    if store in ("memory", ":memory:"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if store.startswith(("postgresql://", "postgres://")):
        url = urlsplit(store)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
        }
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": f"{store}.tokens"}


class TokenRegistry(Application[uuid.UUID]):
    """Issues, lists, revokes and checks API tokens, in an eventsourcing store."""

    name = "ApiTokens"

    def __init__(self, store: str) -> None:
        super().__init__(env=token_env(str(store)))

    def construct_env(self, name: str, env: Any = None) -> Any:
        return Environment(name, dict(env or {}))

    def issue(
        self,
        *,
        role: Role | str,
        actor_id: str,
        name: str = "",
        authority: str | None = None,
        region: str = "",
        levels: tuple[int, ...] = (),
        uscc: str | None = None,
        expert_id: str | None = None,
    ) -> tuple[str, TokenInfo]:
        """A new token: the text to hand over once, and what is stored about it."""
        try:
            actor = Actor(actor_id, role, authority or None)
        except ValueError as error:
            raise InvalidInput(
                _("not a role or authority: {error}").format(error=error),
                facts={"field": "role"},
            ) from None
        if not actor_id.strip():
            raise InvalidInput(
                _("a token needs the actor id its commands are recorded under"),
                facts={"field": "actor"},
            )
        if actor.role is Role.ENTERPRISE and not uscc:
            raise InvalidInput(
                _("an enterprise token needs the enterprise's --uscc"), facts={"field": "uscc"}
            )
        if actor.role is Role.REVIEW_TEAM and not expert_id:
            raise InvalidInput(
                _("a review team token needs the member's --expert id"),
                facts={"field": "expert"},
            )
        if actor.role is Role.SYSTEM:
            raise InvalidInput(_("no token acts as the system itself"), facts={"field": "role"})
        if region and not region.isdigit():
            raise InvalidInput(
                _("region {region} must be a GB/T 2260 code prefix (digits)").format(
                    region=repr(region)
                ),
                facts={"field": "region"},
            )
        checked = USCC(uscc) if uscc else None
        secret = secrets.token_urlsafe(32)
        token = ApiToken(
            name=name,
            digest=_digest(secret),
            actor_id=actor.id,
            role=actor.role.value,
            authority=actor.authority.value if actor.authority else "",
            region=region,
            levels=",".join(str(int(Level(n))) for n in sorted(set(levels))),
            uscc=str(checked) if checked else "",
            expert_id=expert_id or "",
        )
        self.save(token)
        return f"{PREFIX}_{token.id.hex}_{secret}", self._info(token)

    def revoke(self, token_id: str) -> TokenInfo:
        token = self._get(token_id)
        if not token.revoked:
            token.revoke()
            self.save(token)
        return self._info(token)

    def tokens(self) -> Iterator[TokenInfo]:
        topic = get_topic(ApiToken.Issued)  # type: ignore[attr-defined]
        for n in self.recorder.select_notifications(start=None, limit=2**62, topics=[topic]):
            yield self._info(self.repository.get(uuid.UUID(str(n.originator_id))))

    def principal(self, text: str) -> Principal | None:
        """The principal of a bearer token, or None (unknown, malformed, wrong or revoked)."""
        prefix, _sep, rest = text.partition("_")
        hex_id, _sep, secret = rest.partition("_")
        try:
            token_id = uuid.UUID(hex=hex_id) if prefix == PREFIX else None
        except ValueError:
            token_id = None
        token: ApiToken | None = None
        if token_id is not None:
            try:
                token = self.repository.get(token_id)
            except AggregateNotFoundError:
                token = None
        stored = token.digest if token is not None else _digest("")
        matches = hmac.compare_digest(stored, _digest(secret))
        if token is None or not matches or token.revoked:
            return None
        return token.principal()

    def _get(self, token_id: str) -> ApiToken:
        try:
            found: ApiToken = self.repository.get(uuid.UUID(token_id.strip()))
        except (ValueError, AggregateNotFoundError):
            raise InvalidInput(
                _("no API token {id}").format(id=repr(token_id)), facts={"field": "token_id"}
            ) from None
        return found

    @staticmethod
    def _info(token: ApiToken) -> TokenInfo:
        return TokenInfo(
            id=str(token.id),
            name=token.name,
            actor_id=token.actor_id,
            role=token.role,
            authority=token.authority,
            region=token.region,
            levels=token.levels,
            uscc=token.uscc,
            expert_id=token.expert_id,
            issued_at=token.created_on,
            revoked=token.revoked,
        )


__all__ = ["ApiToken", "TokenInfo", "TokenRegistry", "token_env"]
