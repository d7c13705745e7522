"""The typed view rules read: operations, parameters, request bodies, responses, schema types."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from apilint.documents.openapi import OpenAPI, OpenAPIFormat, SchemaType, path_segments
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


def test_response_accessors_and_schema_properties(tmp_path: Path) -> None:
    api = load(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /orders/{id}:
            get:
              parameters:
                - {name: If-None-Match, in: header, schema: {type: string}}
              responses:
                "200":
                  description: ok
                  headers: {ETag: {schema: {type: string}}}
                  content:
                    text/plain: {schema: {type: string}}
                    application/json: {schema: {$ref: "#/components/schemas/Order"}}
                4XX: {description: client error}
        components:
          schemas:
            Base:
              properties:
                id: {type: string}
                parent: {$ref: "#/components/schemas/Order"}
            Order:
              allOf:
                - $ref: "#/components/schemas/Base"
                - properties:
                    total: {type: number}
        """,
    )
    [operation] = api.operations
    ok = operation.response(200)
    assert (ok.status, operation.response("4XX").status) == (200, None)
    assert list(ok.headers) == ["etag"]
    assert ok.media_types == ("text/plain", "application/json")
    assert ok.schema_node.pointer[-3:] == ("content", "application/json", "schema")
    assert operation.parameter("if-none-match", "header").name == "If-None-Match"
    assert [(s.text, s.is_template) for s in operation.segments] == [("orders", False), ("{id}", True)]
    properties = api.properties(ok.schema_node)
    assert sorted(properties) == ["id", "parent", "total"]  # allOf merged, the cycle through parent is harmless
    assert properties["id"][0].pointer == ("components", "schemas", "Base", "properties", "id")


@pytest.mark.parametrize(
    ("segment", "parts"),
    [
        ("messages.delete", ("messages", "delete")),
        ("admin.users.create", ("admin", "users", "create")),
        ("chat.postMessage", ("chat", "postMessage")),
        ("apps.k8s.io", ()),
        ("api.example.com", ()),
        ("Calls.json", ()),
        ("{Sid}.json", ()),
        ("2.0", ()),
        ("users", ()),
    ],
)
def test_method_parts_split_rpc_names_but_not_domains_or_files(segment: str, parts: tuple[str, ...]) -> None:
    assert path_segments(f"/{segment}")[0].method_parts == parts
