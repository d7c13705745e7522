"""`apilint diff` as users run it, in a separate process: exit codes and --fail-on, one-line
errors, and `--base REV` in a real git repository (a spec split over two files, files added and
removed since the base, no temporary files left behind)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED, run_apilint

TIMEOUT = 60

OLD = """\
openapi: 3.0.3
info: {title: t, version: "1.0"}
paths:
  /users:
    get:
      responses: {"200": {description: ok}}
    delete:
      responses: {"204": {description: gone}}
  /beta:
    get:
      x-stability-level: beta
      responses: {"200": {description: ok}}
"""


def without(text: str, *lines: str) -> str:
    for line in lines:
        assert line in text
        text = text.replace(line, "")
    return text


DELETE = '    delete:\n      responses: {"204": {description: gone}}\n'
BETA = '  /beta:\n    get:\n      x-stability-level: beta\n      responses: {"200": {description: ok}}\n'
ADDED = '  /pets:\n    get:\n      responses: {"200": {description: ok}}\n'
# Bad indentation on line 4: the loader's error names the file and that line.
BROKEN = 'openapi: 3.0.0\ninfo:\n  title: x\n   version: "1"\npaths: {}\n'


def diff(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return run_apilint("diff", *args, cwd=cwd, timeout=TIMEOUT)


def findings(result: subprocess.CompletedProcess) -> list[tuple[str, str, str]]:
    """(rule, level, file:line) of each finding of a JSON report."""
    report = json.loads(result.stdout)
    return [(f["rule"], f["severity"], f"{f['file']}:{f['line']}") for f in report["findings"]]


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("apilint: error: ")
    return line.removeprefix("apilint: error: ")


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    (tmp_path / "old.yaml").write_text(OLD)
    return tmp_path


# --- exit codes


def test_only_non_breaking_changes_exit_0(pair: Path) -> None:
    (pair / "new.yaml").write_text(OLD + ADDED)
    result = diff(pair, "old.yaml", "new.yaml", "--format", "json")

    assert result.returncode == 0, result.stderr
    assert findings(result) == [("path-added", "non-breaking", "new.yaml:13")]


def test_a_breaking_change_exits_1_and_a_removal_is_located_in_the_old_version(pair: Path) -> None:
    (pair / "new.yaml").write_text(without(OLD, DELETE))
    result = diff(pair, "old.yaml", "new.yaml")

    assert result.returncode == 1
    assert "old.yaml:7:5: breaking operation-removed operation removed (DELETE /users)" in result.stdout
    assert "    related: new.yaml:4:3 gone from here in the new version" in result.stdout


@pytest.mark.parametrize(
    "change, fail_on, code",
    [
        ("dangerous", None, 0),
        ("dangerous", "dangerous", 1),
        ("dangerous", "breaking", 0),
        ("non-breaking", "dangerous", 0),
        ("non-breaking", "non-breaking", 1),
        ("breaking", "never", 0),
        ("breaking", "non-breaking", 1),
    ],
)
def test_fail_on_sets_the_lowest_level_that_fails(pair: Path, change: str, fail_on: str | None, code: int) -> None:
    new = {
        "dangerous": without(OLD, BETA),  # removing a beta operation is dangerous, not breaking
        "non-breaking": OLD + ADDED,
        "breaking": without(OLD, DELETE),
    }[change]
    (pair / "new.yaml").write_text(new)
    result = diff(pair, "old.yaml", "new.yaml", "--format", "json", *(["--fail-on", fail_on] if fail_on else []))

    assert result.returncode == code, result.stderr
    assert change in {level for _, level, _ in findings(result)}


def test_strict_counts_a_beta_operation_s_break_as_breaking(pair: Path) -> None:
    (pair / "new.yaml").write_text(without(OLD, BETA))

    assert diff(pair, "old.yaml", "new.yaml").returncode == 0
    result = diff(pair, "old.yaml", "new.yaml", "--strict", "--format", "json")
    assert result.returncode == 1
    assert ("path-removed", "breaking", "old.yaml:9") in findings(result)


# --- bad input: exit 2, one line


@pytest.mark.parametrize(
    "args, expected",
    [
        (("missing.yaml", "new.yaml"), "missing.yaml: no such file or directory"),
        (("old.yaml", "missing.yaml"), "missing.yaml: no such file or directory"),
        (("old.yaml", "folder"), "compare a file with a file, or a directory with a directory: old.yaml and folder"),
        (("folder", "new.yaml"), "compare a file with a file, or a directory with a directory: folder and new.yaml"),
        ((), "diff takes two paths, OLD and NEW"),
        (("old.yaml",), "diff takes two paths, OLD and NEW"),
        (("old.yaml", "new.yaml", "new.yaml"), "diff takes two paths, OLD and NEW"),
        (("--select", "no-such-change", "old.yaml", "new.yaml"), "unknown rule or format 'no-such-change'"),
    ],
)
def test_a_usage_or_input_error_is_one_line_and_exit_2(pair: Path, args: tuple[str, ...], expected: str) -> None:
    (pair / "new.yaml").write_text(OLD)
    (pair / "folder").mkdir()
    result = diff(pair, *args)

    assert one_error_line(result).startswith(expected)
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("broken_side", ["old", "new"])
def test_malformed_yaml_on_either_side_is_named_with_its_line(pair: Path, broken_side: str) -> None:
    (pair / "new.yaml").write_text(OLD)
    (pair / f"{broken_side}.yaml").write_text(BROKEN)
    result = diff(pair, "old.yaml", "new.yaml")

    assert one_error_line(result).startswith(f"{broken_side}.yaml:4:")
    assert result.stdout.splitlines()[-1].endswith("1 file could not be checked")


# --- --base REV: a real git repository

SPEC = """\
openapi: 3.0.3
info: {title: t, version: "1.0"}
paths:
  /users:
    $ref: 'paths/users.yaml'
"""
USERS = """\
get:
  responses: {"200": {description: ok}}
delete:
  responses: {"204": {description: gone}}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose last commit has the spec, its /users path item in a file of its own."""
    repo = tmp_path / "repo"
    (repo / "paths").mkdir(parents=True)
    git(repo, "init", "-q")
    for key, value in (
        ("user.name", "apilint tests"),
        ("user.email", "t@apilint.invalid"),
        ("commit.gpgsign", "false"),
    ):
        git(repo, "config", key, value)
    (repo / "spec.yaml").write_text(SPEC)
    (repo / "paths" / "users.yaml").write_text(USERS)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    return repo


@pytest.mark.parametrize("from_outside", [False, True], ids=["inside", "outside"])
def test_base_finds_a_change_in_a_refd_file_and_locates_it_at_the_revision(repo: Path, from_outside: bool) -> None:
    (repo / "paths" / "users.yaml").write_text(
        without(USERS, '  responses: {"204": {description: gone}}\n', "delete:\n")
    )
    cwd, prefix = (repo.parent, "repo/") if from_outside else (repo, "")
    result = diff(cwd, "--base", "HEAD", f"{prefix}spec.yaml", "--format", "json")

    assert result.returncode == 1, result.stderr
    [removed] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "operation-removed"]
    assert (removed["file"], removed["line"], removed["column"]) == (f"HEAD:{prefix}paths/users.yaml", 3, 1)
    assert removed["related"][0]["file"] == f"{prefix}spec.yaml"  # where /users is now


def test_base_reports_a_file_missing_at_the_base_as_all_added(repo: Path) -> None:
    (repo / "new.yaml").write_text(OLD)
    result = diff(repo, "--base", "HEAD", "new.yaml", "--format", "json")

    assert result.returncode == 0, result.stderr
    assert findings(result) == [
        ("path-added", "non-breaking", "new.yaml:4"),
        ("path-added", "non-breaking", "new.yaml:9"),
    ]


def test_base_reports_a_file_deleted_since_the_base_as_all_removed(repo: Path) -> None:
    (repo / "spec.yaml").unlink()
    result = diff(repo, "--base", "HEAD", "spec.yaml", "--format", "json")

    assert result.returncode == 1, result.stderr
    assert findings(result) == [("path-removed", "breaking", "HEAD:spec.yaml:4")]


def test_base_names_a_malformed_file_at_the_revision(repo: Path) -> None:
    (repo / "spec.yaml").write_text(BROKEN)
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "spec.yaml").write_text(SPEC)

    assert one_error_line(diff(repo, "--base", "HEAD", "spec.yaml")).startswith("HEAD:spec.yaml:4:")


def test_base_with_an_unknown_revision_is_one_line_and_exit_2(repo: Path) -> None:
    message = one_error_line(diff(repo, "--base", "nosuchrev", "spec.yaml"))

    assert message.startswith("'nosuchrev' is no commit of the git repository")


def test_base_leaves_no_temporary_files_behind(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "paths" / "users.yaml").write_text("get:\n  responses: {}\n")
    temporary = tmp_path / "tmp"  # the temporary directory of apilint and the git it runs
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    status = git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all")
    for output_format in ("text", "sarif", "markdown"):
        result = diff(repo, "--base", "HEAD", "--format", output_format)
        assert result.returncode == 1, result.stderr

    assert git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all") == status
    assert list(temporary.iterdir()) == []


def test_base_sarif_validates_and_relates_both_versions(repo: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip(f"SARIF schema not found at {schema_path}")
    (repo / "paths" / "users.yaml").write_text("get:\n  responses: {'200': {description: ok}}\n")
    result = diff(repo, "--base", "HEAD", "--format", "sarif")
    report = json.loads(result.stdout)

    jsonschema.validate(report, json.loads(schema_path.read_text(encoding="utf-8")))
    [removed] = [r for r in report["runs"][0]["results"] if r["ruleId"] == "operation-removed"]
    assert (removed["level"], removed["properties"]["level"]) == ("error", "breaking")
    assert len(removed["relatedLocations"]) == 1
    again = json.loads(diff(repo, "--base", "HEAD", "--format", "sarif").stdout)
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in report["runs"][0]["results"]
    ]


def test_markdown_changelog_through_the_cli(pair: Path) -> None:
    (pair / "new.yaml").write_text(without(OLD, DELETE) + ADDED)
    result = diff(pair, "old.yaml", "new.yaml", "--format", "markdown", "--output", "changes.md")

    assert result.returncode == 1
    lines = (pair / "changes.md").read_text().splitlines()
    assert lines[0] == "## API changes: 1 breaking, 1 dangerous, 1 non-breaking"
    assert "- **breaking** operation removed (`operation-removed`)" in lines
    assert "- **non-breaking** path /pets added (`path-added`)" in lines


def test_base_names_a_refd_file_malformed_at_the_revision(repo: Path) -> None:
    (repo / "paths" / "users.yaml").write_text("get: [\n")
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "paths" / "users.yaml").write_text(USERS)
    message = one_error_line(diff(repo, "--base", "HEAD", "spec.yaml"))

    assert message.startswith("HEAD:") and "paths/users.yaml:2:1: invalid YAML" in message


def test_explain_names_a_change_s_level(tmp_path: Path) -> None:
    result = run_apilint("explain", "operation-removed", cwd=tmp_path, timeout=TIMEOUT)

    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "operation-removed (breaking, openapi)"


def test_select_of_a_lint_rule_is_an_error_and_the_config_s_narrows_only_check(pair: Path) -> None:
    (pair / "new.yaml").write_text(without(OLD, DELETE))
    message = one_error_line(diff(pair, "old.yaml", "new.yaml", "--select", "operation-id-unique"))
    assert message.startswith("--select operation-id-unique: a lint rule, which `apilint check` runs")

    # A project's .apilint.yaml picks lint rules for `check`: the gate must still run every change rule.
    (pair / ".apilint.yaml").write_text("select: [operation-id-unique]\n")
    result = diff(pair, "old.yaml", "new.yaml", "--format", "json")
    assert result.returncode == 1, result.stderr
    assert ("operation-removed", "breaking", "old.yaml:7") in findings(result)


def test_base_with_a_path_outside_the_repository_is_an_error_not_all_added(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text(OLD)
    message = one_error_line(diff(repo, "--base", "HEAD", "spec.yaml", str(tmp_path / "elsewhere.yaml")))

    assert message.startswith(f"{tmp_path / 'elsewhere.yaml'}: outside the git work tree at {repo.resolve()}")


def test_base_outside_any_repository_is_one_line(pair: Path) -> None:
    message = one_error_line(diff(pair, "--base", "HEAD", "old.yaml"))

    assert message == "old.yaml: not in a git work tree, so there is no revision 'HEAD' to read"


def test_base_of_a_path_in_neither_version_is_one_line(repo: Path) -> None:
    assert one_error_line(diff(repo, "--base", "HEAD", "nosuch.yaml")) == "nosuch.yaml: no such file or directory"


def test_a_format_diff_cannot_compare_yet_says_so(tmp_path: Path) -> None:
    for name in ("old.graphql", "new.graphql"):
        (tmp_path / name).write_text("type Query { user: String }\n")
    result = diff(tmp_path, "old.graphql", "new.graphql")

    assert result.returncode == 2
    assert result.stderr == "apilint: error: new.graphql: comparing graphql is not supported yet (OpenAPI is); nothing to compare\n"


def test_schemas_nested_too_deeply_to_compare_are_an_input_error(tmp_path: Path) -> None:
    def spec(leaf: str) -> str:
        schema = '{"type": "%s"}' % leaf
        for _ in range(400):  # each level a schema of its own: no cycle to stop at
            schema = '{"type": "object", "properties": {"a": %s}}' % schema
        content = '{"application/json": {"schema": %s}}' % schema
        return (
            '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": '
            '{"responses": {"200": {"description": "ok", "content": %s}}}}}}' % content
        )

    (tmp_path / "old.json").write_text(spec("string"))
    (tmp_path / "new.json").write_text(spec("integer"))
    result = diff(tmp_path, "old.json", "new.json")

    assert result.returncode == 2
    assert result.stderr == "apilint: error: new.json: schemas nested too deeply to compare\n"
