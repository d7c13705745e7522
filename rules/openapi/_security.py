"""Which security schemes an operation requires: shared by `auth-errors-documented` and
`error-responses-documented`, which must agree on it to report an operation once.

Not a rule (no `@rule`).
"""

from __future__ import annotations

from apilint.documents.openapi import OpenAPI, Operation


def required_schemes(api: OpenAPI, operation: Operation) -> list[str]:
    """The schemes an operation needs: its own `security`, else the top-level one.
    Empty when it needs none (`security: []`) or authentication is optional (a `{}` alternative)."""
    requirements = operation.data.get("security", api.data.get("security"))
    if not isinstance(requirements, list) or not requirements:
        return []
    schemes: list[str] = []
    for requirement in requirements:
        if not isinstance(requirement, dict):
            continue
        if not requirement:
            return []  # `{}`: anonymous access is one of the alternatives
        schemes.extend(str(name) for name in requirement if str(name) not in schemes)
    return schemes
