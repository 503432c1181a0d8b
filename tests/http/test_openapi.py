"""The served OpenAPI document: complete (every field described, every command there), and
schemathesis against it: no server error, every response as the document says."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gradingcore import commands  # noqa: E402
from gradingcore_http._convert import structure  # noqa: E402
from tests.http.conftest import Server  # noqa: E402

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _undocumented(node: Any, where: str = "") -> list[str]:
    """Every property of every schema without a description."""
    missing = []
    if isinstance(node, dict):
        for name, schema in (node.get("properties") or {}).items():
            if isinstance(schema, dict) and "description" not in schema and "$ref" not in schema:
                missing.append(f"{where}/{name}")
        for key, value in node.items():
            missing.extend(_undocumented(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing.extend(_undocumented(value, f"{where}/{i}"))
    return missing


def test_the_document_is_complete(server: Server) -> None:
    document = server.client().get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert _undocumented(document) == []
    posts = {op["post"]["operationId"] for op in document["paths"].values() if "post" in op}
    assert posts == {f"command_{step}" for step in commands.COMMANDS}
    apply = document["paths"]["/cases/{uscc}/{specialty}/apply"]["post"]
    body = apply["requestBody"]["content"]["application/json"]
    assert body["schema"]["required"] == ["level"]
    assert body["example"] == {"on": "2024-09-23", "level": 2}
    for step in commands.COMMANDS:
        path = "/cases/{uscc}/{specialty}/" + step.replace("_", "-")
        content = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert "example" in content, step
        structure(step, content["example"])  # each example is a body the API takes
    for path in document["paths"].values():
        for operation in path.values():
            assert operation["summary"], operation["operationId"]
            assert "default" in operation["responses"]


def test_the_api_keeps_its_document(server: Server) -> None:
    """Each operation with a few generated requests (bounded: the whole run stays short)."""
    api = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    headers = {"Authorization": f"Bearer {server.tokens['henan']}"}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > len(commands.COMMANDS)
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=3,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def keeps(case: Any) -> None:
            response = case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS)
            statuses.append(response.status_code)

        keeps()
    assert len(statuses) >= 2 * len(operations)
    assert {200, 404, 422} <= set(statuses), sorted(set(statuses))
