"""Locating findings: pointers -> byte spans (the locators) -> (line, column) (the LineIndex cursor).

Speed is asserted as work (bytes scanned, entries visited), never as time: see benchmarks/.
"""

from __future__ import annotations

import random

from apilint.documents.locate import ComposeLocator, LineIndex


def _naive(raw: bytes, offset: int) -> tuple[int, int]:
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


def test_positions_are_right_in_any_order() -> None:
    # Findings come in file order, but a finding's end and the next finding's start on the
    # same node step backwards: the cursor must move both ways without losing count.
    raw = "".join(f"key{i}: 'välue {i}'\n" for i in range(300)).encode()
    offsets = list(range(0, len(raw), 7))
    random.Random(3).shuffle(offsets)
    index = LineIndex(raw)
    for offset in offsets + sorted(offsets) + sorted(offsets, reverse=True):
        assert index.position(offset) == _naive(raw, offset), offset


def test_column_counts_characters_not_bytes() -> None:
    raw = "a: 'é'\nb: 'ü' c\n".encode()
    index = LineIndex(raw)
    assert index.position(raw.index(b"c")) == (2, 8)  # 7 characters, 8 bytes, before it
    assert index.position(raw.index(b"a")) == (1, 1)


class _MeteredBytes(bytes):
    """Bytes that add up how much text `count` scans."""

    scanned = 0

    def count(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        _MeteredBytes.scanned += max(0, end - start)
        return super().count(sub, start, end)


def test_findings_in_file_order_scan_the_file_about_once() -> None:
    # Two findings on one node: (start, end), then the same start again. Stepping back must
    # cost the step, not a recount from the top (that made a 4 MB spec take 70 ms more).
    raw = _MeteredBytes(b"".join(b"k%d: value\n" % i for i in range(2000)))
    index = LineIndex(raw)
    _MeteredBytes.scanned = 0
    for start in range(0, len(raw) - 10, len(raw) // 500):
        for offset in (start, start + 5, start, start + 5):
            index.position(offset)
    assert _MeteredBytes.scanned <= 2 * len(raw)


class _MeteredPairs(list):
    """A mapping node's (key, value) list that counts the pairs anyone iterates over."""

    visited = 0

    def __iter__(self):
        for pair in super().__iter__():
            _MeteredPairs.visited += 1
            yield pair


def test_aliased_path_items_are_located_without_rescanning_the_paths() -> None:
    # Findings behind aliases go to PyYAML's composer, which scanned a mapping's pairs once per
    # pointer: 20,000 aliased path items took 10-20 s.
    count = 2000
    raw = ("x-item: &item\n  get: {}\npaths:\n" + "".join(f"  /p{i}: *item\n" for i in range(count))).encode()
    locator = ComposeLocator(raw)
    paths = next(value for key, value in locator._root.value if key.value == "paths")
    paths.value = _MeteredPairs(paths.value)
    _MeteredPairs.visited = 0
    spans = [locator.span(("paths", f"/p{i}", "get")) for i in range(count)]
    assert _MeteredPairs.visited <= 2 * count
    assert raw[spans[-1][0] : spans[-1][1]] == b"get"  # the anchored item, written once
