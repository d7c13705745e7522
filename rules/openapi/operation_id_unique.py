"""
## What it does
Flags an `operationId` used by more than one operation.

## Why is this bad?
The OpenAPI Specification requires operationIds to be unique: code generators
name client methods after them, and links and documentation anchors refer to
them. A duplicate silently overwrites one method with another.

Source: OpenAPI Specification, Operation Object (`operationId` "MUST be unique").

## Example
    paths:
      /users:
        get: {operationId: listUsers}
      /admins:
        get: {operationId: listUsers}

## Use instead
    paths:
      /users:
        get: {operationId: listUsers}
      /admins:
        get: {operationId: listAdmins}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation
from apilint.finding import Finding
from apilint.registry import ERROR, rule


@rule("operation-id-unique", severity=ERROR, format="openapi")
def operation_id_unique(api: OpenAPI, options: dict) -> Iterator[Finding]:
    first_use: dict[str, Operation] = {}
    for operation in api.operations:
        operation_id = operation.operation_id
        if operation_id is None:
            continue
        if operation_id in first_use:
            original = first_use[operation_id]
            yield operation.node.child("operationId").finding(
                f"operationId {operation_id!r} is already used by {original.label}",
                related=[(original.node.child("operationId"), "first used here")],
            )
        else:
            first_use[operation_id] = operation
