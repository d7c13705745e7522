"""
## What it does
Checks the document against the official OpenAPI JSON Schema for its version. The
schemas for 2.0, 3.0, 3.1 and 3.2 are the ones openapi-spec-validator ships; each
violation is reported at the node that breaks it.

## Why is this bad?
A description that does not follow the OpenAPI schema is read differently, or
not at all, by code generators, gateways and documentation tools. The error is
usually a typo: a misspelled key, a missing `description`, a wrong type.

Source: the OpenAPI Specification (spec.openapis.org), sections on each object.

## Example
    paths:
      /users:
        get:
          responses:
            "200": {}        # a Response Object requires `description`

## Use instead
    paths:
      /users:
        get:
          responses:
            "200":
              description: The users.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import ERROR, rule

_SCHEMA_DIRS = {"2.0": "v2.0", "3.0": "v3.0", "3.1": "v3.1", "3.2": "v3.2"}
_MAX_MESSAGE = 240


@rule("oas-schema-valid", severity=ERROR, format="openapi")
def oas_schema_valid(api: OpenAPI, options: dict) -> Iterator[Finding]:
    if api.version not in _SCHEMA_DIRS:
        found = api.data.get("openapi", api.data.get("swagger"))
        yield api.root.child("openapi" if "openapi" in api.data else "swagger").finding(
            f"unsupported OpenAPI version {found!r}; apilint reads 2.0, 3.0, 3.1 and 3.2"
        )
        return
    validator = _validator(api.version)
    if validator is None:
        return
    reported: set[tuple] = set()
    for error in validator.iter_errors(api.data):
        leaf = _most_specific(error)
        path = tuple(leaf.instance_path)
        if path in reported:
            continue
        reported.add(path)
        yield api.root.child(*path).finding(_message(leaf))


@lru_cache(maxsize=None)
def _validator(version: str) -> Any:
    import jsonschema_rs  # lazy: native, but only needed when this rule runs

    schema_file = _schemas_dir() / _SCHEMA_DIRS[version] / "schema.json"
    if not schema_file.is_file():
        return None
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    # Never fetch anything: every schema we need is local.
    return jsonschema_rs.validator_for(schema, retriever=_refuse_remote)


def _refuse_remote(uri: str) -> Any:
    raise ValueError(f"apilint does not fetch schema {uri}")


def _schemas_dir() -> Path:
    # Locate openapi-spec-validator's packaged schemas without importing the package
    # (its import alone takes ~280 ms).
    spec = find_spec("openapi_spec_validator")
    assert spec is not None and spec.submodule_search_locations, "openapi-spec-validator is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "schemas"


def _most_specific(error: Any) -> Any:
    """For oneOf/anyOf failures, the error inside the branch the author most likely meant."""
    branches = getattr(error.kind, "context", None) or []
    candidates = []
    for branch in branches:
        # The "it could also be a Reference Object" branch only ever says "$ref is required".
        if all(getattr(sub.kind, "name", "") == "required" and "$ref" in sub.message for sub in branch):
            continue
        candidates.extend(_most_specific(sub) for sub in branch)
    if not candidates:
        return error
    return max(candidates, key=lambda sub: len(sub.instance_path))


def _message(error: Any) -> str:
    message = " ".join(error.message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return message
