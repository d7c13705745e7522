"""The `apilint check` contract: exit codes, selection, config, suppression, baseline."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from apilint.cli import main
from tests.conftest import DUPLICATE_OPERATION_ID_SPEC

# The shared spec, and a path variable with no `in: path` parameter (path-params-defined).
SPEC = DUPLICATE_OPERATION_ID_SPEC + (
    "  /pets/{petId}:\n"
    "    get:\n"
    '      responses: {"200": {description: ok}}\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(SPEC)
    return tmp_path


# These tests are about the engine, so they pin the rules they run: new rules must not change them.
ENGINE_RULES = "operation-id-unique,path-params-defined,no-unresolved-ref,oas-schema-valid"


def invoke(*args: str):
    """`apilint check ARGS` in-process, with ENGINE_RULES unless the test selects rules itself."""
    pinned = [] if "--select" in args else ["--select", ENGINE_RULES]
    return CliRunner().invoke(main, ["check", *pinned, *args])


def check(*args: str) -> tuple[int, dict]:
    result = invoke("--format", "json", *args)
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}


def rules_of(report: dict) -> list[str]:
    return [f["rule"] for f in report["findings"] if not f["suppressed"]]


def test_findings_exit_1_with_exact_positions(project: Path) -> None:
    code, report = check("api.yaml")
    assert code == 1
    assert rules_of(report) == ["operation-id-unique", "path-params-defined"]
    dup = report["findings"][0]
    assert (dup["file"], dup["line"], dup["column"]) == ("api.yaml", 10, 7)
    assert dup["pointer"] == "/paths/~1admins/get/operationId"


def test_clean_exit_0_and_fail_on_never(project: Path) -> None:
    assert check("api.yaml", "--select", "no-unresolved-ref")[0] == 0
    assert check("api.yaml", "--fail-on", "never")[0] == 0


def test_select_and_ignore(project: Path) -> None:
    assert rules_of(check("api.yaml", "--select", "path-params-defined")[1]) == ["path-params-defined"]
    assert rules_of(check("api.yaml", "--ignore", "path-params-defined,oas-schema-valid")[1]) == [
        "operation-id-unique"
    ]


def test_ignore_takes_formats() -> None:
    from apilint import registry
    from apilint.config import Config
    from apilint.runner import select_rules

    graphql = {rule.id for rule in registry.all_rules() if rule.format == "graphql"}
    proto = {rule.id for rule in registry.all_rules() if rule.format == "proto"}
    assert graphql and proto and len(graphql | proto) < len(registry.all_rules())
    assert set(select_rules(Config(), [], ["openapi"])) == graphql | proto
    assert set(select_rules(Config(ignore=["openapi"]), [], [])) == graphql | proto
    assert not graphql & set(select_rules(Config(), [], ["graphql"]))


def test_config_severity_override_and_fail_on(project: Path) -> None:
    (project / ".apilint.yaml").write_text("fail-on: error\nrules:\n  operation-id-unique: warning\n  path-params-defined: off\n")
    code, report = check("api.yaml")
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("operation-id-unique", "warning")]
    assert code == 0  # a warning is below fail-on: error
    assert check("api.yaml", "--fail-on", "warning")[0] == 1


def test_config_in_pyproject_is_found_walking_up(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "pyproject.toml").write_text('[tool.apilint]\nignore = ["operation-id-unique"]\n')
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert rules_of(check("../api.yaml")[1]) == ["path-params-defined"]


def test_config_excludes_paths(project: Path) -> None:
    (project / "legacy").mkdir()
    (project / "legacy" / "old.yaml").write_text(SPEC)
    (project / ".apilint.yaml").write_text('exclude: ["legacy/**"]\n')
    _, report = check(".")
    assert report["files"] == ["api.yaml"]


def test_unknown_rule_option_is_a_usage_error(project: Path) -> None:
    (project / ".apilint.yaml").write_text("rules:\n  operation-id-unique: {severity: error, bogus: 1}\n")
    result = invoke("api.yaml")
    assert result.exit_code == 2
    assert "bogus" in result.stderr


def test_inline_ignore_with_reason_and_unused_report(project: Path) -> None:
    spec = SPEC.replace(
        "  /admins:\n    get:\n",
        "  /admins:\n    x-apilint-ignore: {operation-id-unique: legacy alias, no-unresolved-ref: stale}\n    get:\n",
    )
    (project / "api.yaml").write_text(spec)
    code, report = check("api.yaml", "--select", "operation-id-unique,no-unresolved-ref")
    assert code == 0
    [finding] = report["findings"]
    assert finding["suppressed"] == {"reason": "legacy alias"}
    _, report = check("api.yaml", "--select", "operation-id-unique,no-unresolved-ref", "--report-unused-ignores")
    unused = [f for f in report["findings"] if f["rule"] == "unused-ignore"]
    assert len(unused) == 1 and "no-unresolved-ref" in unused[0]["message"]
    assert unused[0]["line"] == 9


def test_inline_ignore_naming_no_rule_is_reported_at_the_entry(project: Path) -> None:
    spec = SPEC.replace(
        "  /admins:\n    get:\n",
        "  /admins:\n    x-apilint-ignore: [operation-id-uniq, no-unresolved-ref]\n    get:\n      x-apilint-ignore: 5\n",
    )
    (project / "api.yaml").write_text(spec)
    code, report = check("api.yaml")
    invalid = [(f["line"], f["column"], f["severity"], f["message"]) for f in report["findings"] if f["rule"] == "invalid-ignore"]
    assert invalid == [
        (9, 24, "warning", "x-apilint-ignore: unknown rule 'operation-id-uniq'; did you mean 'operation-id-unique'?"),
        (11, 7, "warning", "x-apilint-ignore takes a rule id, a list of rule ids, or a mapping of rule ids to reasons"),
    ]
    assert "operation-id-unique" in rules_of(report) and report["summary"]["suppressed"] == 0  # it silenced nothing
    assert code == 1


def test_inline_ignore_list_form_covers_children_only(project: Path) -> None:
    spec = SPEC.replace("  /pets/{petId}:\n", "  /pets/{petId}:\n    x-apilint-ignore: [path-params-defined]\n")
    (project / "api.yaml").write_text(spec)
    _, report = check("api.yaml")
    assert rules_of(report) == ["operation-id-unique"]
    assert report["summary"]["suppressed"] == 1


def test_writing_a_baseline_succeeds_and_says_what_it_accepted(project: Path) -> None:
    result = invoke("api.yaml", "--write-baseline", "baseline.json")
    assert result.exit_code == 0  # the error findings are what it accepts
    assert result.stderr == "apilint: baseline.json: baseline written; it accepts 2 findings\n"
    assert "2 findings (2 errors" in result.stdout  # the report is still shown
    assert len(json.loads((project / "baseline.json").read_text())["findings"]) == 2


def test_no_baseline_is_written_when_a_file_could_not_be_checked(project: Path) -> None:
    result = invoke("api.yaml", "missing.yaml", "--write-baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "apilint: error: missing.yaml: no such file or directory",
        "apilint: error: baseline.json: baseline not written, as not every file could be checked",
    ]
    assert not (project / "baseline.json").exists()


@pytest.mark.parametrize(
    "content, error",
    [
        ("", "baseline.json:1:1: the baseline is not valid JSON: Expecting value"),
        ('{\n  "findings": [\n    {"rule": "x",}\n  ]\n}\n', "baseline.json:3:18: the baseline is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"version": 1}', "baseline.json: not an apilint baseline: no `findings` list (write one with --write-baseline)"),
        ('{"version": 2, "findings": []}', "baseline.json: baseline version 2 is not supported (apilint reads 1)"),
        ('{"findings": [{"rule": "x", "file": "api.yaml"}]}', "baseline.json: baseline entry 1 needs `rule`, `file` and `pointer` strings"),
        (None, "baseline.json: cannot read the baseline: No such file or directory"),
    ],
    ids=["empty", "syntax", "no-findings", "version", "entry", "missing"],
)
def test_unreadable_baseline_is_one_clear_line_before_any_spec_is_read(project: Path, content: str | None, error: str) -> None:
    if content is not None:
        (project / "baseline.json").write_text(content)
    result = invoke("missing.yaml", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.stderr == f"apilint: error: {error}\n"


def test_baseline_reports_only_new_findings_even_after_lines_move(project: Path) -> None:
    assert check("api.yaml", "--write-baseline", "baseline.json")[0] == 0
    code, report = check("api.yaml", "--baseline", "baseline.json")
    assert code == 0 and report["findings"] == []
    # Shift every line down and add a new problem: only the new one is reported.
    shifted = SPEC.replace("paths:\n", "paths:\n  /orgs/{orgId}:\n    get:\n      responses: {\"200\": {description: ok}}\n")
    (project / "api.yaml").write_text("# a comment moves every line\n" + shifted)
    code, report = check("api.yaml", "--baseline", "baseline.json")
    assert code == 1
    assert [(f["rule"], f["pointer"]) for f in report["findings"]] == [
        ("path-params-defined", "/paths/~1orgs~1{orgId}/get")
    ]


def test_text_output_groups_by_file_and_summarises(project: Path) -> None:
    result = invoke("api.yaml")
    lines = result.stdout.splitlines()
    assert lines[0] == "api.yaml"
    assert lines[1].startswith("api.yaml:10:7: error operation-id-unique ")
    assert "\033[" not in result.stdout  # no colour when not a TTY
    assert lines[-1] == "2 findings (2 errors, 0 warnings, 0 infos) in 1 file"


def test_output_file(project: Path) -> None:
    result = invoke("api.yaml", "-f", "json", "-o", "out.json")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads((project / "out.json").read_text())["version"] == 1


def test_output_file_is_written_whole_or_left_as_it_was(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "out.json").write_text("an earlier report\n")
    write_bytes = Path.write_bytes

    def disk_fills_up(self: Path, data: bytes) -> int:
        write_bytes(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_fills_up)
    result = invoke("api.yaml", "-f", "json", "-o", "out.json")
    assert result.exit_code == 2
    assert result.stderr == "apilint: error: out.json: cannot write the report: No space left on device\n"
    assert (project / "out.json").read_text() == "an earlier report\n"
    assert sorted(path.name for path in project.iterdir()) == ["api.yaml", "out.json"]


def test_directory_is_searched_by_content(project: Path) -> None:
    (project / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n")
    (project / "nested").mkdir()
    (project / "nested" / "spec.json").write_text(json.dumps({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}))
    _, report = check(".")
    assert sorted(report["files"]) == ["api.yaml", "nested/spec.json"]


def test_rules_and_explain_commands() -> None:
    listing = CliRunner().invoke(main, ["rules"]).stdout
    assert re.search(r"^operation-id-unique +error +openapi +Flags an `operationId`", listing, re.MULTILINE)
    explained = CliRunner().invoke(main, ["explain", "path-params-defined"])
    assert explained.exit_code == 0 and "## Why is this bad?" in explained.stdout
    assert CliRunner().invoke(main, ["explain", "no-such-rule"]).exit_code == 2


def test_named_non_api_files_are_skipped_with_a_note_and_empty_ones_fail_unless_told(project: Path) -> None:
    (project / "compose.yml").write_text("services: {web: {image: nginx}}\n")
    (project / "empty.yaml").write_text("")
    noted = invoke("compose.yml", "api.yaml", "--select", "no-unresolved-ref")
    assert noted.exit_code == 0 and noted.stderr == "apilint: note: compose.yml: not an OpenAPI description (no top-level openapi: or swagger: key); skipped\n"
    empty = invoke("empty.yaml")
    assert empty.exit_code == 2 and "empty.yaml: file is empty" in empty.stderr
    hook = invoke("--skip-unrecognized", "empty.yaml", "compose.yml")
    assert hook.exit_code == 0 and hook.stderr == ""
    verbose_hook = invoke("--skip-unrecognized", "-v", "compose.yml")
    assert "note: compose.yml: not an OpenAPI description (no top-level openapi: or swagger: key); skipped" in verbose_hook.stderr


def test_a_fragment_shared_by_two_specs_is_reported_once(project: Path) -> None:
    ok = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "common.yaml#/Ok"}\n'
    (project / "a.yaml").write_text(ok)
    (project / "b.yaml").write_text(ok)
    (project / "common.yaml").write_text('Ok:\n  description: ok\n  content:\n    application/json:\n      schema: {$ref: "#/Missing"}\n')
    _, report = check("a.yaml", "b.yaml")
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [("no-unresolved-ref", "common.yaml", 5)]


def test_rule_graded_severity_is_kept_unless_config_overrides(project: Path) -> None:
    from apilint.finding import Severity
    from apilint.registry import get_rule

    rule = get_rule("operation-id-unique")
    original = rule.check

    def graded(api, options):
        for finding in original(api, options):
            finding.severity = Severity.INFO
            yield finding

    object.__setattr__(rule, "check", graded)  # Rule is frozen; restored below
    try:
        _, report = check("api.yaml", "--select", "operation-id-unique")
        assert [f["severity"] for f in report["findings"]] == ["info"]
        (project / ".apilint.yaml").write_text("rules:\n  operation-id-unique: error\n")
        _, report = check("api.yaml", "--select", "operation-id-unique")
        assert [f["severity"] for f in report["findings"]] == ["error"]
    finally:
        object.__setattr__(rule, "check", original)


def test_files_and_findings_spell_paths_the_same_way(project: Path) -> None:
    _, report = check(str(project / "api.yaml"))
    assert report["files"] == ["api.yaml"]
    assert {f["file"] for f in report["findings"]} == {"api.yaml"}


def test_process_exit_keeps_all_output_and_the_exit_code(tmp_path: Path) -> None:
    # The entry point leaves with os._exit (no heap teardown): output must still be flushed
    # whole, to a file and to a pipe, and a reader that stops early must not cause a traceback.
    import subprocess
    import sys

    paths = "".join(f"  /users/getUser{i}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n" for i in range(1500))
    (tmp_path / "big.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + paths)
    argv = [sys.executable, "-m", "apilint", "check", "big.yaml", "--select", "no-verb-in-path", "--fail-on", "warning", "--format", "json"]
    whole = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 1, whole.stderr
    assert len(json.loads(whole.stdout)["findings"]) == 1500  # more than a pipe buffer, all there

    to_file = subprocess.run([*argv, "-o", "out.json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert to_file.returncode == 1
    assert json.loads((tmp_path / "out.json").read_text()) == json.loads(whole.stdout)

    reader = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.read(10)
    reader.stdout.close()  # like `| head -c 10`
    stderr = reader.stderr.read().decode()
    assert reader.wait(timeout=120) in (1, 2) and "Traceback" not in stderr


def test_invalid_ignore_can_be_turned_off_for_rules_of_a_newer_apilint(project: Path) -> None:
    # A spec written for a newer apilint names a rule this one does not know.
    (project / "api.yaml").write_text(
        (project / "api.yaml").read_text().replace("paths:", "x-apilint-ignore: [rule-of-the-future]\npaths:", 1)
    )
    _, reported = check("api.yaml", "--fail-on", "never")
    assert "invalid-ignore" in rules_of(reported)
    _, quiet = check("api.yaml", "--fail-on", "never", "--ignore", "invalid-ignore")
    assert "invalid-ignore" not in rules_of(quiet) and rules_of(quiet)
    # internal-error stays: a crash is never hidden.
    assert invoke("api.yaml", "--ignore", "internal-error").exit_code == 2
