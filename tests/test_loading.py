"""Which files a run reads: discovery of specs and the directories `$ref`s may read.

Run through the real CLI as users run it (see tests/test_bad_input.py for the helpers).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import run_apilint
from tests.test_bad_input import Run, apilint, assert_input_error, assert_no_crash, write

# A split spec: spec/openapi.yaml names ../common/Error.yaml, whose own `$ref` is broken so
# that a finding located in common/Error.yaml proves the file was read.
SPLIT_SPEC = """\
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "400": {$ref: "../common/Error.yaml"}
"""
SPLIT_ERROR = 'description: error\ncontent:\n  application/json:\n    schema: {$ref: "#/Missing"}\n'


def git_init(directory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(directory)], check=True, capture_output=True)
    return directory


def split_repo(tmp_path):
    repo = git_init(tmp_path / "repo")
    write(repo / "spec" / "openapi.yaml", SPLIT_SPEC)
    write(repo / "common" / "Error.yaml", SPLIT_ERROR)
    return repo


def with_stdin(text, *args, cwd):
    """`apilint check ARGS` with `text` on standard input."""
    return Run(run_apilint("check", *args, cwd=cwd, timeout=60, input=text), 0)


def assert_split_spec_read(run, error_file):
    assert_no_crash(run)
    assert run.stderr == "" and run.returncode == 1, run
    assert [(f["rule"], f["file"]) for f in run.findings()] == [("no-unresolved-ref", error_file)]


# -- split specs: `$ref`s may read the whole git work tree --------------------------------


def test_split_spec_checked_from_the_repository_root(tmp_path):
    repo = split_repo(tmp_path)
    run = apilint("--format", "json", "--select", "no-unresolved-ref", ".", cwd=repo)
    assert_split_spec_read(run, "common/Error.yaml")


def test_split_spec_named_by_file(tmp_path):
    repo = split_repo(tmp_path)
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "spec/openapi.yaml", cwd=repo)
    assert_split_spec_read(run, "common/Error.yaml")


def test_split_spec_checked_from_a_subdirectory(tmp_path):
    repo = split_repo(tmp_path)
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "openapi.yaml", cwd=repo / "spec")
    assert_split_spec_read(run, "../common/Error.yaml")


def test_git_worktree_file_marks_the_work_tree_too(tmp_path):
    # `git worktree add` and submodules leave a `.git` *file* at the top of the work tree.
    repo = tmp_path / "checkout"
    write(repo / ".git", "gitdir: /somewhere/else/.git/worktrees/checkout\n")
    write(repo / "spec" / "openapi.yaml", SPLIT_SPEC)
    write(repo / "common" / "Error.yaml", SPLIT_ERROR)
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "openapi.yaml", cwd=repo / "spec")
    assert_split_spec_read(run, "../common/Error.yaml")


def test_ref_above_the_git_root_is_refused(tmp_path):
    repo = git_init(tmp_path / "repo")
    text = SPLIT_SPEC.replace("../common/Error.yaml", "../../Error.yaml")
    write(repo / "spec" / "openapi.yaml", text)
    write(tmp_path / "Error.yaml", SPLIT_ERROR)
    # Even from above the work tree, with the outside file below the working directory.
    for cwd, name in ((repo, "spec/openapi.yaml"), (tmp_path, "repo/spec/openapi.yaml")):
        message = assert_input_error(apilint(name, cwd=cwd), name, 7)
        assert "outside the allowed directories" in message and str(repo) in message, message
        assert "--ref-root" in message and "ref-root:" in message, message


def test_outside_git_refs_may_read_below_the_working_directory_and_named_paths(tmp_path):
    project = tmp_path / "project"
    write(project / "spec" / "openapi.yaml", SPLIT_SPEC)
    write(project / "common" / "Error.yaml", SPLIT_ERROR)
    from_project = apilint("--format", "json", "--select", "no-unresolved-ref", "spec/openapi.yaml", cwd=project)
    assert_split_spec_read(from_project, "common/Error.yaml")
    named_directory = apilint("--format", "json", "--select", "no-unresolved-ref", "project", cwd=tmp_path)
    assert_split_spec_read(named_directory, "project/common/Error.yaml")
    # Neither the working directory nor a named path holds common/: refused, as before.
    message = assert_input_error(apilint("openapi.yaml", cwd=project / "spec"), "openapi.yaml", 7)
    assert str(project / "spec") in message, message


def test_ref_root_in_config_is_relative_to_the_config_file(tmp_path):
    write(tmp_path / "shared" / "Error.yaml", SPLIT_ERROR)
    write(tmp_path / "project" / "api" / "openapi.yaml", SPLIT_SPEC.replace("../common", "../../shared"))
    api = tmp_path / "project" / "api"
    assert_input_error(apilint("openapi.yaml", cwd=api), "openapi.yaml", 7)
    write(tmp_path / "project" / ".apilint.yaml", "ref-root: [../shared]\n")
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "openapi.yaml", cwd=api)
    assert_split_spec_read(run, "../../shared/Error.yaml")


def test_ref_root_in_config_must_name_a_directory(tmp_path):
    write(tmp_path / "openapi.yaml", SPLIT_SPEC)
    write(tmp_path / ".apilint.yaml", "ref-root: [../no-such-directory]\n")
    message = assert_input_error(apilint("openapi.yaml", cwd=tmp_path), ".apilint.yaml")
    assert "ref-root" in message and "no-such-directory" in message, message


@pytest.mark.parametrize("syntax", ["yaml", "json"])
def test_corpus_petstore_separate(corpus, syntax):
    example = corpus / "openapi" / "oai-examples" / "v2.0" / syntax / "petstore-separate"
    for cwd, name in ((example, "spec/swagger." + syntax), (example.parent, "petstore-separate")):
        run = apilint("--format", "json", name, cwd=cwd)
        assert_no_crash(run)
        assert run.stderr == "" and run.returncode in (0, 1), run
        assert run.findings("no-unresolved-ref") == [], run


# -- a UTF-8 byte order mark (Windows editors write one) ----------------------------------


def test_yaml_spec_with_a_byte_order_mark_is_checked(tmp_path):
    text = (
        'openapi: 3.0.0\ninfo: {title: t, version: "1"}\n'
        'paths:\n  /getUsers:\n    get:\n      responses: {"200": {description: ok}}\n'
    )
    write(tmp_path / "spec.yaml", b"\xef\xbb\xbf" + text.encode())
    run = apilint("--format", "json", "--select", "no-verb-in-path", "spec.yaml", cwd=tmp_path)
    assert_no_crash(run)
    assert run.stderr == "" and run.report["files"] == ["spec.yaml"], run
    assert [(f["line"], f["column"]) for f in run.findings()] == [(4, 3)], run


@pytest.mark.parametrize(
    "name, text",
    [
        ("spec.yaml", 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: {}\n'),
        ("spec.json", '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}\n'),
    ],
)
def test_byte_order_mark_does_not_shift_columns_on_line_1(tmp_path, name, text):
    from apilint.documents.workspace import LoadOptions, Workspace

    plain = write(tmp_path / "plain" / name, text)
    marked = write(tmp_path / "marked" / name, b"\xef\xbb\xbf" + text.encode())
    pointers = [(), ("openapi",), ("info", "title"), ("paths",)]

    def located(path):
        source = Workspace(LoadOptions()).load_root(path)
        return [(loc.line, loc.column, loc.end_line, loc.end_column) for loc in source.locations(pointers)]

    assert located(marked) == located(plain)
    key = '"openapi"' if name.endswith(".json") else "openapi"
    assert located(plain)[1][:2] == (1, text.index(key) + 1)


# -- files that are not regular files -----------------------------------------------------

GOOD_SPEC = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: {}\n'

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@needs_fifo
def test_fifo_in_a_scanned_directory_is_skipped_never_opened(tmp_path):
    write(tmp_path / "api" / "openapi.yaml", GOOD_SPEC)
    os.mkfifo(tmp_path / "api" / "pipe.yaml")  # opening it would wait for a writer forever
    run = apilint("--format", "json", "api", cwd=tmp_path, timeout=20)
    assert_no_crash(run)
    assert run.returncode == 0 and run.stderr == "", run
    assert run.report["files"] == ["api/openapi.yaml"]


@needs_fifo
def test_named_fifo_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    message = assert_input_error(apilint("pipe.yaml", cwd=tmp_path, timeout=20), "pipe.yaml")
    assert "not a regular file (a FIFO)" in message, message


def test_dev_stdin_gets_a_clear_message(tmp_path):
    if not os.path.exists("/dev/stdin"):
        pytest.skip("no /dev/stdin")
    message = assert_input_error(with_stdin(GOOD_SPEC, "/dev/stdin", cwd=tmp_path), "/dev/stdin")
    assert "not a regular file" in message and "-" in message.split(";")[-1], message


def test_named_broken_symbolic_link(tmp_path):
    (tmp_path / "spec.yaml").symlink_to(tmp_path / "gone.yaml")
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml")
    assert "broken symbolic link" in message and "gone.yaml" in message, message


@pytest.mark.parametrize("target", ["gone.yaml", "/outside/gone.yaml"], ids=["inside", "outside"])
def test_ref_to_a_broken_symbolic_link_is_a_finding_saying_so(tmp_path, target):
    write(tmp_path / "spec.yaml", SPLIT_SPEC.replace("../common/Error.yaml", "Error.yaml"))
    (tmp_path / "Error.yaml").symlink_to(target)
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "spec.yaml", cwd=tmp_path)
    assert_no_crash(run)
    assert run.stderr == "" and run.returncode == 1, run
    [finding] = run.findings()
    assert finding["line"] == 7 and "broken symbolic link" in finding["message"], finding


def test_broken_symbolic_link_outside_the_allowed_directories_is_refused_unread(tmp_path):
    # Judged where the link lies, as a live file there would be; its target is never shown.
    write(tmp_path / "proj" / "spec.yaml", SPLIT_SPEC.replace("../common/Error.yaml", "../outside/link.yaml"))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "link.yaml").symlink_to("/nonexistent/secret-target")
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path / "proj"), "spec.yaml", 7)
    assert "outside the allowed directories" in message and "secret-target" not in message, message


# -- UTF-16 text ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"], ids=["bom", "no-bom-be", "no-bom-le"])
def test_named_utf16_file_is_said_to_be_utf16(tmp_path, encoding):
    write(tmp_path / "spec.yaml", GOOD_SPEC.encode(encoding))
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml")
    assert "UTF-16" in message and "UTF-8" in message, message


def test_refd_utf16_file_is_said_to_be_utf16(tmp_path):
    write(tmp_path / "spec.yaml", SPLIT_SPEC.replace("../common/Error.yaml", "Error.yaml"))
    write(tmp_path / "Error.yaml", SPLIT_ERROR.encode("utf-16"))
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "Error.yaml")
    assert "UTF-16" in message, message


def test_binary_with_nul_bytes_is_still_binary(tmp_path):
    write(tmp_path / "spec.yaml", b"\x00\x01\x02\x03\x00\x00\x89PNG\r\n" * 10)
    message = assert_input_error(apilint("spec.yaml", cwd=tmp_path), "spec.yaml")
    assert "binary" in message, message


# -- the paths given, and the files a run reports it read -------------------------------------


def test_empty_path_is_a_usage_error(tmp_path):
    write(tmp_path / "openapi.yaml", GOOD_SPEC)
    message = assert_input_error(apilint("", cwd=tmp_path), "empty path")
    assert "." in message, message


def test_a_file_named_several_ways_is_checked_once(tmp_path):
    write(tmp_path / "p.yaml", GOOD_SPEC)
    run = apilint("--format", "json", "p.yaml", "./p.yaml", "p.yaml", str(tmp_path / "p.yaml"), ".", cwd=tmp_path)
    assert run.returncode == 0 and run.report["files"] == ["p.yaml"], run
    text = apilint("p.yaml", "./p.yaml", "p.yaml", cwd=tmp_path)
    assert re.search(r"\bin 1 file\b", text.stdout), text


def test_files_lists_refd_files_once_with_the_spelling_findings_use(tmp_path):
    repo = split_repo(tmp_path)
    write(repo / "spec" / "second.yaml", SPLIT_SPEC)  # a second spec naming the same fragment
    run = apilint("--format", "json", "--select", "no-unresolved-ref", "spec", cwd=repo)
    assert run.report["files"] == ["spec/openapi.yaml", "common/Error.yaml", "spec/second.yaml"], run
    assert {f["file"] for f in run.findings()} == {"common/Error.yaml"}
    text = apilint("--select", "no-unresolved-ref", "spec", cwd=repo)
    assert re.search(r"\bin 3 files\b", text.stdout), text


# -- formats apilint does not read yet, and runs that find nothing to check -------------------

NOTHING_FOUND = "no API description found (OpenAPI files need a top-level openapi: or swagger: key)"
NOT_OPENAPI = "not an OpenAPI description (no top-level openapi: or swagger: key)"


def test_every_format_is_advertised():
    import yaml

    from tests.conftest import REPO

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hook["files"])
    names = ("a.yaml", "b.YML", "c.json", "a.graphql", "b.GQL", "c.graphqls", "d.proto", "e.PROTO")
    assert all(pattern.search(name) for name in names)
    assert not pattern.search("d.proto.bak") and not pattern.search("notes.txt")
    hooks_file = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for text in (hooks_file, run_help("check"), run_help()):
        assert "graphql" in text.lower() and "protobuf" in text.lower(), text


def run_help(*command):
    from click.testing import CliRunner

    from apilint.cli import main

    return CliRunner().invoke(main, [*command, "--help"]).stdout


def test_named_file_that_is_no_api_description_gets_a_note(tmp_path):
    write(tmp_path / "compose.yml", "services: {web: {image: nginx}}\n")
    write(tmp_path / "openapi.yaml", GOOD_SPEC)
    run = apilint("compose.yml", "openapi.yaml", cwd=tmp_path)
    assert run.returncode == 0, run
    assert run.stderr == f"apilint: note: compose.yml: {NOT_OPENAPI}; skipped\n", run


def test_nothing_to_check_is_an_error(tmp_path):
    write(tmp_path / "compose.yml", "services: {web: {image: nginx}}\n")
    (tmp_path / "empty").mkdir()
    write(tmp_path / "docs" / "readme.yaml", "title: not an API\n")
    assert_input_error(apilint("empty", cwd=tmp_path), "empty: " + NOTHING_FOUND)
    assert_input_error(apilint("docs", cwd=tmp_path), "docs: " + NOTHING_FOUND)
    assert_input_error(apilint("compose.yml", cwd=tmp_path), f"compose.yml: {NOT_OPENAPI}; nothing to check")


def test_named_spec_is_read_whatever_its_extension(tmp_path):
    write(tmp_path / "spec.txt", GOOD_SPEC)
    named = apilint("--format", "json", "spec.txt", cwd=tmp_path)
    assert named.returncode == 0 and named.report["files"] == ["spec.txt"], named
    with (tmp_path / "spec.txt").open("rb") as spec:  # `apilint check /dev/stdin < spec.txt`
        redirected = subprocess.run(
            [sys.executable, "-m", "apilint", "check", "/dev/stdin"], stdin=spec, capture_output=True, text=True
        )
    assert redirected.returncode == 0 and redirected.stderr == "", redirected


def test_nothing_to_check_is_fine_for_pre_commit(tmp_path):
    write(tmp_path / "compose.yml", "services: {web: {image: nginx}}\n")
    write(tmp_path / "api.proto", 'syntax = "proto3";\n')
    quiet = apilint("--skip-unrecognized", "compose.yml", "api.proto", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet
    verbose = apilint("--skip-unrecognized", "-v", "compose.yml", "api.proto", cwd=tmp_path)
    assert verbose.returncode == 0, verbose
    assert verbose.stderr.splitlines() == [f"apilint: note: compose.yml: {NOT_OPENAPI}; skipped"], verbose


def test_named_file_excluded_by_the_config_gets_a_note(tmp_path):
    write(tmp_path / "legacy" / "openapi.yaml", GOOD_SPEC)
    write(tmp_path / ".apilint.yaml", 'exclude: ["legacy/**"]\n')
    assert_input_error(apilint("legacy/openapi.yaml", cwd=tmp_path), "excluded by .apilint.yaml; nothing to check")
    write(tmp_path / "openapi.yaml", GOOD_SPEC)  # with something else to check, a note says it
    run = apilint("legacy/openapi.yaml", "openapi.yaml", cwd=tmp_path)
    assert run.returncode == 0, run
    assert run.stderr == "apilint: note: legacy/openapi.yaml: excluded by .apilint.yaml; skipped\n", run


# -- `-`: the spec on standard input ------------------------------------------------------------

STDIN_SPEC = SPLIT_SPEC.replace("../common/Error.yaml", "common/Error.yaml").replace("/pets:", "/getPets:")


@pytest.mark.parametrize("report", ["json", "text", "sarif", "junit", "github", "html"])
def test_spec_on_standard_input(tmp_path, report):
    write(tmp_path / "common" / "Error.yaml", SPLIT_ERROR)  # `$ref`s are relative to the working directory
    run = with_stdin(STDIN_SPEC, "--format", report, "--select", "no-verb-in-path,no-unresolved-ref", "-", cwd=tmp_path)
    assert_no_crash(run)
    assert run.returncode == 1 and run.stderr == "", run
    if report == "json":
        assert run.report["files"] == ["<stdin>", "common/Error.yaml"]
        assert sorted((f["file"], f["line"], f["rule"]) for f in run.findings()) == [
            ("<stdin>", 4, "no-verb-in-path"),
            ("common/Error.yaml", 4, "no-unresolved-ref"),
        ], run.findings()
    else:
        assert "stdin" in run.stdout and "common/Error.yaml" in run.stdout, run  # SARIF escapes <>


def test_standard_input_is_recognised_by_content(tmp_path):
    import json

    get = {"responses": {"200": {"description": "ok"}}}
    spec = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/getPets": {"get": get}}}
    run = with_stdin(json.dumps(spec), "--format", "json", "--select", "no-verb-in-path", "-", cwd=tmp_path)
    assert [(f["file"], f["line"]) for f in run.findings()] == [("<stdin>", 1)], run


def test_standard_input_refs_may_read_the_git_work_tree(tmp_path):
    repo = split_repo(tmp_path)
    run = with_stdin(SPLIT_SPEC, "--format", "json", "--select", "no-unresolved-ref", "-", cwd=repo / "spec")
    assert_split_spec_read(run, "../common/Error.yaml")


def test_standard_input_named_twice_and_with_files(tmp_path):
    write(tmp_path / "other.yaml", GOOD_SPEC)
    twice = with_stdin(GOOD_SPEC, "--format", "json", "-", "-", "other.yaml", cwd=tmp_path)
    assert twice.returncode == 0 and twice.stderr == "", twice
    assert twice.report["files"] == ["<stdin>", "other.yaml"]


def test_standard_input_over_the_size_limit(tmp_path):
    big = GOOD_SPEC + "x-padding: '" + "a" * (1024 * 1024) + "'\n"
    message = assert_input_error(with_stdin(big, "--max-file-size", "1", "-", cwd=tmp_path), "<stdin>")
    assert "1 MB limit" in message, message


@pytest.mark.parametrize(
    "text, stderr",
    [
        ("", ["apilint: error: <stdin>: file is empty"]),
        ("services: {web: {}}\n", [f"apilint: error: <stdin>: {NOT_OPENAPI}; nothing to check"]),
    ],
    ids=["empty", "not-an-api"],
)
def test_standard_input_that_is_no_spec(tmp_path, text, stderr):
    run = with_stdin(text, "-", cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.splitlines() == stderr, run


# -- directory scans in a git work tree: what git lists ----------------------------------------


def git(repo, *args):
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    command += ["-c", "protocol.file.allow=always", *args]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    subprocess.run(command, cwd=repo, check=True, capture_output=True, env=env)


def scanned(run):
    assert_no_crash(run)
    assert run.stderr == "" and run.returncode == 0, run
    return run.report["files"]


def test_directory_scan_honours_gitignore(tmp_path):
    repo = git_init(tmp_path / "repo")
    write(repo / ".gitignore", "generated/\n*.bundled.yaml\n")
    for name in ("api/openapi.yaml", "generated/openapi.yaml", "api/openapi.bundled.yaml", "api/forced.bundled.yaml"):
        write(repo / name, GOOD_SPEC)
    git(repo, "add", "-f", "api/forced.bundled.yaml")  # tracked although ignored: git lists it
    assert scanned(apilint("--format", "json", ".", cwd=repo)) == ["api/forced.bundled.yaml", "api/openapi.yaml"]
    assert scanned(apilint("--format", "json", "openapi.yaml", ".", cwd=repo / "api")) == [
        "openapi.yaml",
        "forced.bundled.yaml",
    ]
    # A directory git ignores is still scanned when named.
    assert scanned(apilint("--format", "json", "generated", cwd=repo)) == ["generated/openapi.yaml"]


def test_directory_scan_enters_nested_repositories_and_submodules(tmp_path):
    upstream = git_init(tmp_path / "upstream")
    write(upstream / "openapi.yaml", GOOD_SPEC)
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "spec")
    repo = git_init(tmp_path / "repo")
    write(repo / "openapi.yaml", GOOD_SPEC)
    git(repo, "submodule", "add", "-q", str(upstream), "vendor/upstream")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "spec and submodule")
    nested = git_init(repo / "nested")  # a repository inside, not a submodule
    write(nested / "openapi.yaml", GOOD_SPEC)
    files = scanned(apilint("--format", "json", ".", cwd=repo))
    assert files == ["nested/openapi.yaml", "openapi.yaml", "vendor/upstream/openapi.yaml"]
    # A clone without --recurse-submodules: the submodule is an empty directory.
    git(tmp_path, "clone", "-q", str(repo), "clone")
    assert scanned(apilint("--format", "json", ".", cwd=tmp_path / "clone")) == ["openapi.yaml"]


@needs_fifo
def test_directory_scan_in_git_skips_special_files(tmp_path):
    repo = git_init(tmp_path / "repo")
    write(repo / "openapi.yaml", GOOD_SPEC)
    os.mkfifo(repo / "pipe.yaml")
    assert scanned(apilint("--format", "json", ".", cwd=repo, timeout=20)) == ["openapi.yaml"]


def test_directory_scan_without_git_walks(tmp_path, monkeypatch):
    from apilint.config import Config
    from apilint.documents.workspace import LoadOptions
    from apilint.runner import run_check

    repo = git_init(tmp_path / "repo")
    write(repo / ".gitignore", "generated/\n")
    write(repo / "generated" / "openapi.yaml", GOOD_SPEC)
    write(repo / "node_modules" / "openapi.yaml", GOOD_SPEC)  # the walk's own skip list still applies
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    result = run_check(["."], Config(), LoadOptions())
    assert not result.errors and result.files == ["generated/openapi.yaml"]


def test_directory_scan_in_git_skips_the_directories_the_walk_skips(tmp_path):
    # Tracked or not ignored, node_modules and hidden directories are skipped as without git:
    # what is checked must not depend on whether git is installed.
    repo = git_init(tmp_path / "repo")
    for name in ("openapi.yaml", "node_modules/pkg/openapi.yaml", ".hidden/openapi.yaml", ".venv/x/openapi.yaml"):
        write(repo / name, GOOD_SPEC)
    git(repo, "add", "-A")
    assert scanned(apilint("--format", "json", ".", cwd=repo)) == ["openapi.yaml"]


def test_same_file_named_two_ways_with_nothing_to_check_is_one_error(tmp_path):
    write(tmp_path / "compose.yml", "services: {web: {image: nginx}}\n")
    run = apilint("--format", "json", "compose.yml", "./compose.yml", cwd=tmp_path)
    assert_input_error(run, "compose.yml")  # exactly one line
    assert len(run.report["errors"]) == 1, run


def test_a_named_fragment_that_a_spec_reads_is_not_noted_as_skipped(tmp_path):
    repo = split_repo(tmp_path)  # as a shell glob or pre-commit names them: spec and fragment
    run = apilint("--select", "no-unresolved-ref", "spec/openapi.yaml", "common/Error.yaml", cwd=repo)
    assert run.returncode == 1 and run.stderr == "" and "common/Error.yaml:" in run.stdout, run
    alone = apilint("common/Error.yaml", "spec/openapi.yaml", cwd=repo)  # in either order
    assert alone.stderr == "", alone


def test_a_file_that_failed_is_not_counted_as_checked(tmp_path):
    write(tmp_path / "proj" / "spec.yaml", SPLIT_SPEC.replace("../common/Error.yaml", "../outside.yaml"))
    write(tmp_path / "outside.yaml", SPLIT_ERROR)
    run = apilint("--format", "json", "spec.yaml", cwd=tmp_path / "proj")
    assert run.returncode == 2 and run.report["files"] == [] and len(run.report["errors"]) == 1, run


def test_a_ref_root_that_does_not_exist_is_a_usage_error(tmp_path):
    write(tmp_path / "openapi.yaml", GOOD_SPEC)
    assert_input_error(apilint("--ref-root", "no-such-dir", "openapi.yaml", cwd=tmp_path), "no-such-dir")


# -- remote `$ref`s share one deadline ------------------------------------------------------------


class _SlowServer:
    """An HTTP server on 127.0.0.1 that answers every GET slowly: a comment line every 50 ms
    for 2 s, then a schema. It stops by itself: each answer ends after 2 s, whoever listens."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/yaml")
                self.end_headers()
                try:
                    for _ in range(40):
                        self.wfile.write(b"# still coming\n")
                        self.wfile.flush()
                        time.sleep(0.05)
                    self.wfile.write(b"A: {type: string}\nB: {type: string}\n")
                except OSError:  # the client gave up
                    pass

            def log_message(self, *args):  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_remote_refs_share_one_deadline(tmp_path, monkeypatch):
    from apilint.config import Config
    from apilint.documents.workspace import LoadOptions
    from apilint.runner import run_check

    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")
    with _SlowServer() as server:
        write(
            tmp_path / "spec.yaml",
            GOOD_SPEC
            + "components:\n  schemas:\n"
            + f"    A: {{$ref: '{server.url}/a.yaml#/A'}}\n"
            + f"    B: {{$ref: '{server.url}/a.yaml#/B'}}\n"
            + f"    C: {{$ref: '{server.url}/c.yaml#/A'}}\n",
        )
        options = LoadOptions(allow_remote_refs=True, remote_deadline_seconds=0.5)
        result = run_check([tmp_path / "spec.yaml"], Config(), options, select=["no-unresolved-ref"])
    assert not result.errors
    messages = sorted(finding.message for finding in result.findings)
    assert len(messages) == 3 and all("deadline" in message for message in messages), messages
    # The slow answer was cut at the deadline; after it, no other request was even made.
    assert len(server.requests) == 1, server.requests
