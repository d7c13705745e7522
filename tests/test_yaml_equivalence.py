"""The fast YAML path (yaml-rs plus a YAML 1.1 detector) must load exactly what PyYAML does.

apilint.documents.structured promises PyYAML SafeLoader semantics (YAML 1.1, dates kept
as strings) at yaml-rs speed: files that might read differently under YAML 1.2 are sent
to the reference loader. These tests compare `load_structured` with `load_reference_yaml`
on every YAML file of the shared corpus and on snippets where YAML 1.1 and 1.2 disagree,
by `==` and by `repr` (so 1 vs 1.0 vs True, or key order, also count as differences).
"""

from __future__ import annotations

import time

import pytest

from apilint.documents import structured
from apilint.documents.structured import load_reference_yaml, load_structured
from apilint.errors import InputError
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"


def _load_both(raw: bytes, path: str):
    """(fast, reference): each the loaded data, or ("error", message) for an InputError."""
    try:
        fast = load_structured(raw, path).data
    except InputError as error:
        fast = ("error", str(error))
    try:
        reference = load_reference_yaml(raw.decode("utf-8-sig"), path)
    except InputError as error:
        reference = ("error", str(error))
    return fast, reference


def _same(fast, reference) -> bool:
    if isinstance(fast, tuple) and fast[:1] == ("error",):
        # Both rejecting the input is agreement; the wording may differ.
        return isinstance(reference, tuple) and reference[:1] == ("error",)
    return fast == reference and repr(fast) == repr(reference)


def _first_difference(a, b, where: str = "") -> str:
    """A short description of where two loaded documents first differ."""
    if type(a) is not type(b):
        return f"{where or '/'}: {a!r:.80} ({type(a).__name__}) != {b!r:.80} ({type(b).__name__})"
    if isinstance(a, dict):
        if list(a) != list(b):
            only_a = [k for k in a if k not in b][:3]
            only_b = [k for k in b if k not in a][:3]
            if not only_a and not only_b:
                return f"{where or '/'}: same keys in a different order"
            return f"{where or '/'}: keys only in fast {only_a!r}, only in reference {only_b!r}"
        for key in a:
            if repr(a[key]) != repr(b[key]) or a[key] != b[key]:
                return _first_difference(a[key], b[key], f"{where}/{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where or '/'}: {len(a)} items != {len(b)} items"
        for index, (x, y) in enumerate(zip(a, b)):
            if repr(x) != repr(y) or x != y:
                return _first_difference(x, y, f"{where}/{index}")
    return f"{where or '/'}: {a!r:.80} != {b!r:.80}"


# -- the corpus ---------------------------------------------------------------------------


def test_every_corpus_yaml_file_loads_exactly_as_pyyaml():
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    assert files, f"no YAML files under {CORPUS}"
    mismatches = []
    started = time.monotonic()
    for path in files:
        raw = path.read_bytes()
        fast, reference = _load_both(raw, str(path))
        if not _same(fast, reference):
            if isinstance(fast, tuple) or isinstance(reference, tuple):
                detail = f"fast={fast!r:.120} reference={reference!r:.120}"
            else:
                detail = _first_difference(fast, reference)
            mismatches.append(f"{path.relative_to(CORPUS)}: {detail}")
    elapsed = time.monotonic() - started
    assert not mismatches, f"{len(mismatches)} of {len(files)} YAML files load differently:\n" + "\n".join(mismatches)
    assert elapsed < 60, f"comparing {len(files)} files took {elapsed:.1f}s"


# -- YAML 1.1 vs 1.2 snippets -------------------------------------------------------------

SNIPPETS = {
    # booleans: YAML 1.1 only
    "yes": "a: yes\n",
    "no": "a: no\n",
    "on": "a: on\n",
    "off": "a: off\n",
    "capitalised-bools": "a: Yes\nb: NO\nc: On\nd: OFF\n",
    "quoted-yes": "a: 'yes'\nb: \"no\"\n",
    "key-on": "on: 1\noff: 2\n",
    "key-yes-json-style": '"a": yes\n',
    "flow-yes-012": "a: [yes, 012]\n",
    "flow-map-yes": "{a: yes, b: on}\n",
    "seq-yes": "- yes\n- 0777\n- - no\n",
    "yes-with-comment": "a: yes # sure\n",
    "yes-after-tab": "a:\tyes\n",
    "yes-in-prose": "a: say yes or no\n",
    "y-and-n": "a: y\nb: n\n",
    # numbers that YAML 1.1 and 1.2 read differently
    "0777": "a: 0777\n",
    "signed-0777": "a: -0777\nb: +0777\n",
    "08": "a: 08\n",
    "0o17": "a: 0o17\n",
    "1_000": "a: 1_000\n",
    "1_000.5": "a: 1_000.5\n",
    "1.000_5": "a: 1.000_5\n",
    "190:20:30": "a: 190:20:30\n",
    "190:20:30.15": "a: 190:20:30.15\n",
    "12:30": "a: 12:30\n",
    "1e3": "a: 1e3\n",
    "1E3": "a: 1E3\n",
    "1e-3": "a: 1e-3\n",
    "1.0e3": "a: 1.0e3\n",
    "1.0e+3": "a: 1.0e+3\n",
    ".5e3": "a: .5e3\n",
    ".5": "a: .5\n",
    "6.02e23": "a: 6.02e23\n",
    "0b1010": "a: 0b1010\n",
    "0xFF": "a: 0xFF\nb: 0x_FF\n",
    "inf": "a: .inf\nb: -.inf\n",
    "big-int": "a: 12345678901234567890123\n",
    "negative-zero": "a: -0\nb: -0.0\n",
    "versions": "a: 3.0\nb: 3.10\nc: 1.2.3\n",
    "thousands-comma": "a: 10,000\nb: [1,000]\n",
    # tags, merges, directives, documents
    "merge-key": "base: &a {x: 1, y: 2}\nderived:\n  <<: *a\n  y: 3\n",
    "merge-list": "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n",
    "str-tag": "a: !!str 12\n",
    "int-tag": "a: !!int '12'\n",
    "yaml-1.1-directive": "%YAML 1.1\n---\na: yes\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "leading-document-marker": "---\na: 1\n",
    "document-end-marker": "a: 1\n...\n",
    "explicit-key": "? a\n: b\n",
    "value-indicator": "a: =\n",
    "anchor-alias": "a: &x {b: 1}\nc: *x\n",
    # block scalars
    "block-scalar-at-eof-without-newline": "a: |\n  text",
    "two-line-block-scalar-at-eof": "a: |\n  line1\n  line2",
    "folded-at-eof-without-newline": "a: >\n  folded\n  text",
    "keep-block-scalar-at-eof": "a: |+\n  x\n\n",
    "folded-more-indented": "a: >\n  folded\n    more\n  back\n",
    # dates stay strings
    "date": "a: 2020-01-01\n",
    "datetime": "a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43.10 -5\n",
    # keys and the rest
    "duplicate-key": "a: 1\nb: 2\na: 3\n",
    "non-string-keys": "1: a\n1.5: b\ntrue: c\n~: d\n",
    "null-values": "a: ~\nb: null\nc:\nd: Null\n",
    "escapes": 'a: "\\x41\\u263A\\N\\_\\L\\P\\/\\t"\n',
    "crlf": "a: 1\r\nb: yes\r\nc: x\r\n",
    "bom": "\ufeffa: yes\n",
    "multi-line-plain": "a: foo\n  yes\n",
}

# Cases where YAML 1.1 and 1.2 disagree in ways the fast path once missed.
SNIPPETS.update(
    {
        "signed-leading-dot-float": "a: -.5\nb: +.5\nc: -.5e+3\n",
        "leading-dot-underscore": "a: ._5\n",
        "anchored-bool": "a: &x yes\nb: *x\n",
        "anchored-octal": "a: &x 0777\n",
        "anchored-exponent": "a: &x 1e3\n",
        "anchored-sexagesimal": "a: &x 190:20:30\n",
        "anchored-key": "&k yes: 1\n",
        "tagged-and-anchored": "a: !!str &x 0777\nb: &y !!int 012\n",
        "non-specific-tag": "a: ! 12\n",
        "control-character": "a: a\x01b\n",
        # found by their UTF-8 bytes: C1 controls and U+FFFE are refused; NEL, LS and PS are
        # line breaks in YAML 1.1 only; text sharing their lead bytes is plain text to both
        "c1-control": "a: a\x86b\n",
        "non-character": "a: a\ufffeb\n",
        "next-line": "a: a\x85b\n",
        "line-and-paragraph-separators": "a: a\u2028b\nc: d\u2029e\n",
        "same-lead-bytes": "a: \xa9 \xa0 \u2026 \u2019 \uff21\n",
        "collection-key": "[1, 2]: x\n",
    }
)


@pytest.mark.parametrize("text", list(SNIPPETS.values()), ids=list(SNIPPETS))
def test_snippet_loads_exactly_as_pyyaml(text):
    raw = text.encode("utf-8")
    fast, reference = _load_both(raw, "snippet.yaml")
    assert _same(fast, reference), f"{text!r}: fast={fast!r} reference={reference!r}"


def test_json_content_in_a_yaml_file_is_read_as_json():
    # Deliberate: content that is JSON means JSON's numbers (1e3 is 1000.0), whatever the
    # file is called; PyYAML 1.1 would read 1e3 as a string.
    data, syntax = load_structured(b'{"a": 1e3, "b": 1E-5}\n', "spec.yaml")[:2]
    assert (data, syntax) == ({"a": 1000.0, "b": 1e-05}, "json")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 2020-01-01\n", {"a": "2020-01-01"}),
        ("a: [2020-01-01, 2001-12-14t21:59:43.10-05:00]\n", {"a": ["2020-01-01", "2001-12-14t21:59:43.10-05:00"]}),
        ("2020-01-01: a\n", {"2020-01-01": "a"}),
    ],
)
def test_dates_stay_strings(text, expected):
    data = load_structured(text.encode(), "dates.yaml").data
    assert data == expected and repr(data) == repr(expected)


# -- the fast path is really taken --------------------------------------------------------


def _forbid_reference(monkeypatch) -> list[str]:
    calls: list[str] = []

    def refuse(text, path):
        calls.append(path)
        raise AssertionError(f"reference loader used for {path}")

    monkeypatch.setattr(structured, "load_reference_yaml", refuse)
    return calls


def test_monkeypatch_reaches_the_reference_loader(monkeypatch):
    """Guards the next test: a file that needs YAML 1.1 must hit the patched reference loader."""
    calls = _forbid_reference(monkeypatch)
    with pytest.raises(AssertionError, match="reference loader used"):
        load_structured(b"a: yes\n", "needs-reference.yaml")
    assert calls == ["needs-reference.yaml"]


@pytest.mark.parametrize(
    "relative",
    ["openapi/stripe/spec3.yaml", "openapi/openai/openapi.yaml", "openapi/digitalocean/specification/DigitalOcean-public.v2.yaml"],
)
def test_big_ordinary_file_takes_the_fast_path(monkeypatch, relative):
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip(f"{path} not found")
    raw = path.read_bytes()
    calls = _forbid_reference(monkeypatch)
    data, syntax = load_structured(raw, str(path))[:2]
    assert calls == [] and syntax == "yaml" and isinstance(data, dict) and "openapi" in data


# Speed itself is measured in benchmarks/run.py, not here: these tests pin the mechanism.


def test_many_quoted_number_like_strings_cost_one_scan(monkeypatch):
    # Each distinct quoted string that looks like a YAML 1.1 number is looked for as a
    # plain scalar; all of them must be found in one pass over the file, not one each.
    lines = ["openapi: 3.0.0", "x-values:"] + [f"  k{i}: '0{i:06o}'" for i in range(2_000)]
    raw = ("\n".join(lines) + "\n").encode()
    scans = []
    original = structured._has_plain
    monkeypatch.setattr(structured, "_has_plain", lambda data, pattern: scans.append(pattern) or original(data, pattern))
    data = load_structured(raw, "quoted.yaml").data
    assert data == load_reference_yaml(raw.decode(), "quoted.yaml")
    assert len(scans) <= 3, f"{len(scans)} scans of the file"
