"""Finding cases: ``GET /cases?q=`` by USCC or enterprise name, within the caller's scope.

Each case is named by its first event (``CaseOpened``: key and enterprise), read from the
store's first row of each case; an enterprise sees only its own, a review team member none.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from gradingcore import CaseKey, Enterprise, GradingError, GradingService, Role
from gradingcore_http._cases import json_response, principal
from gradingcore_http._present import case_path
from gradingcore_http._principal import Principal, case_region

#: At most this many cases in one answer.
LIMIT = 100


def opened_cases(service: GradingService) -> list[tuple[CaseKey, Enterprise]]:
    """Every case's key and enterprise, in the order they were opened."""
    found = []
    for case_id in service.case_ids():
        try:
            found.append((service.key_of(case_id), service.state(case_id).enterprise))
        except GradingError:  # a history that no longer reads: verify names it
            continue
    return [(key, enterprise) for key, enterprise in found if key is not None]


def _visible(who: Principal, key: CaseKey, enterprise: Enterprise) -> bool:
    if who.role is Role.ENTERPRISE:
        return who.uscc == key.uscc
    if who.role is Role.REVIEW_TEAM:
        return False
    region = enterprise.region or case_region(key, None)
    return region.startswith(who.region)


def search(service: GradingService, who: Principal, q: str) -> list[dict[str, Any]]:
    q = q.strip().upper()
    out = []
    for key, enterprise in opened_cases(service):
        if not _visible(who, key, enterprise):
            continue
        if q and q not in str(key).upper() and q not in enterprise.name.upper():
            continue
        out.append(
            {
                "case": str(key),
                "uscc": str(key.uscc),
                "specialty": key.specialty,
                "enterprise": enterprise.name,
                "industry": enterprise.industry,
                "region": enterprise.region or key.uscc.region,
                "href": case_path(key),
            }
        )
        if len(out) == LIMIT:
            break
    return out


@get("/cases", name="cases")
async def directory(request: Request[Any, Any, Any]) -> Response[bytes]:
    who = principal(request)
    q = request.query_params.get("q", "")
    return json_response(search(request.app.state.service, who, q[:200]))


DIRECTORY = directory

__all__ = ["DIRECTORY", "opened_cases", "search"]
