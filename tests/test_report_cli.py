"""Reports and the terminal through the CLI: input errors in every format, SARIF paths,
control characters, colour through a pipe, --quiet, and the `apilint rules` listing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from apilint import __version__
from apilint.cli import FORMATS, main
from apilint.registry import all_rules, documented_rules, get_rule
from tests.conftest import DUPLICATE_OPERATION_ID_SPEC, SHARED, run_apilint

TIMEOUT = 60

SPEC = DUPLICATE_OPERATION_ID_SPEC
# Bad indentation on line 4: the loader's error names the file and that line.
BROKEN = 'openapi: 3.0.0\ninfo:\n  title: x\n   version: "1"\npaths: {}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(SPEC)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def check(*args: str):
    """`apilint check` with one pinned rule, so new rules do not change these tests."""
    return invoke("check", "--select", "operation-id-unique", *args)


# --- input errors reach every format


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_names_the_file_that_could_not_be_checked(project: Path, output_format: str) -> None:
    (project / "broken.yaml").write_text(BROKEN)
    result = check("broken.yaml", "api.yaml", "--format", output_format)

    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line.startswith("apilint: error: broken.yaml:4")]
    if output_format == "text":  # names it on stderr (above), counts it in the summary
        assert result.stdout.splitlines()[-1].endswith("in 1 file; 1 file could not be checked")
    else:
        assert "broken.yaml" in result.stdout
    if output_format == "json":
        [error] = json.loads(result.stdout)["errors"]
        assert (error["file"], error["line"]) == ("broken.yaml", 4)
    elif output_format == "sarif":
        [invocation] = json.loads(result.stdout)["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
    elif output_format == "junit":
        assert ET.fromstring(result.stdout).get("errors") == "1"


# --- SARIF paths


def sarif_uris(report: dict) -> tuple[list[str], list[str]]:
    """(artifact URIs, result URIs) of the one run."""
    [run] = report["runs"]
    artifacts = [artifact["location"]["uri"] for artifact in run["artifacts"]]
    results = [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run["results"]]
    return artifacts, results


def test_sarif_uris_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path.resolve() / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "sub").mkdir()
    (repo / "sub" / "spec.yaml").write_text(SPEC)

    run = run_apilint("check", ".", "--select", "operation-id-unique", "--format", "sarif", cwd=repo / "sub",
                      timeout=TIMEOUT)

    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    assert sarif_uris(report) == (["sub/spec.yaml"], ["sub/spec.yaml"])
    from_root = run_apilint("check", "sub", "--select", "operation-id-unique", "--format", "sarif", cwd=repo,
                            timeout=TIMEOUT)
    fingerprints = [result["partialFingerprints"] for result in report["runs"][0]["results"]]
    root_report = json.loads(from_root.stdout)
    assert sarif_uris(root_report) == sarif_uris(report)
    assert [result["partialFingerprints"] for result in root_report["runs"][0]["results"]] == fingerprints


def test_sarif_outside_a_repository_is_relative_to_the_working_directory(project: Path) -> None:
    if any((folder / ".git").exists() for folder in project.resolve().parents):
        pytest.skip("the temporary directory is inside a git work tree")
    report = json.loads(check("api.yaml", "--format", "sarif").stdout)

    assert report["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    assert sarif_uris(report) == (["api.yaml"], ["api.yaml"])


def test_sarif_names_each_file_once_and_every_ref_file_a_result_points_into(project: Path) -> None:
    (project / "a.yaml").write_text(
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n'
        '        "200": {$ref: "common.yaml#/Ok"}\n'
    )
    (project / "common.yaml").write_text("Ok:\n  description: ok\n  content:\n    application/json:\n"
                                         '      schema: {$ref: "#/Missing"}\n')
    result = invoke("check", "--select", "no-unresolved-ref", "a.yaml", "./a.yaml", "--format", "sarif")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    artifacts, results = sarif_uris(report)
    assert sorted(artifacts) == ["a.yaml", "common.yaml"]
    assert results == ["common.yaml"]
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema_path.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(report, json.loads(schema_path.read_text(encoding="utf-8")))


# --- the terminal


def test_control_characters_from_a_spec_never_reach_the_terminal(project: Path) -> None:
    (project / "api.yaml").write_text(SPEC.replace("/admins:", '"/admins\\e[2J\\a":'))
    run = run_apilint("check", "api.yaml", cwd=project, timeout=TIMEOUT)

    assert run.returncode == 1, run.stderr
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout
    assert "/admins\\x1b[2J\\x07" in run.stdout


def test_control_characters_in_a_file_name_never_reach_the_terminal(project: Path) -> None:
    (project / "e\x1b[2J.yaml").write_text("")
    run = run_apilint("check", "e\x1b[2J.yaml", cwd=project, timeout=TIMEOUT)

    assert run.returncode == 2
    assert run.stderr == "apilint: error: e\\x1b[2J.yaml: file is empty\n"


def test_color_flag_forces_colour_into_a_pipe(project: Path) -> None:
    args = ("check", "--select", "operation-id-unique", "api.yaml")

    forced = run_apilint(*args, "--color", cwd=project, timeout=TIMEOUT)  # run_apilint sets NO_COLOR: the flag wins
    assert forced.returncode == 1
    assert "\x1b[31merror\x1b[0m" in forced.stdout
    for plain in (run_apilint(*args, cwd=project, timeout=TIMEOUT), run_apilint(*args, "--no-color", cwd=project,
                                                                                 timeout=TIMEOUT)):
        assert plain.returncode == 1 and "error operation-id-unique" in plain.stdout
        assert "\x1b" not in plain.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_by_default_on_a_terminal_unless_no_color(project: Path) -> None:
    import pty

    def on_a_terminal(*args: str, no_color: str | None) -> str:
        env = {name: value for name, value in os.environ.items() if name not in ("NO_COLOR", "APILINT_DEBUG")}
        if no_color is not None:
            env["NO_COLOR"] = no_color
        controller, terminal = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "apilint", "check", "--select", "operation-id-unique", "api.yaml", *args],
            cwd=project, stdout=terminal, stderr=subprocess.PIPE, env=env,
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the process has exited
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(controller)
        assert process.wait(timeout=TIMEOUT) == 1
        return b"".join(chunks).decode()

    assert "\x1b[31merror\x1b[0m" in on_a_terminal(no_color=None)
    assert "\x1b[31merror\x1b[0m" in on_a_terminal(no_color="")  # no-color.org: set and not empty
    assert "\x1b" not in on_a_terminal(no_color="1")
    assert "\x1b" not in on_a_terminal("--no-color", no_color=None)


# --- --quiet

FINDING_LINE = re.compile(r"^api\.yaml:\d+:\d+: error operation-id-unique ")


def test_quiet_prints_the_findings_and_nothing_else(project: Path) -> None:
    noisy = check("api.yaml")
    quiet = check("-q", "api.yaml")

    assert quiet.exit_code == noisy.exit_code == 1
    # A finding's lines: its own, then its indented suggestion and related locations.
    finding_lines = [line for line in noisy.stdout.splitlines() if FINDING_LINE.match(line) or line.startswith("    ")]
    assert quiet.stdout.splitlines() == finding_lines
    assert len(finding_lines) == 2 and finding_lines[1].startswith("    related: api.yaml:")
    clean = invoke("check", "--quiet", "--select", "no-unresolved-ref", "api.yaml")
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "", "")


def test_quiet_still_reports_input_errors(project: Path) -> None:
    (project / "broken.yaml").write_text(BROKEN)
    result = check("-q", "broken.yaml", "api.yaml")

    assert result.exit_code == 2
    assert [FINDING_LINE.match(line) is not None for line in result.stdout.splitlines()] == [True, False]  # + related
    assert result.stderr.startswith("apilint: error: broken.yaml:4")


def test_quiet_and_verbose_together_are_a_usage_error(project: Path) -> None:
    result = check("-q", "-v", "api.yaml")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--quiet" in result.stderr and "--verbose" in result.stderr


# --- apilint rules


def test_rules_json_lists_every_rule_with_docs_and_help_link() -> None:
    result = invoke("rules", "--format", "json")

    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    assert listing["version"] == 1
    rules = {entry["id"]: entry for entry in listing["rules"]}
    assert list(rules) == [rule.id for rule in documented_rules()]
    verb = get_rule("no-verb-in-path")
    assert rules["no-verb-in-path"] == {
        "id": "no-verb-in-path",
        "default_severity": "warning",
        "kind": "lint",
        "format": "openapi",
        "summary": verb.summary,
        "aliases": list(verb.aliases),
        "options": {
            "allow-actions": {"default": False, "choices": []},
            "verbs": {"default": [], "choices": []},
            "allow": {"default": [], "choices": []},
        },
        "docs": verb.docs,
        "help_uri": f"https://github.com/apilint/apilint/blob/v{__version__}/docs/rules.md#no-verb-in-path",
    }


def test_rules_select_filters_by_api_format_or_rule_id() -> None:
    openapi = invoke("rules", "--select", "openapi")
    assert openapi.exit_code == 0
    assert len(openapi.stdout.splitlines()) == len([rule for rule in all_rules() if rule.format == "openapi"])
    two = invoke("rules", "--select", "operation-id-unique", "--select", "no-verb-in-path", "--format", "json")
    assert [entry["id"] for entry in json.loads(two.stdout)["rules"]] == ["no-verb-in-path", "operation-id-unique"]


@pytest.mark.parametrize("args", [["--select", "json"], ["--select", "openapi,no-such-rule"], ["--format", "yaml"]])
def test_rules_with_an_unknown_filter_or_format_is_a_usage_error(args: list[str]) -> None:
    result = invoke("rules", *args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip()
