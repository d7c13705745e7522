"""
## What it does
Checks that path template variables and `in: path` parameters match. Every
`{name}` in a path needs an `in: path` parameter (on the path item or the
operation), every path parameter must appear in the template, and path
parameters must be `required: true`.

## Why is this bad?
A template variable without a parameter cannot be filled in by clients or
validated by servers; a path parameter that is not in the template can never be
sent. Both are errors under the OpenAPI Specification, and generated clients
either fail to compile or build wrong URLs.

Source: OpenAPI Specification, Paths Object ("path templating") and Parameter
Object (`required` "MUST be true" for path parameters).

## Example
    paths:
      /users/{userId}:
        get:
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}

## Use instead
    paths:
      /users/{userId}:
        get:
          parameters:
            - {name: userId, in: path, required: true, schema: {type: string}}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import ERROR, rule

_TEMPLATE_VARIABLE = re.compile(r"\{([^{}/]+)\}")


@rule("path-params-defined", severity=ERROR, format="openapi")
def path_params_defined(api: OpenAPI, options: dict) -> Iterator[Finding]:
    reported = set()  # a path-level parameter is shared by all operations: report it once
    for operation in api.operations:
        in_template = _TEMPLATE_VARIABLE.findall(operation.path)
        declared = {p.name: p for p in operation.parameters if p.location == "path"}
        for name in dict.fromkeys(in_template):
            if name not in declared:
                yield operation.node.finding(
                    f"{operation.label}: path variable {{{name}}} has no `in: path` parameter",
                    suggestion=f"add a parameter with name: {name}, in: path, required: true",
                )
        for name, parameter in declared.items():
            if parameter.written_at in reported:
                continue
            if name not in in_template:
                reported.add(parameter.written_at)
                yield parameter.written_at.finding(
                    f"path parameter {name!r} does not appear in the path template {operation.path}"
                )
            elif not parameter.required:
                reported.add(parameter.written_at)
                yield parameter.written_at.finding(f"path parameter {name!r} must be marked `required: true`")
