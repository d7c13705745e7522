"""docs/oasdiff-coverage.md and the breaking-change rules say the same thing: a row's apilint
column lists exactly the rules whose `Source: oasdiff ...` line names that oasdiff id, and a
row no rule covers says why.

A rule cites an oasdiff id by writing it, in backticks, in a Source paragraph that starts
`Source: oasdiff` (rules that have no oasdiff counterpart start theirs `Source: apilint` or
`Source: no oasdiff check`, and may mention oasdiff ids there without claiming them). Every
hyphenated name in backticks there must be a row of the page, so a shorthand (`-max-set`) or a
misspelt id fails."""

from __future__ import annotations

import re
from collections import Counter

from apilint.registry import BREAKING_CHANGE, all_rules
from tests.conftest import REPO

PAGE = (REPO / "docs" / "oasdiff-coverage.md").read_text(encoding="utf-8")
_ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (ERR|WARN|INFO) \| (.*?) \| (.*?) \|$", re.MULTILINE)
_OASDIFF_SOURCE = re.compile(r"^Source: (oasdiff\b.*?)(?:\n\n|\Z)", re.DOTALL | re.MULTILINE)

ROWS = _ROW.findall(PAGE)  # (oasdiff id, level, apilint ids, note)


def _listed(column: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", column))


def _cited() -> dict[str, set[str]]:
    """oasdiff id -> the breaking-change rules whose Source line names it."""
    cited: dict[str, set[str]] = {}
    for rule in all_rules(BREAKING_CHANGE):
        source = _OASDIFF_SOURCE.search(rule.docs)
        for name in re.findall(r"`([^`]+)`", source.group(1)) if source else ():
            if "-" in name:  # `allOf`, `const`, `required` are keywords, not ids
                cited.setdefault(name, set()).add(rule.id)
    return cited


def test_every_row_is_read() -> None:
    lines = [line for line in PAGE.splitlines() if line.startswith("| `")]
    assert len(ROWS) == len(lines) > 500  # a malformed row would be skipped silently


def test_no_oasdiff_id_appears_twice() -> None:
    twice = [name for name, count in Counter(row[0] for row in ROWS).items() if count > 1]
    assert not twice


def test_every_id_a_rule_cites_is_a_row() -> None:
    rows = {row[0] for row in ROWS}
    unknown = {name: rules for name, rules in _cited().items() if name not in rows}
    assert not unknown, "Source lines name ids that are not oasdiff ids (write them in full)"


def test_the_apilint_column_lists_exactly_the_rules_that_cite_the_id() -> None:
    documented = {row[0]: _listed(row[2]) for row in ROWS if _listed(row[2])}
    cited = _cited()
    assert {name: rules for name, rules in cited.items() if documented.get(name) != rules} == {}
    assert {name: rules for name, rules in documented.items() if cited.get(name) != rules} == {}


def test_every_row_no_rule_covers_says_why() -> None:
    silent = [row[0] for row in ROWS if not _listed(row[2]) and not row[3].strip()]
    assert not silent
