"""Which security schemes an operation requires: shared by `auth-errors-documented` and
`error-responses-documented`, which must agree on it to report an operation once.

Not a rule (no `@rule`).
"""

from __future__ import annotations

from apilint.documents.openapi import OpenAPI, Operation


def required_schemes(api: OpenAPI, operation: Operation) -> list[tuple[str, ...]]:
    """The ways an operation accepts a client, each the schemes it needs together: its own
    `security`, else the top-level one. Empty when it needs none (`security: []`) or
    authentication is optional (a `{}` alternative)."""
    requirements = operation.data.get("security", api.data.get("security"))
    if not isinstance(requirements, list) or not requirements:
        return []
    alternatives: list[tuple[str, ...]] = []
    for requirement in requirements:
        if not isinstance(requirement, dict):
            continue
        if not requirement:
            return []  # `{}`: anonymous access is one of the alternatives
        alternative = tuple(str(name) for name in requirement)
        if alternative not in alternatives:
            alternatives.append(alternative)
    return alternatives


def describe(alternatives: list[tuple[str, ...]]) -> str:
    """`bearer`, `apiKey + appId`, `one of BasicAuth, Token or OAuth2`: the list's entries are
    alternatives (any one will do), the schemes inside one entry are needed together."""
    ways = [" + ".join(alternative) for alternative in alternatives]
    if len(ways) == 1:
        return ways[0]
    return f"one of {', '.join(ways[:-1])} or {ways[-1]}"
