"""The typed view rules read: operations, parameters, request bodies, responses, schema types."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from apilint.documents.openapi import OpenAPI, OpenAPIFormat, SchemaType
from apilint.documents.workspace import LoadOptions, Workspace


def load(tmp_path: Path, text: str, **files: str) -> OpenAPI:
    for name, body in files.items():
        (tmp_path / name).write_text(textwrap.dedent(body))
    spec = tmp_path / "openapi.yaml"
    spec.write_text(textwrap.dedent(text))
    return OpenAPIFormat().load(spec, Workspace(LoadOptions()))


def test_operations_merge_path_parameters_and_follow_refs(tmp_path: Path) -> None:
    api = load(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /users/{id}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: string}}
              - {name: q, in: query, schema: {type: string}}
            patch:
              parameters:
                - {name: q, in: query, required: true, schema: {type: integer}}
              requestBody:
                $ref: "#/components/requestBodies/UserPatch"
              responses:
                "200": {$ref: "common.yaml#/Ok"}
                default: {description: error}
        components:
          requestBodies:
            UserPatch:
              content:
                application/merge-patch+json:
                  schema: {type: object}
        """,
        **{"common.yaml": "Ok:\n  description: fine\n"},
    )
    [operation] = api.operations
    assert (operation.label, operation.path_node.pointer) == ("PATCH /users/{id}", ("paths", "/users/{id}"))
    assert [(p.name, p.location, p.required) for p in operation.parameters] == [
        ("id", "path", True),
        ("q", "query", True),  # the operation's own q replaces the path-level one
    ]
    assert operation.request_body.media_types == ("application/merge-patch+json",)
    assert operation.request_body.node.pointer == ("components", "requestBodies", "UserPatch")
    assert operation.request_body.written_at.pointer[-1] == "requestBody"
    codes = {r.code: (r.node.source.path.name, r.data["description"]) for r in operation.responses}
    assert codes == {"200": ("common.yaml", "fine"), "default": ("openapi.yaml", "error")}


def test_swagger2_body_parameter_is_the_request_body(tmp_path: Path) -> None:
    api = load(
        tmp_path,
        """\
        swagger: "2.0"
        info: {title: t, version: "1"}
        consumes: [application/json]
        paths:
          /pets:
            post:
              parameters:
                - {name: pet, in: body, schema: {type: object}}
              responses: {"201": {description: created}}
        """,
    )
    [operation] = api.operations
    assert api.version == "2.0"
    assert operation.request_body.media_types == ("application/json",)
    assert operation.request_body.schema == {"type": "object"}


@pytest.mark.parametrize(
    ("version", "schema", "types", "nullable"),
    [
        ("3.0", {"type": "string", "nullable": True}, {"string"}, True),
        ("3.0", {"type": "string"}, {"string"}, False),
        ("3.0", {"type": ["string", "null"]}, {"string"}, False),  # not 3.0: null is no type there
        ("3.1", {"type": ["string", "null"]}, {"string"}, True),
        ("3.1", {"type": "string", "nullable": True}, {"string"}, False),  # `nullable` is gone in 3.1
        ("3.1", {"const": None}, set(), True),
        ("3.1", {}, set(), False),
        ("2.0", {"type": "integer", "x-nullable": True}, {"integer"}, True),
    ],
)
def test_schema_type_models_nullable_per_version(version, schema, types, nullable) -> None:
    assert SchemaType.of(schema, version) == SchemaType(frozenset(types), nullable)
