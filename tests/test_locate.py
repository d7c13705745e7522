"""Byte offsets -> (line, column): the cursor that turns rapidyaml's spans into positions."""

from __future__ import annotations

import random

from apilint.documents.locate import LineIndex


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
