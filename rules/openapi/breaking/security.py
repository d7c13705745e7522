"""Breaking-change rules for security requirements: what a client must present to call an
operation.

The differ gives each operation's effective requirements (its own `security`, or else the
document's), a list of alternatives: a client may satisfy any one of them (OR), and an
alternative asks for all its schemes (AND), each with its OAuth scopes. `[]` and `[{}]`
both ask for nothing."""

from __future__ import annotations

from typing import Iterator

from apilint.diff import Change
from apilint.finding import Finding
from apilint.registry import BREAKING, NON_BREAKING, rule

Requirement = dict[str, list[str]]  # scheme -> the scopes it needs, all of them


def _satisfies(alternative: Requirement, other: Requirement) -> bool:
    """Whether a client that presents `alternative` (those schemes, those scopes) meets `other`:
    `other` asks for a subset of its schemes, each with a subset of its scopes."""
    return all(scheme in alternative and set(scopes) <= set(alternative[scheme]) for scheme, scopes in other.items())


def _alternatives(requirements: list[Requirement]) -> list[Requirement]:
    return requirements or [{}]  # none listed: anyone may call


def _left_out(change: Change) -> list[Requirement]:
    """The old alternatives that no new alternative is met by: clients that authenticate that
    way are refused by the new version."""
    new = _alternatives(change.new_value)
    return [old for old in _alternatives(change.old_value) if not any(_satisfies(old, each) for each in new)]


def _same(change: Change) -> bool:
    """Whether both versions ask for the same, written in another order or form."""

    def canonical(requirements: list[Requirement]) -> set:
        return {frozenset((scheme, frozenset(scopes)) for scheme, scopes in each.items()) for each in requirements}

    return canonical(_alternatives(change.old_value)) == canonical(_alternatives(change.new_value))


def _shown(requirement: Requirement) -> str:
    if not requirement:
        return "no authentication"
    return " + ".join(f"{scheme} [{', '.join(scopes)}]" if scopes else scheme for scheme, scopes in requirement.items())


def _more_scopes(old: Requirement, new: list[Requirement]) -> list[tuple[str, list[str]]] | None:
    """When `old` falls short of the new requirements only by scopes: the closest new alternative
    (the same schemes) and the scopes each scheme now needs as well; None otherwise."""
    for alternative in new:
        if set(alternative) <= set(old):
            missing = [(s, sorted(set(scopes) - set(old[s]))) for s, scopes in alternative.items()]
            return [(scheme, scopes) for scheme, scopes in missing if scopes]
    return None


@rule("security-requirement-added", severity=BREAKING, format="openapi", changes=("security",))
def security_requirement_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation asks for authentication a client that called it before may not have: some way
    of authenticating that the old requirements accepted is no longer enough. Security
    requirements are alternatives (any one will do), each naming schemes that are all needed;
    an old alternative still works if some new alternative asks for a subset of its schemes.
    A scheme that now needs more OAuth scopes is `security-scope-added`.

    ## Why it matters
    Clients that authenticated the old way get 401 or 403: an operation that was public now
    needs an API key, or an alternative (`apiKey` or `oauth2`) was dropped, or a second scheme
    is needed on top of the first.

    Source: oasdiff `api-security-added` and `api-global-security-added` (oasdiff reports them as
    INFO; they refuse clients, so here they are breaking).

    ## Example
        # old                          # new
        security:                      security:
          - apiKey: []                   - oauth2: [read]
          - oauth2: [read]
    """
    new = _alternatives(change.new_value)
    for old in _left_out(change):
        if _more_scopes(old, new) is None:
            required = " or ".join(_shown(each) for each in new)
            yield change.finding(f"clients authenticating with {_shown(old)} are refused: it now needs {required}")


@rule("security-scope-added", severity=BREAKING, format="openapi", changes=("security",))
def security_scope_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation's security scheme needs more OAuth scopes than before, and no other
    alternative accepts the old token.

    ## Why it matters
    Tokens issued with the old scopes are refused (403 `insufficient_scope`): every client
    must ask its users to authorize again.

    Source: oasdiff `api-security-scope-added` and `api-global-security-scope-added` (INFO there;
    refused tokens make it breaking here).

    ## Example
        # old                          # new
        security:                      security:
          - oauth2: [read]               - oauth2: [read, admin]
    """
    new = _alternatives(change.new_value)
    for old in _left_out(change):
        for scheme, scopes in _more_scopes(old, new) or ():
            yield change.finding(f"{scheme} now needs scope{'s' * (len(scopes) > 1)} {', '.join(scopes)} as well")


@rule("security-requirement-removed", severity=NON_BREAKING, format="openapi", changes=("security",))
def security_requirement_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation accepts a way of authenticating it did not before, or asks for less (a
    scheme, a scope, or authentication at all dropped), and every old way still works.

    ## Why it matters
    Nothing breaks for clients. Listed for the changelog, and for a security review: an
    operation that needs no authentication any more may be a mistake.

    Source: oasdiff `api-security-removed`, `api-security-scope-removed`,
    `api-global-security-removed` and `api-global-security-scope-removed`.

    ## Example
        # old                          # new
        security:                      security:
          - oauth2: [read, admin]        - oauth2: [read]
    """
    if not _left_out(change) and not _same(change):
        new = " or ".join(_shown(each) for each in _alternatives(change.new_value))
        old = " or ".join(_shown(each) for each in _alternatives(change.old_value))
        yield change.finding(f"security relaxed: it needed {old}, now {new}")
