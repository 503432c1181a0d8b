"""Authentication: who a request comes from. Pluggable (docs/http.md, "Your own identity
provider").

An :data:`Authenticator` is any callable from the request's headers (lower-case names) to a
:class:`Principal`, or None when the request carries no valid credential. The app ships
:class:`BearerTokens` (``Authorization: Bearer gct_…``, tokens from ``gradingcore tokens``); a
host system passes its own, e.g. one that checks a signed header set by its gateway.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from gradingcore_http._principal import Principal
from gradingcore_http._tokens import TokenRegistry

#: The hook: request headers (lower-case names) to the caller, or None.
Authenticator = Callable[[Mapping[str, str]], Principal | None]


class BearerTokens:
    """``Authorization: Bearer <token>`` checked against the token registry."""

    def __init__(self, registry: TokenRegistry) -> None:
        self.registry = registry

    def __call__(self, headers: Mapping[str, str]) -> Principal | None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.registry.principal(token.strip())


def chain(*authenticators: Authenticator) -> Authenticator:
    """The first authenticator that recognizes the request wins (e.g. tokens, then SSO)."""

    def authenticate(headers: Mapping[str, str]) -> Principal | None:
        for authenticator in authenticators:
            found = authenticator(headers)
            if found is not None:
                return found
        return None

    return authenticate


__all__ = ["Authenticator", "BearerTokens", "chain"]
