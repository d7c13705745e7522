"""Hostile and broken input through the real CLI: `python -m apilint check ...`.

The contract under test (apilint/cli.py): exit 0 clean, 1 findings, 2 usage or
input error; an input error is ONE line on stderr, `apilint: error: ...`, naming
the file (and the line when known), and never a Python traceback. Broken `$ref`s
are not input errors but `no-unresolved-ref` findings located at the `$ref`.

Each case runs in its own tmp_path with a timeout, so a hang fails the test
instead of the suite. Known apilint bugs, when there are any, are marked xfail(strict=True):
they must keep failing until apilint is fixed, and then the marker goes.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import run_apilint

DEFAULT_TIMEOUT = 60

VALID_HEAD = 'openapi: 3.0.0\ninfo:\n  title: t\n  version: "1"\npaths: {}\n'


# -- helpers ----------------------------------------------------------------------------


class Run:
    def __init__(self, proc: subprocess.CompletedProcess, elapsed: float):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.elapsed = elapsed

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return (
            f"<Run rc={self.returncode} elapsed={self.elapsed:.2f}s\n"
            f"stderr={self.stderr[-2000:]!r}\nstdout={self.stdout[-2000:]!r}>"
        )

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)

    def findings(self, rule: str | None = None) -> list[dict]:
        return [f for f in self.report["findings"] if rule is None or f["rule"] == rule]


def apilint(*args: str | Path, cwd: Path, timeout: float = DEFAULT_TIMEOUT, argv0: list[str] | None = None) -> Run:
    start = time.monotonic()
    proc = run_apilint("check", *map(str, args), cwd=cwd, timeout=timeout, argv0=argv0)
    return Run(proc, time.monotonic() - start)


def assert_input_error(run: Run, name: str, line: int | None = None) -> str:
    """Exit 2, exactly one non-empty `apilint: error:` line on stderr naming `name` (and `line`)."""
    assert "Traceback" not in run.stderr, run
    assert "Traceback" not in run.stdout, run
    assert "internal error" not in run.stderr, run
    assert run.returncode == 2, run
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"stderr must be exactly one line: {run!r}"
    message = lines[0]
    assert message.startswith("apilint: error: "), run
    assert name in message, f"error does not name {name!r}: {message!r}"
    if line is not None:
        assert re.search(re.escape(name) + rf":{line}(?::\d+)?: ", message), (
            f"error does not name {name}:{line}: {message!r}"
        )
    return message


def assert_no_crash(run: Run) -> None:
    assert "Traceback" not in run.stderr + run.stdout, run
    assert "internal error" not in run.stderr + run.stdout, run


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")
    return path


# -- malformed syntax -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, line",
    [
        # bad indentation: "version" is indented one column deeper than "title"
        pytest.param('openapi: 3.0.0\ninfo:\n  title: x\n   version: "1"\npaths: {}\n', 4, id="bad-indentation"),
        pytest.param('openapi: 3.0.0\ninfo:\n\ttitle: x\npaths: {}\n', 3, id="tab-indentation"),
        pytest.param('openapi: 3.0.0\ninfo: {title: x\npaths: {}\nfoo: [\n', None, id="unclosed-flow"),
    ],
)
def test_malformed_yaml_names_file_and_line(tmp_path, content, line):
    write(tmp_path / "spec.yaml", content)
    run = apilint("spec.yaml", cwd=tmp_path)
    message = assert_input_error(run, "spec.yaml", line)
    assert "yaml" in message.lower()


@pytest.mark.parametrize(
    "content, line",
    [
        # unclosed brace; no final newline, so the end of input is on line 4
        pytest.param('{\n  "openapi": "3.0.0",\n  "info": {"title": "x", "version": "1"},\n  "paths": {}', 4, id="unclosed-brace"),
        pytest.param('{\n  "openapi": "3.0.0"\n  "info": {"title": "x", "version": "1"}\n}\n', 3, id="missing-comma"),
        pytest.param('{\n  "openapi": "3.0.0",\n  "paths": {},\n}\n', 4, id="trailing-comma"),
    ],
)
def test_malformed_json_names_file_and_line(tmp_path, content, line):
    write(tmp_path / "spec.json", content)
    run = apilint("spec.json", cwd=tmp_path)
    message = assert_input_error(run, "spec.json", line)
    assert "json" in message.lower()


def test_binary_junk(tmp_path):
    junk = random.Random(1).randbytes(4096) + b"\x00\x00\x00" + random.Random(2).randbytes(4096)
    write(tmp_path / "junk.yaml", junk)
    assert_input_error(apilint("junk.yaml", cwd=tmp_path), "junk.yaml")


def test_binary_junk_after_openapi_marker(tmp_path):
    """Claimed as OpenAPI by its first line, then binary: the loader must reject it."""
    write(tmp_path / "junk.yaml", b"openapi: 3.0.0\n" + b"\x00\x01\x02\xff" * 1000)
    assert_input_error(apilint("junk.yaml", cwd=tmp_path), "junk.yaml")


@pytest.mark.parametrize("content", ["", "   \n\n\t  \n \n"], ids=["empty", "whitespace-only"])
def test_empty_file(tmp_path, content):
    write(tmp_path / "spec.yaml", content)
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml")
    assert "empty" in message


def test_non_utf8_file(tmp_path):
    write(tmp_path / "spec.yaml", b'openapi: 3.0.0\ninfo:\n  title: caf\xe9\n  version: "1"\npaths: {}\n')
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml", 3)
    assert "utf-8" in message.lower()


_HUGE = "9" * 5000  # more digits than Python converts between text and int


@pytest.mark.parametrize(
    "name, content, line, words",
    [
        ("spec.yaml", VALID_HEAD + f"x-big: {_HUGE}\n", 6, "4,300 digits"),
        ("spec.yaml", VALID_HEAD + "x-big: 0x" + "f" * 4000 + "\n", 6, "4,300 digits"),
        ("spec.yaml", VALID_HEAD + f"x-big:\n  ? {_HUGE}\n  : 1\n", 7, "4,300 digits"),
        ("spec.json", '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},\n "x-big": ' + _HUGE + "}\n", 2, "4,300 digits"),
        ("spec.yaml", VALID_HEAD + "x-a: !!int abc\n", 6, "'abc' is not an integer"),
        ("spec.yaml", VALID_HEAD + "x-a: !!float abc\n", 6, "'abc' is not a number"),
        ("spec.yaml", VALID_HEAD + "components:\n  schemas:\n    A:\n      $ref: !!binary aGVsbG8=\n", 9, "!!binary"),
        ("spec.yaml", VALID_HEAD + "info2: !!set {a, b}\n", 6, "!!set"),
    ],
    ids=["yaml-int", "yaml-hex", "yaml-key", "json-int", "tagged-int", "tagged-float", "binary-ref", "set"],
)
def test_values_json_cannot_hold_are_input_errors_at_their_line(tmp_path, name, content, line, words):
    write(tmp_path / name, content)
    message = assert_input_error(apilint(name, cwd=tmp_path), name, line)
    assert words in message


def test_long_json_number_is_located_at_the_number_not_at_digits_in_a_string(tmp_path):
    text = '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "x": "' + _HUGE + '",\n "y": ' + _HUGE + "}\n"
    write(tmp_path / "spec.json", text)
    assert_input_error(apilint("spec.json", cwd=tmp_path), "spec.json:2:7")


def test_tagged_timestamp_stays_text(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD.replace('version: "1"', "version: !!timestamp 2001-12-14"))
    run = apilint("--format", "json", "spec.yaml", cwd=tmp_path)
    assert run.returncode == 0 and run.stderr == "" and run.findings("oas-schema-valid") == [], run


# -- resource exhaustion ----------------------------------------------------------------


def _alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    lines = ["openapi: 3.0.0", "a0: &a0 [" + ", ".join(['"lol"'] * fan_out) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * fan_out) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_fails_fast(tmp_path):
    write(tmp_path / "bomb.yaml", _alias_bomb())  # 9**9 = 387 million leaves once expanded
    run = apilint("bomb.yaml", cwd=tmp_path, timeout=10)
    assert_input_error(run, "bomb.yaml")


@pytest.mark.parametrize(
    "name, content",
    [
        ("deep.yaml", "openapi: 3.0.0\nx: " + "[" * 10000 + "]" * 10000 + "\n"),
        ("deep.json", '{"openapi": "3.0.0", "x": ' + "[" * 10000 + "]" * 10000 + "}\n"),
        ("deep-block.yaml", "openapi: 3.0.0\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000)) + " " * 2000 + "v: 1\n"),
    ],
    ids=["yaml-flow", "json", "yaml-block"],
)
def test_deep_nesting(tmp_path, name, content):
    write(tmp_path / name, content)
    run = apilint(name, cwd=tmp_path, timeout=30)
    message = assert_input_error(run, name)
    assert re.search(r"nest|deep", message), message


MB = 1024 * 1024


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    """50 MB files: binary junk, text junk, each with and without an `openapi:` first line."""
    directory = tmp_path_factory.mktemp("big")
    rng = random.Random(50)
    binary = rng.randbytes(50 * MB)
    alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :-#[]{},'\"!&*?|>%@`\n"
    table = bytes(alphabet[i % len(alphabet)] for i in range(256))
    text = binary.translate(table)
    files = {
        "binary.yaml": binary,
        "marked-binary.yaml": b"openapi: 3.0.0\n" + binary,
        "marked-text.yaml": b"openapi: 3.0.0\n" + text,
    }
    for name, content in files.items():
        (directory / name).write_bytes(content)
    yield {name: directory / name for name in files}
    for name in files:  # 150 MB: do not leave it in pytest's kept temporary directories
        (directory / name).unlink(missing_ok=True)


@pytest.mark.parametrize("name", ["marked-binary.yaml", "marked-text.yaml"])
def test_50mb_file_hits_size_limit_quickly(big_files, name):
    path = big_files[name]
    run = apilint(path.name, cwd=path.parent, timeout=20)
    message = assert_input_error(run, name)
    assert "limit" in message.lower() and "--max-file-size" in message, message
    assert run.elapsed < 10, run


def test_50mb_unclaimed_junk_errors_quickly(big_files):
    """Pure junk is not an OpenAPI document at all; any one-line input error will do."""
    path = big_files["binary.yaml"]
    run = apilint(path.name, cwd=path.parent, timeout=20)
    assert_input_error(run, path.name)
    assert run.elapsed < 10, run


@pytest.mark.parametrize("name", ["binary.yaml", "marked-binary.yaml", "marked-text.yaml"])
def test_50mb_junk_under_raised_limit_is_bounded(big_files, name):
    path = big_files[name]
    run = apilint("--max-file-size", "100", path.name, cwd=path.parent, timeout=60)
    assert_input_error(run, name)
    assert run.elapsed < 30, run


# -- $ref problems: findings, not input errors ------------------------------------------

SPEC_WITH_SCHEMAS = VALID_HEAD + "components:\n  schemas:\n"


def _single_ref_finding(run: Run) -> dict:
    assert_no_crash(run)
    assert run.stderr == "", run
    assert run.returncode == 1, run
    findings = run.findings("no-unresolved-ref")
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize(
    "ref, words",
    [
        ("missing.yaml", ["missing.yaml"]),
        ("'#/components/schemas/Nope'", ["Nope"]),
        ("'other.yaml#/definitions/Nope'", ["Nope"]),
    ],
    ids=["missing-file", "missing-pointer", "missing-pointer-in-other-file"],
)
def test_unresolved_ref_is_a_finding_at_the_ref(tmp_path, ref, words):
    text = SPEC_WITH_SCHEMAS + "    Pet:\n      type: object\n    Broken:\n      $ref: " + ref + "\n"
    write(tmp_path / "spec.yaml", text)
    write(tmp_path / "other.yaml", "definitions:\n  Thing:\n    type: string\n")
    finding = _single_ref_finding(apilint("--format", "json", "spec.yaml", cwd=tmp_path))
    assert finding["file"] == "spec.yaml"
    assert finding["line"] == line_of(text, "$ref"), finding
    assert finding["column"] == 7, finding
    assert finding["pointer"] == "/components/schemas/Broken/$ref"
    for word in words:
        assert word in finding["message"], finding


@pytest.mark.parametrize(
    "ref",
    [
        '"a\\0b.yaml"',  # a NUL byte in the file name
        "'a%00b.yaml#/Thing'",  # the same, percent-encoded
        "'" + "a" * 300 + ".yaml'",  # longer than a file name may be
        "'" + "/".join(["a" * 200] * 30) + "/b.yaml'",  # longer than a path may be
        "'#/components/schemas/²'",  # a digit int() refuses
        "'#/paths/" + "9" * 5000 + "'",  # more digits than int() converts
    ],
    ids=["nul", "percent-nul", "long-name", "long-path", "superscript-digit", "huge-index"],
)
def test_unusable_ref_is_a_finding_at_the_ref(tmp_path, ref):
    text = SPEC_WITH_SCHEMAS + "    Pet:\n      type: object\n    Broken:\n      $ref: " + ref + "\n"
    write(tmp_path / "spec.yaml", text)
    finding = _single_ref_finding(apilint("--format", "json", "spec.yaml", cwd=tmp_path))
    assert (finding["line"], finding["pointer"]) == (line_of(text, "$ref"), "/components/schemas/Broken/$ref")


def test_ref_cycle_is_a_finding_not_a_hang(tmp_path):
    text = (
        SPEC_WITH_SCHEMAS
        + "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"
        + "    C:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/A'\n"
    )
    write(tmp_path / "spec.yaml", text)
    run = apilint("--format", "json", "spec.yaml", cwd=tmp_path, timeout=10)
    assert_no_crash(run)
    assert run.returncode == 1, run
    findings = run.findings("no-unresolved-ref")
    assert findings and all("cycle" in f["message"] for f in findings), findings
    lines = {f["line"] for f in findings}
    ref_lines = {n for n, line in enumerate(text.splitlines(), 1) if "$ref" in line}
    assert lines <= ref_lines and lines, findings


def test_ref_cycle_through_path_items_and_parameters(tmp_path):
    """Rules that follow $refs (operations, parameters, responses) must not loop either."""
    text = (
        'openapi: 3.0.0\ninfo:\n  title: t\n  version: "1"\n'
        "paths:\n"
        "  /a/{id}:\n    $ref: '#/paths/~1b~1{id}'\n"
        "  /b/{id}:\n    $ref: '#/paths/~1a~1{id}'\n"
        "  /c/{id}:\n"
        "    get:\n"
        "      parameters:\n        - $ref: '#/components/parameters/P'\n"
        "      responses:\n        '200':\n          $ref: '#/components/responses/R'\n"
        "components:\n"
        "  parameters:\n    P:\n      $ref: '#/components/parameters/Q'\n    Q:\n      $ref: '#/components/parameters/P'\n"
        "  responses:\n    R:\n      $ref: '#/components/responses/R'\n"
    )
    write(tmp_path / "spec.yaml", text)
    run = apilint("--format", "json", "spec.yaml", cwd=tmp_path, timeout=10)
    assert_no_crash(run)
    assert run.returncode == 1, run
    assert any("cycle" in f["message"] for f in run.findings("no-unresolved-ref")), run.findings()


def test_long_ref_chain_costs_one_hop_per_ref(tmp_path, monkeypatch):
    # Following each link of a chain must not walk the rest of it again (that was cubic).
    from apilint.config import Config
    from apilint.documents.workspace import LoadOptions, Workspace
    from apilint.runner import run_check

    count = 1000
    lines = [SPEC_WITH_SCHEMAS.rstrip("\n")]
    lines += [f"    S{i}:\n      $ref: '#/components/schemas/S{i + 1}'" for i in range(count)]
    lines.append(f"    S{count}:\n      type: string")
    write(tmp_path / "spec.yaml", "\n".join(lines) + "\n")
    hops = []
    original = Workspace._hop
    monkeypatch.setattr(Workspace, "_hop", lambda self, ref, origin: hops.append(ref) or original(self, ref, origin))
    result = run_check([tmp_path / "spec.yaml"], Config(), LoadOptions())
    assert not result.errors and [f for f in result.findings if f.rule_id == "no-unresolved-ref"] == []
    assert len(hops) <= 3 * count, f"{len(hops)} hops for a chain of {count}"


def test_recursive_schema_is_clean(tmp_path):
    text = (
        SPEC_WITH_SCHEMAS
        + "    Node:\n      type: object\n      properties:\n"
        + "        next:\n          $ref: '#/components/schemas/Node'\n"
        + "        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/Node'\n"
    )
    write(tmp_path / "spec.yaml", text)
    everything = apilint("--format", "json", "spec.yaml", cwd=tmp_path, timeout=20)
    assert_no_crash(everything)
    assert everything.returncode in (0, 1) and everything.stderr == "", everything
    assert everything.findings("no-unresolved-ref") == []
    only_refs = apilint("--format", "json", "--select", "no-unresolved-ref", "spec.yaml", cwd=tmp_path, timeout=20)
    assert only_refs.returncode == 0 and only_refs.findings() == [], only_refs


def test_ref_outside_spec_directory_is_an_input_error(tmp_path):
    text = SPEC_WITH_SCHEMAS + "    Outside:\n      $ref: ../outside.yaml\n"
    write(tmp_path / "api" / "spec.yaml", text)
    write(tmp_path / "outside.yaml", "type: string\n")
    # Outside git, the working directory and the named paths are allowed too: run from api/.
    run = apilint("spec.yaml", cwd=tmp_path / "api")
    message = assert_input_error(run, "spec.yaml", line_of(text, "$ref"))
    assert "--ref-root" in message, message


@pytest.mark.parametrize("root", ["..", "ABSOLUTE"])
def test_ref_outside_spec_directory_allowed_with_ref_root(tmp_path, root):
    text = SPEC_WITH_SCHEMAS + "    Outside:\n      $ref: ../outside.yaml\n"
    write(tmp_path / "api" / "spec.yaml", text)
    write(tmp_path / "outside.yaml", "type: string\n")
    root_arg = str(tmp_path) if root == "ABSOLUTE" else root
    api_dir = tmp_path / "api"
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "--ref-root", root_arg, "spec.yaml", cwd=api_dir)
    assert_no_crash(run)
    assert run.stderr == "" and run.returncode == 0, run
    assert run.findings() == []


def test_ref_roots_do_not_depend_on_argument_order(tmp_path):
    project = tmp_path / "project"  # shared.yaml is above it: outside every allowed directory
    write(project / "top.yaml", VALID_HEAD)
    write(project / "api" / "spec.yaml", SPEC_WITH_SCHEMAS + "    Outside:\n      $ref: ../../shared.yaml\n")
    write(tmp_path / "shared.yaml", "type: string\n")
    spec_first = apilint("api/spec.yaml", "top.yaml", cwd=project)
    top_first = apilint("top.yaml", "api/spec.yaml", cwd=project)
    whole_directory = apilint(".", cwd=project)
    assert_input_error(spec_first, "spec.yaml", 9)
    assert_input_error(top_first, "spec.yaml", 9)
    assert_input_error(whole_directory, "spec.yaml", 9)


# Fails the process the moment anything tries to resolve a name or open a connection.
_NO_NETWORK = """
import os, runpy, sys
def _guard(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        os.write(2, ("NETWORK ACCESS ATTEMPTED: %s %r\\n" % (event, args)).encode())
        os._exit(99)
sys.addaudithook(_guard)
sys.argv[0] = "apilint"
runpy.run_module("apilint", run_name="__main__", alter_sys=True)
"""


def test_remote_ref_not_fetched_without_flag(tmp_path):
    # 10.255.255.1 is unroutable: a connection attempt would hang until the 10 s timeout.
    text = SPEC_WITH_SCHEMAS + "    Remote:\n      $ref: 'https://10.255.255.1/x.yaml#/Thing'\n"
    write(tmp_path / "spec.yaml", text)
    run = apilint("--format", "json", "spec.yaml", cwd=tmp_path, timeout=20, argv0=[sys.executable, "-c", _NO_NETWORK])
    assert "NETWORK ACCESS" not in run.stderr, run
    finding = _single_ref_finding(run)
    assert "--allow-remote-refs" in finding["message"], finding
    assert finding["line"] == line_of(text, "$ref"), finding
    assert run.elapsed < 5, run
    # and the same through the documented entry point
    plain = apilint("--format", "json", "spec.yaml", cwd=tmp_path, timeout=20)
    assert _single_ref_finding(plain)["message"] == finding["message"]
    assert plain.elapsed < 5, plain


def test_network_guard_works(tmp_path):
    """Guards the test above: with --allow-remote-refs the guard must see the fetch (and stop it)."""
    text = SPEC_WITH_SCHEMAS + "    Remote:\n      $ref: 'https://10.255.255.1/x.yaml#/Thing'\n"
    write(tmp_path / "spec.yaml", text)
    run = apilint(
        "--allow-remote-refs", "spec.yaml", cwd=tmp_path, timeout=20, argv0=[sys.executable, "-c", _NO_NETWORK]
    )
    assert run.returncode == 99 and "NETWORK ACCESS ATTEMPTED" in run.stderr, run


# -- usage errors -----------------------------------------------------------------------


def test_unknown_rule_in_select(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    run = apilint("--select", "no-unresolved-ref,no-such-rule", "spec.yaml", cwd=tmp_path)
    assert_input_error(run, "no-such-rule")


def test_unknown_rule_in_ignore(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    assert_input_error(apilint("--ignore", "no-such-rule", "spec.yaml", cwd=tmp_path), "no-such-rule")


def test_unknown_config_key(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    write(tmp_path / ".apilint.yaml", "select: [all]\nfial-on: warning\n")
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), ".apilint.yaml")
    assert "fial-on" in message


def test_unknown_config_key_with_explicit_config(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    write(tmp_path / "conf" / "lint.yaml", "selekt: [all]\n")
    message = assert_input_error(apilint("--config", "conf/lint.yaml", "spec.yaml", cwd=tmp_path), "lint.yaml")
    assert "selekt" in message


def test_malformed_config_is_one_line(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    write(tmp_path / ".apilint.yaml", "select: [all\nfail-on: warning\n")
    assert_input_error(apilint("spec.yaml", cwd=tmp_path), ".apilint.yaml")


@pytest.mark.parametrize(
    "name, content, line",
    [
        (".apilint.yaml", b"select: [all]\n# caf\xe9\n", 2),
        ("pyproject.toml", b'[tool.apilint]\nselect = ["all"]\n# caf\xe9\n', 3),
        (".apilint.yaml", b"rules:\n  cursor-pagination: {max-items: !!int ten}\n", 2),
    ],
    ids=["yaml-not-utf8", "pyproject-not-utf8", "yaml-bad-int"],
)
def test_unreadable_config_names_file_and_line(tmp_path, name, content, line):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    write(tmp_path / name, content)
    assert_input_error(apilint("spec.yaml", cwd=tmp_path), name, line)


@pytest.mark.parametrize("size", ["1025", str(10**30)])
def test_absurd_max_file_size_is_a_usage_error(tmp_path, size):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    message = assert_input_error(apilint("--max-file-size", size, "spec.yaml", cwd=tmp_path), "--max-file-size")
    assert "1024" in message


@pytest.mark.parametrize(
    "args, named",
    [
        (["--fail-on", "bogus", "spec.yaml"], "--fail-on"),
        (["--no-such-option", "spec.yaml"], "--no-such-option"),
        (["--format", "xml", "spec.yaml"], "--format"),
        ([], "PATHS"),
    ],
    ids=["bad-choice", "unknown-option", "bad-format", "no-path"],
)
def test_click_usage_errors_are_one_line(tmp_path, args, named):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    message = assert_input_error(apilint(*args, cwd=tmp_path), named)
    assert "apilint check --help" in message


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
@pytest.mark.parametrize("destination", ["nodir/report.txt", "spec.yaml/report.txt"], ids=["missing-dir", "file-as-dir"])
def test_unwritable_destination_fails_before_any_spec_is_read(tmp_path, option, destination):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    run = apilint(option, destination, "spec.yaml", "missing.yaml", cwd=tmp_path)
    message = assert_input_error(run, destination)  # and not missing.yaml: nothing was read
    assert "cannot write" in message, message
    assert run.stdout == "", run


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "html", "github"])
def test_file_name_that_is_not_utf8_is_shown_escaped_in_every_report(tmp_path, output_format):
    try:
        spec = write(tmp_path / os.fsdecode(b"caf\xe9.yaml"), VALID_HEAD + "components: {schemas: {A: {$ref: '#/nope'}}}\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    write(tmp_path / "report", "an earlier report\n")
    run = apilint("--format", output_format, "-o", "report", spec.name, cwd=tmp_path)
    assert_no_crash(run)
    assert run.returncode == 1 and run.stderr == "", run
    report = (tmp_path / "report").read_text(encoding="utf-8")
    assert "xe9.yaml" in report, report  # SARIF and GitHub write `\` as `/`: their paths are URI-like
    if output_format == "json":
        assert json.loads(report)["files"] == ["caf\\xe9.yaml"]
    if output_format == "sarif":
        json.loads(report)
    if output_format in ("text", "html", "junit"):
        assert "caf\\xe9.yaml" in report
    if output_format == "junit":
        ET.fromstring(report)


@pytest.mark.parametrize(
    "setting, words",
    [
        ("path-segment-case: {case: camelcase}", ["rules.path-segment-case.case", '"camelcase"', "kebab, snake, camel, pascal, lower, auto"]),
        ("cursor-pagination: {max-items: ten}", ["rules.cursor-pagination.max-items", "an integer", '"ten"']),
        ("cursor-pagination: {max-items: true}", ["rules.cursor-pagination.max-items", "an integer", "true"]),
        ("create-returns-201: {require-location: 'no'}", ["rules.create-returns-201.require-location", "true or false"]),
        ("no-verb-in-path: {allow: delete}", ["rules.no-verb-in-path.allow", "a list of text"]),
        ("status-code-valid: {allow: [299, {a: 1}]}", ["rules.status-code-valid.allow", "a list of text or integers"]),
        ("no-verb-in-path: {verbs: [5]}", ["rules.no-verb-in-path.verbs", "a list of text"]),
    ],
    ids=["choice", "int", "bool-for-int", "bool", "list", "list-items", "item-type"],
)
def test_bad_rule_option_value_fails_before_any_spec_is_read(tmp_path, setting, words):
    write(tmp_path / ".apilint.yaml", f"rules:\n  {setting}\n")
    message = assert_input_error(apilint("missing.yaml", cwd=tmp_path), ".apilint.yaml")
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(
    "args, config, name, suggestion",
    [
        (["--select", "no-verb-in-paths"], None, "no-verb-in-paths", "no-verb-in-path"),
        (["--ignore", "operation-id-uniq"], None, "operation-id-uniq", "operation-id-unique"),
        (["--ignore", "openapy"], None, "openapy", "openapi"),
        ([], "select: [no-verb-in-paths]\n", ".apilint.yaml", "no-verb-in-path"),
        ([], "ignore: [operation-id-uniq]\n", ".apilint.yaml", "operation-id-unique"),
        ([], "rules: {path-segment-cas: error}\n", ".apilint.yaml", "path-segment-case"),
        ([], "fail_on: warning\n", ".apilint.yaml", "fail-on"),
        ([], "rules: {no-verb-in-path: {allow-action: true}}\n", ".apilint.yaml", "allow-actions"),
        ([], "rules: {path-segment-case: {case: camelcase}}\n", ".apilint.yaml", "camel"),
    ],
    ids=["select", "ignore", "ignore-format", "config-select", "config-ignore", "config-rules", "config-key", "option", "choice"],
)
def test_misspelt_names_get_a_suggestion(tmp_path, args, config, name, suggestion):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    if config:
        write(tmp_path / ".apilint.yaml", config)
    message = assert_input_error(apilint(*args, "spec.yaml", cwd=tmp_path), name)
    assert f"did you mean '{suggestion}'?" in message, message


def test_explain_suggests_the_closest_rule(tmp_path):
    run = run_apilint("explain", "no-verb-in-paths", cwd=tmp_path, timeout=DEFAULT_TIMEOUT)
    assert run.returncode == 2 and run.stdout == "", run
    assert run.stderr == "apilint: error: unknown rule 'no-verb-in-paths'; did you mean 'no-verb-in-path'? (see `apilint rules`)\n"


def test_built_in_findings_cannot_be_ignored(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    message = assert_input_error(apilint("--ignore", "internal-error", "spec.yaml", cwd=tmp_path), "internal-error")
    assert "reported by apilint itself" in message


@pytest.mark.parametrize(
    "args, config",
    [(["--ignore", "openapi"], None), ([], "ignore: [openapi]\n"), (["--ignore", "all"], None)],
    ids=["cli", "config", "all"],
)
def test_ignoring_a_format_ignores_its_rules(tmp_path, args, config):
    write(tmp_path / "spec.yaml", SPEC_WITH_SCHEMAS + "    Broken: {$ref: '#/nope'}\n")  # a finding, were rules run
    if config:
        write(tmp_path / ".apilint.yaml", config)
    message = assert_input_error(apilint(*args, "spec.yaml", cwd=tmp_path), "no rule left to run")
    assert "exclude every one" in message


def test_nonexistent_path(tmp_path):
    message = assert_input_error(apilint("no/such/spec.yaml", cwd=tmp_path), "no/such/spec.yaml")
    assert "no such file" in message.lower()


def test_nonexistent_path_among_good_ones(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    run = apilint("spec.yaml", "missing.yaml", cwd=tmp_path)
    assert_input_error(run, "missing.yaml")


# -- unusual input that crashed apilint (known bugs) -------------------------------------


def test_control_character_is_one_line_with_line_number(tmp_path):
    # `x: yes` sends the file to the reference loader, which rejects \x01 (YAML forbids it).
    write(tmp_path / "spec.yaml", b'openapi: 3.0.0\nx: yes\ninfo:\n  title: a\x01b\n  version: "1"\npaths: {}\n')
    assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml", 4)


@pytest.mark.parametrize("key", ["[1, 2]", "{a: 1}"])
def test_collection_as_mapping_key(tmp_path, key):
    write(tmp_path / "spec.yaml", f"openapi: 3.0.0\n{key}: x\n")
    assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml", 2)


def test_lone_surrogate_in_json_string(tmp_path):
    # "x" is not an allowed top-level key (extensions start with x-), so the value lands in an error.
    write(tmp_path / "spec.json", '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x": "\\ud800"}\n')
    run = apilint("--format", "json", "spec.json", cwd=tmp_path)
    assert_no_crash(run)
    if run.returncode == 2:
        assert_input_error(run, "spec.json")


def test_integer_response_code_keys(tmp_path):
    text = (
        'openapi: 3.0.0\ninfo:\n  title: t\n  version: "1"\npaths:\n  /pets:\n    get:\n'
        "      responses:\n        200:\n          description: ok\n"
    )
    write(tmp_path / "spec.yaml", text)
    run = apilint("--format", "json", "spec.yaml", cwd=tmp_path)
    assert_no_crash(run)
    assert run.returncode in (0, 1) and run.stderr == "", run


def test_misspelt_severity_in_config_gets_the_choices_and_a_suggestion(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD)
    write(tmp_path / ".apilint.yaml", "rules:\n  etag-on-get: warn\n")
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), ".apilint.yaml")
    assert "rules.etag-on-get" in message and "off" in message and "did you mean 'warning'?" in message


def test_second_yaml_document_is_named_as_such(tmp_path):
    write(tmp_path / "spec.yaml", VALID_HEAD + "---\nopenapi: 3.0.0\n")
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml", 6)
    assert "expected a single document in the stream, but found another document" in message
