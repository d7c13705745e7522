"""
## What it does
Checks the document against the official OpenAPI JSON Schema for its version. The
schemas for 2.0, 3.0, 3.1 and 3.2 are the ones openapi-spec-validator ships; each
violation is reported at the node that breaks it.

In OpenAPI 3, a response status code written as a YAML number (`200:` instead of
`"200":`) is a warning: the specification requires quotes, for the sake of JSON.
It is reported once per file, at the first such code, with the count: a file
written this way has it on every operation.

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
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Iterator

from apilint.documents.openapi import OpenAPI, Operation, Response
from apilint.documents.source import SourceFile
from apilint.errors import clipped
from apilint.finding import Finding
from apilint.registry import ERROR, WARNING, rule

_SCHEMA_DIRS = {"2.0": "v2.0", "3.0": "v3.0", "3.1": "v3.1", "3.2": "v3.2"}
_MAX_MESSAGE = 240
_MAX_NAMES = 5


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
    data, splices = api.bundled()
    reported: set[tuple] = set()
    for error in _errors(validator, data):
        for problem in _problems(error):
            if problem.path in reported:
                continue
            reported.add(problem.path)
            yield splices.origin(problem.path).finding(problem.message)
    if not api.is_swagger:
        yield from _unquoted_status_codes(api)


def _unquoted_status_codes(api: OpenAPI) -> Iterator[Finding]:
    """OAS 3 asks for status codes in quotes; YAML reads `200:` as a number, which tools that
    follow the specification to the letter reject. A warning: most tools accept it. One finding
    per file, at its first such code: a file written this way has it on every operation."""
    unquoted: dict[SourceFile, list[tuple[Response, Operation]]] = {}
    for operation in api.operations:
        for response in operation.responses:
            if isinstance(response.written_at.pointer[-1], int):
                unquoted.setdefault(response.written_at.source, []).append((response, operation))
    for found in unquoted.values():
        first, operation = found[0]
        others = f" (and {len(found) - 1} more in this file)" if len(found) > 1 else ""
        yield first.written_at.finding(
            f"response code {first.code} of {operation.label} is a YAML number{others}; OpenAPI 3 "
            "requires status codes to be strings",
            suggestion=f'quote every status code: "{first.code}":',
            severity=WARNING,
        )


def _errors(validator: Any, data: Any) -> list[Any]:
    try:
        return list(validator.iter_errors(data))
    except ValueError:
        # YAML keys such as `200:` load as ints; JSON Schema (and the validator) wants text.
        return list(validator.iter_errors(_with_text_keys(data)))


def _with_text_keys(data: Any) -> Any:
    """A copy with every mapping key as JSON would write it (200 -> "200", True -> "true")."""
    if isinstance(data, dict):
        return {_json_key(key): _with_text_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_with_text_keys(item) for item in data]
    return data


def _json_key(key: Any) -> str:
    return key if isinstance(key, str) else json.dumps(key)


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


@dataclass(frozen=True)
class _Problem:
    path: tuple  # instance path, pointing at the offending key where there is one
    message: str
    kind: str  # the JSON Schema keyword that failed
    allowed: tuple = ()  # for enum/const: the values that would have passed


def _problems(error: Any) -> list[_Problem]:
    """What to tell the author about one validation error.

    For oneOf/anyOf, the errors inside the branch the author most likely meant: a branch
    whose `enum`/`const` checks fail (`in: path` against the body-parameter branch) is
    the wrong shape, not a broken one; among the rest, the one with fewest problems
    wins. The "it could be a Reference Object" branch ("$ref is required") never does.
    When the branches are told apart by one value, say which values are allowed.
    """
    branches = getattr(error.kind, "context", None) or []
    scored = []
    for branch in branches:
        # The Reference Object branch: never what an author meant who wrote no $ref.
        if any(sub.kind.name == "required" and getattr(sub.kind, "property", None) == "$ref" for sub in branch):
            continue
        problems = [problem for sub in branch for problem in _problems(sub)]
        mismatched = any(problem.kind in ("enum", "const") for problem in problems)
        scored.append(((mismatched, len(problems)), problems))
    if not scored:
        return [_problem(error)]
    # One value tells the shapes apart (`in: path|query|header|cookie`): list them all.
    choices = [[p for p in problems if p.allowed] for _, problems in scored]
    if len(scored) > 1 and all(len(found) == 1 for found in choices):
        if len({found[0].path for found in choices}) == 1:
            allowed = [value for found in choices for value in found[0].allowed]
            instance = choices[0][0].message.split(" is not ", 1)[0]
            listing = ", ".join(json.dumps(value) for value in allowed)
            return [_Problem(choices[0][0].path, f"{instance} is not one of {listing}", "enum", tuple(allowed))]
    return min(scored, key=lambda item: item[0])[1]


def _problem(error: Any) -> _Problem:
    path = tuple(error.instance_path)
    kind = error.kind
    if kind.name == "additionalProperties" and getattr(kind, "unexpected", None):
        unexpected = list(kind.unexpected)
        names = ", ".join(repr(name) for name in unexpected[:_MAX_NAMES])
        if len(unexpected) > _MAX_NAMES:
            names += f" and {len(unexpected) - _MAX_NAMES} more"
        plural = "ies" if len(unexpected) > 1 else "y"
        return _Problem(path + (unexpected[0],), f"unexpected propert{plural} {names}", kind.name)
    if kind.name == "required" and getattr(kind, "property", None) is not None:
        return _Problem(path, f"missing required property {kind.property!r}", kind.name)
    allowed = tuple(getattr(kind, "options", None) or ())
    if kind.name == "const" and hasattr(kind, "expected_value"):
        allowed = (kind.expected_value,)
    message = clipped(" ".join(error.message.split()), _MAX_MESSAGE)
    return _Problem(path, message, kind.name, allowed)
