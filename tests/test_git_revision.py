"""Reading files as a git revision has them (the reader `apilint diff --base REV` will use)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from apilint.documents.files import FileSet, GitRevision
from apilint.documents.openapi import OpenAPIFormat
from apilint.documents.workspace import LoadOptions, Workspace
from apilint.errors import InputError, UsageError

SPEC = (
    "openapi: 3.0.3\n"
    "info: {title: t, version: '1'}\n"
    "paths:\n"
    "  /{path}:\n"
    "    get:\n"
    "      responses:\n"
    "        '404': {$ref: 'common/errors.yaml#/NotFound'}\n"
)
ERRORS = "NotFound: {description: not found}\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose last commit has the spec with /old; the work tree has changed since."""
    _git(tmp_path, "init", "-q")
    for key, value in (("user.name", "apilint tests"), ("user.email", "t@apilint.invalid"), ("commit.gpgsign", "false")):
        _git(tmp_path, "config", key, value)
    (tmp_path / "common").mkdir()
    (tmp_path / "openapi.yaml").write_text(SPEC.replace("{path}", "old"), encoding="utf-8")
    (tmp_path / "common" / "errors.yaml").write_text(ERRORS, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    (tmp_path / "openapi.yaml").write_text(SPEC.replace("{path}", "new"), encoding="utf-8")
    (tmp_path / "common" / "errors.yaml").write_text("NotFound: {description: gone}\n", encoding="utf-8")
    (tmp_path / "added.yaml").write_text("openapi: 3.0.3\n", encoding="utf-8")
    return tmp_path


def _load(repo: Path, revision: str):
    files = FileSet(reader=GitRevision.open(repo, revision))
    workspace = Workspace(LoadOptions(), named=[repo], files=files)
    return OpenAPIFormat().load(repo / "openapi.yaml", workspace), files


def test_a_spec_and_the_files_it_refs_are_read_as_the_revision_has_them(repo: Path) -> None:
    api, files = _load(repo, "HEAD")
    [operation] = api.operations
    assert operation.path == "/old"  # the work tree says /new
    [response] = operation.responses
    assert response.data == {"description": "not found"}  # the $ref'd file at HEAD too
    assert sorted(source.path.name for source in files.sources) == ["errors.yaml", "openapi.yaml"]
    assert sorted(path.name for path in repo.iterdir()) == [".git", "added.yaml", "common", "openapi.yaml"]


def test_a_path_the_revision_does_not_have_is_a_problem_not_a_crash(repo: Path) -> None:
    reader = GitRevision.open(repo, "HEAD")
    assert reader.problem(repo / "added.yaml") == "not at HEAD"
    assert reader.problem(repo / "common") == "a directory at HEAD, not a file"
    assert reader.problem(repo / "openapi.yaml") is None
    with pytest.raises(InputError, match="not at HEAD"):
        reader.read(repo / "added.yaml", 1024)
    with pytest.raises(InputError, match="above the 0 MB limit"):
        reader.read(repo / "openapi.yaml", 10)


@pytest.mark.parametrize("revision", ["no-such-branch", "--output=x", "HEAD~5"])
def test_an_unknown_revision_is_a_usage_error(repo: Path, revision: str) -> None:
    with pytest.raises(UsageError, match="is no commit of the git repository"):
        GitRevision.open(repo, revision)


def test_outside_git_there_is_no_revision(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not in a git work tree"):
        GitRevision.open(tmp_path, "HEAD")
