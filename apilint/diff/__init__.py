"""Changes between two versions of an API description, for `apilint diff`.

A format's differ (`apilint/diff/<format>.py`) walks the old and the new document side
by side and reports what changed where, as `Change`s: a kind from its vocabulary, the
node on each side, the old and the new value. It decides nothing: whether a change
breaks clients, and how badly, is the call of the breaking-change rules
(`rules/<format>/breaking/`), each of which declares the kinds of change it classifies.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Iterator, Protocol

from apilint.finding import Finding, Node, Severity, operations_phrase

REQUEST, RESPONSE = "request", "response"  # what clients send, what they receive
# x-stability-level values, least stable first (oasdiff's convention); none given means stable.
STABILITY_LEVELS = ("draft", "alpha", "beta", "stable")


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new version.

    `old` is None for something added, `new` None for something removed (then `anchor` is
    the nearest place in the new version that still holds its parent: where a user writes
    `x-apilint-accept-breaking` for it). Values are the differ's: a kind says what they are."""

    kind: str
    old: Node | None
    new: Node | None
    old_value: Any = None
    new_value: Any = None
    side: str = ""  # REQUEST, RESPONSE, or "" for neither (a path, a server)
    subject: str = ""  # what changed, in words: "query parameter 'limit'", "property 'Customer.email'"
    within: str = ""  # for a schema's change: whose schema, "parameter", "body" or "header"
    operations: tuple[str, ...] = ()  # the operations it concerns: "GET /users"
    anchor: Node | None = None
    unstable: str = ""  # every operation it concerns has this x-stability-level or a lower one
    detail: Any = None  # what else a kind tells (see the differ's vocabulary)

    @property
    def where(self) -> str:
        """The operations it concerns, for a message: "GET /a", "GET /a and 3 other operations"."""
        return operations_phrase(self.operations)

    def finding(self, message: str, *, severity: Severity | None = None) -> Finding:
        """A finding for this change: at its new place, or at its old one for a removal, with the
        other version's place related; `operations` become its subjects (the changelog's groups)."""
        if self.new is not None:
            node, related = self.new, [(self.old, "in the old version")] if self.old is not None else []
        else:
            assert self.old is not None, "a change has a place in at least one version"
            node, related = self.old, [(self.anchor, "gone from here in the new version")] if self.anchor else []
        where = f" ({self.where})" if self.where else ""
        finding = node.finding(f"{message}{where}", severity=severity, related=related)
        finding.subjects = self.operations
        finding.suppress_at = self.new if self.new is not None else self.anchor
        return finding


class Differ(Protocol):
    def __call__(self, old: Any, new: Any) -> Iterator[Change]:
        """The changes from document `old` to document `new` (either may be None: a file that
        exists in one version only)."""


_DIFFERS = {"openapi": "apilint.diff.openapi"}  # format -> module with `changes(old, new)`


def differ_for(format_name: str) -> Differ | None:
    """The format's differ, imported on first use; None for a format apilint cannot diff yet."""
    module = _DIFFERS.get(format_name)
    return importlib.import_module(module).changes if module else None


def stability_rank(level: Any) -> int:
    """The position of an x-stability-level among STABILITY_LEVELS; anything else counts as stable."""
    return STABILITY_LEVELS.index(level) if level in STABILITY_LEVELS else len(STABILITY_LEVELS) - 1
