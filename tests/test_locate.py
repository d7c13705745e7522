"""Locating findings: pointers -> byte spans (the locators) -> (line, column) (the LineIndex cursor).

Speed is asserted as work (bytes scanned, entries visited), never as time: see benchmarks/.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from apilint.cli import _source_lines
from apilint.config import Config
from apilint.documents.locate import ComposeLocator, LineIndex
from apilint.documents.source import SourceFile
from apilint.documents.structured import load_structured
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import run_apilint


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
    """Bytes that add up how much text `count` and `rfind` scan and slices copy."""

    scanned = 0

    def count(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        _MeteredBytes.scanned += max(0, end - start)
        return super().count(sub, start, end)

    def rfind(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        found = super().rfind(sub, start, end)
        _MeteredBytes.scanned += end - max(found, start)  # it searches back from the end
        return found

    def __getitem__(self, key):  # type: ignore[override]
        item = super().__getitem__(key)
        if isinstance(key, slice):
            _MeteredBytes.scanned += len(item)
        return item


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


@pytest.mark.parametrize("text", ["ascii", "non-ascii: é"])
def test_findings_on_one_long_line_scan_it_about_once(text: str) -> None:
    # A minified spec is one line: each column counted from the start of the line made
    # 15,000 findings in a 2 MB file take 7 s instead of 1 s.
    raw = _MeteredBytes(("{" + ",".join(f'"k{i}":"{text} {i}"' for i in range(3000)) + "}\n").encode())
    index = LineIndex(raw)
    _MeteredBytes.scanned = 0
    offsets = [i for i in range(0, len(raw) - 20, len(raw) // 1000)]
    for offset in offsets:
        for step in (offset, offset + 7, offset, offset + 7):
            index.position(step)
    assert _MeteredBytes.scanned <= 3 * len(raw)
    assert index.position(offsets[-1]) == _naive(raw, offsets[-1])


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["CR", "CRLF"])
def test_cr_and_crlf_break_lines_as_lf_does(newline: str) -> None:
    lf = "a: 1\nb:\n  é: 'x'\n\nc: [1,\n 2]\n".encode()
    raw = lf.replace(b"\n", newline.encode())
    index, reference = LineIndex(raw), LineIndex(lf)
    # The same character in both files, in any order.
    pairs = [(at, lf_at) for at, lf_at in zip(_non_break_offsets(raw), _non_break_offsets(lf))]
    random.Random(5).shuffle(pairs)
    for at, lf_at in pairs + sorted(pairs):
        assert index.position(at) == reference.position(lf_at), at


def _non_break_offsets(raw: bytes) -> list[int]:
    return [i for i, byte in enumerate(raw) if byte not in b"\r\n"]


_YAML_SPEC = """\
openapi: 3.0.3
info: {title: 'Ünïcode', version: '1'}
x-item: &item
  get:
    summary: "é"
    responses:
      '200': {description: ok}
paths:
  /a: *item
  /b:
    get:
      parameters:
        - name: q
          in: query
      responses:
        '200': {description: ok}
"""
# Behind the alias only PyYAML's composer can answer; the rest is rapidyaml's.
_POINTERS = [
    ("info", "title"),
    ("paths", "/a"),
    ("paths", "/a", "get", "summary"),
    ("paths", "/a", "get", "responses", "200"),
    ("paths", "/b", "get", "parameters", 0, "in"),
    ("paths", "/b", "get", "responses", "200", "description"),
]


@pytest.mark.parametrize("syntax", ["yaml", "json"])
@pytest.mark.parametrize("newline", ["\r", "\r\n", "\ufeff\n"], ids=["CR", "CRLF", "BOM"])
def test_findings_are_located_alike_whatever_the_line_breaks(syntax: str, newline: str) -> None:
    # Old Mac files (CR only) had every finding at line 1.
    text = _YAML_SPEC if syntax == "yaml" else json.dumps(_data(), indent=1, ensure_ascii=False)
    bom = "\ufeff" if newline.startswith("\ufeff") else ""
    lf = text.encode()
    raw = (bom + text.replace("\n", newline.lstrip("\ufeff"))).encode()
    path = Path(f"spec.{syntax}")
    located = SourceFile(path, raw, load_structured(raw, path.name)).locations(_POINTERS)
    expected = SourceFile(path, lf, load_structured(lf, path.name)).locations(_POINTERS)
    assert located == expected
    assert [location.line for location in located][:3] == ([2, 9, 5] if syntax == "yaml" else [4, 18, 20])


def _data():
    return load_structured(_YAML_SPEC.encode(), "spec.yaml").data


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


_TAB_AFTER_COLON = "openapi: 3.0.3\ninfo:\n  title:\tTabbed\n  version: '1'\npaths:\n  /getUsers:\n    get: {}\n"


def test_input_rapidyaml_rejects_leaves_stderr_empty_and_is_located(tmp_path: Path) -> None:
    # rapidyaml rejects a tab after a colon (valid YAML) and its C++ handler printed the error,
    # with a path on its build machine, to stderr before raising; PyYAML's composer answers.
    (tmp_path / "spec.yaml").write_text(_TAB_AFTER_COLON, encoding="utf-8")
    proc = run_apilint("check", "spec.yaml", "--select", "no-verb-in-path", "--format", "json", cwd=tmp_path, timeout=60)
    assert proc.stderr == ""
    assert proc.returncode == 0, proc
    [finding] = json.loads(proc.stdout)["findings"]
    assert (finding["line"], finding["column"]) == (6, 3)


@pytest.mark.parametrize(
    ("name", "text", "position"),
    [
        ("min.json", '{"openapi":"3.0.3","paths":{"/a":{"get":{}},"/b":{},"/a":{"put":{}}}}\n', (1, 53)),
        ("spec.yaml", "openapi: 3.0.3\npaths:\n  /a: {get: {}}\n  /b: {}\n  '/a':\n    put: {}\n", (5, 3)),
    ],
)
def test_a_repeated_key_is_reported_at_the_repeat_and_the_last_wins(
    tmp_path: Path, name: str, text: str, position: tuple[int, int]
) -> None:
    # Both entries have the pointer /paths/~1a: the finding carries the repeat's own span.
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_check([tmp_path / name], Config(), LoadOptions(), select=["duplicate-key"])
    [finding] = result.findings
    assert (finding.location.line, finding.location.column) == position
    assert finding.location.pointer == "/paths/~1a"
    assert load_structured(text.encode(), name).data["paths"] == {"/a": {"put": {}}, "/b": {}}


def test_report_snippets_count_lines_as_findings_do(tmp_path: Path) -> None:
    # Report snippets read the file again: its lines must be the ones LineIndex counts, so a
    # form feed or U+2028 inside a string (no line break to YAML 1.2 or JSON) must not shift them.
    raw = "a: 'form\ffeed'\rb: 'line\u2028separator'\r\nc: 3\n".encode()
    (tmp_path / "spec.yaml").write_bytes(raw)
    source_line = _source_lines()
    lines = LineIndex(raw)
    for text in ("a: ", "b: ", "c: "):
        line, _ = lines.position(raw.index(text.encode()))
        assert source_line(str(tmp_path / "spec.yaml"), line).startswith(text)
