"""
## What it does
Flags a `$ref` that leads nowhere. That is a file that does not exist, a JSON
pointer with nothing at it, references that only point at each other, or a
remote reference that was not fetched (remote `$ref`s are read only with
`--allow-remote-refs`).

## Why is this bad?
Every tool that reads the description stops at a broken reference, or worse,
silently drops the schema, parameter or response it was meant to bring in.

Source: OpenAPI Specification, Reference Object; RFC 6901 (JSON Pointer).

## Example
    responses:
      "404":
        $ref: "#/components/responses/NotFound"   # not defined

## Use instead
    components:
      responses:
        NotFound:
          description: No such resource.
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.documents.workspace import RefCycleError, RefError
from apilint.finding import Finding
from apilint.registry import ERROR, rule


@rule("no-unresolved-ref", severity=ERROR, format="openapi")
def no_unresolved_ref(api: OpenAPI, options: dict) -> Iterator[Finding]:
    workspace = api.workspace
    for source in api.reachable_sources():
        # Each distinct ref is checked once (Kubernetes writes 819 refs 9,851 times). Refs
        # within the file need no position to check, so the file is walked for the places
        # they are written only when one is broken; refs to other files always are, since
        # reading another file needs the place that asks (to report a forbidden path there).
        suspects = {
            ref
            for ref in source.ref_strings
            if not ref.startswith("#") or _problem(workspace, ref, source.root) is not None
        }
        if not suspects:
            continue
        outcome: dict[str, str | None] = {}
        for at_ref, ref in api.ref_sites(source):
            if ref not in suspects:
                continue
            if ref not in outcome:
                outcome[ref] = _problem(workspace, ref, at_ref)
            if outcome[ref] is not None:
                yield at_ref.finding(outcome[ref])


def _problem(workspace, ref: str, at_ref) -> str | None:
    try:
        target = workspace.resolve(ref, at_ref)
    except RefError as error:
        return str(error)
    try:
        workspace.follow(target)
    except RefCycleError as error:
        return str(error)
    except RefError:
        pass  # a later hop is broken: reported at that $ref, not at every one leading to it
    return None
