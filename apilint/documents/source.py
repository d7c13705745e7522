"""A loaded file: its bytes, its data, and positions on demand."""

from __future__ import annotations

import json
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from apilint.documents.locate import ComposeLocator, LineIndex, Locator, RapidYamlLocator, Span
from apilint.documents.structured import Parsed
from apilint.errors import printable
from apilint.finding import IgnoreMarker, Location, Node, Pointer, format_pointer


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, as users typed it; absolute otherwise.
    Bytes that are not UTF-8 are shown escaped, so every report format can write the name."""
    try:
        return printable(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return printable(str(path))


class SourceFile:
    """One YAML or JSON file: raw bytes, parsed data, and a lazy pointer -> position map."""

    def __init__(self, path: Path, raw: bytes, parsed: Parsed, ref_roots: tuple[Path, ...] = ()):
        self.path = path
        self.ref_roots = ref_roots  # directories this file's `$ref`s may read from
        self.raw = raw
        self.data = parsed.data
        self.syntax = parsed.syntax  # "yaml" or "json"
        self._json_text = parsed.json_text
        self._repeated_keys = parsed.repeated_keys
        self.display = display_path(path)
        self._built: dict[int, Locator | None] = {}
        self._spans: dict[Pointer, tuple[int, int] | None] = {}

    def __repr__(self) -> str:
        return f"SourceFile({self.display!r})"

    @property
    def root(self) -> Node:
        return Node(self, ())

    @cached_property
    def markers(self) -> tuple[list[tuple[Pointer, str]], list[tuple[Pointer, Any]]]:
        """(every `$ref` with its pointer, every `x-apilint-ignore` with its pointer).

        A walk over all the data (25 ms for a 4 MB spec): ask `ref_strings` or `ignores` first."""
        return scan_markers(self.data)

    @cached_property
    def ref_strings(self) -> frozenset[str]:
        """Every distinct `$ref` string in the file, literal example data included.

        Found by a text search of the file's JSON form where loading had one (15x faster
        than walking the data), so most rules never need the pointers of `markers`."""
        text = self._json_text
        if text is None or _ESCAPED_REF_LETTER.search(text):
            return frozenset(ref for _, ref in self.markers[0])
        if REF_KEY not in text:
            return frozenset()
        return frozenset(json.loads(literal) for literal in set(_REF_MEMBER.findall(text)))

    @property
    def ignores(self) -> list[tuple[Pointer, Any]]:
        """Every `x-apilint-ignore` with its pointer (a key spelled with escapes is not seen)."""
        return self.markers[1] if IGNORE_KEY.encode() in self.raw else []

    def ignore_markers(self, kind: str = "lint") -> list[IgnoreMarker]:
        """Each `x-apilint-ignore` (or for breaking changes, each `x-apilint-accept-breaking`):
        it covers the node it is written in."""
        if kind == "lint":
            key, found = IGNORE_KEY, self.ignores
        else:
            key = ACCEPT_KEY
            found = scan_markers(self.data, ACCEPT_KEY)[1] if ACCEPT_KEY.encode() in self.raw else []
        markers = []
        for pointer, value in found:
            entries = _ignore_entries(value)
            if entries is not None:
                entries = tuple((rule_id, reason, Node(self, pointer + below)) for rule_id, reason, below in entries)
            problem = f"{key} takes a rule id, a list of rule ids, or a mapping of rule ids to reasons"
            markers.append(IgnoreMarker(Node(self, pointer[:-1]), Node(self, pointer), key, entries, problem))
        return markers

    @property
    def repeated_keys(self) -> list[tuple[Node, Span]]:
        """Keys written again in a mapping that has them already: (node, byte span of the repeat).
        The node is the entry the data kept (the last); only the span says which one is meant."""
        return [(Node(self, pointer), span) for pointer, span in self._repeated_keys]

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.raw)

    def _locators(self) -> Iterator[Locator]:
        """rapidyaml first; PyYAML's composer (slow, the reference) only if rapidyaml cannot answer."""
        for index, factory in enumerate((RapidYamlLocator, ComposeLocator)):
            if index not in self._built:
                try:
                    self._built[index] = factory(self.raw)
                except Exception:  # noqa: BLE001 - a locator that cannot parse the file is skipped
                    self._built[index] = None
            if self._built[index] is not None:
                yield self._built[index]

    def _span(self, pointer: Pointer) -> tuple[int, int] | None:
        if pointer not in self._spans:
            span = None
            for locator in self._locators():
                try:
                    span = locator.span(pointer)
                except Exception:  # noqa: BLE001 - fall through to the next locator
                    span = None
                if span is not None:
                    break
            self._spans[pointer] = span
        return self._spans[pointer]

    def location(self, pointer: Pointer) -> Location:
        """Position of the node at `pointer`, or of its nearest ancestor that can be found."""
        return self.locations([pointer])[0]

    def locations(self, pointers: list[Pointer], spans: list[Span | None] | None = None) -> list[Location]:
        """Positions of many nodes, computed in file order so lines are counted in one pass.
        A span given for a pointer (bytes, from loading) places it where the pointer cannot."""
        given = spans or [None] * len(pointers)
        spans = [span or self._nearest_span(tuple(pointer)) for pointer, span in zip(pointers, given)]
        found: list[Location | None] = [None] * len(pointers)
        for index in sorted(range(len(pointers)), key=lambda i: spans[i][0] if spans[i] else -1):
            span = spans[index]
            if span is None:
                line = column = end_line = end_column = 1
            else:
                line, column = self.lines.position(span[0])
                end_line, end_column = self.lines.position(span[1])
            found[index] = Location(
                path=self.display,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                pointer=format_pointer(pointers[index]),
            )
        return found  # type: ignore[return-value]

    def _nearest_span(self, pointer: Pointer) -> tuple[int, int] | None:
        while True:
            span = self._span(pointer)
            if span is not None or not pointer:
                return span
            pointer = pointer[:-1]


REF_KEY = "$ref"
IGNORE_KEY = "x-apilint-ignore"
ACCEPT_KEY = "x-apilint-accept-breaking"  # the breaking changes `apilint diff` lets pass

# A `"$ref": "..."` member in JSON text. Inside a JSON string every quote is escaped, so a
# quote after `{`, `,` or blank opens a key: the search cannot match inside string values.
# It starts at the rare `$` and looks behind for the rest (4x faster than a leading lookbehind).
_REF_MEMBER = re.compile(r'\$ref"(?<=[{,\s]"\$ref")\s*:\s*("(?:[^"\\]|\\.)*")')
# JSON may spell a key with escapes ("\u0024ref"); then only the walk finds it.
_ESCAPED_REF_LETTER = re.compile(r"\\u00(?:24|72|65|66)")


def _ignore_entries(value: object) -> list[tuple[str, str, Pointer]] | None:
    """(rule id as written, reason, where below the key it is written); None for a value of
    no form x-apilint-ignore takes (an id, a list of ids, a mapping of ids to reasons)."""
    if isinstance(value, str):
        return [(value, "", ())]
    if isinstance(value, list):
        return [(str(item), "", (index,)) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return [(str(key), "" if reason is None else str(reason), (key,)) for key, reason in value.items()]
    return None


def scan_markers(
    data: Any, ignore_key: str = IGNORE_KEY
) -> tuple[list[tuple[Pointer, str]], list[tuple[Pointer, Any]]]:
    """One pass over a document: every `$ref` string and every `x-apilint-ignore` (or other
    `ignore_key`), with pointers.

    Iterative, so nesting depth never meets Python's recursion limit.
    """
    refs: list[tuple[Pointer, str]] = []
    ignores: list[tuple[Pointer, Any]] = []
    containers = (dict, list)
    stack: list[tuple[Any, Pointer]] = [(data, ())] if type(data) in containers else []
    pop, extend = stack.pop, stack.extend
    while stack:
        node, pointer = pop()
        if type(node) is dict:
            if REF_KEY in node and isinstance(node[REF_KEY], str):
                refs.append((pointer + (REF_KEY,), node[REF_KEY]))
            if ignore_key in node:
                ignores.append((pointer + (ignore_key,), node[ignore_key]))
            extend([(value, pointer + (key,)) for key, value in node.items() if type(value) in containers])
        else:
            extend([(value, pointer + (index,)) for index, value in enumerate(node) if type(value) in containers])
    return refs, ignores
