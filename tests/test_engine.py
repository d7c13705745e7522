"""The multi-format engine: format config sections, the file set's reader, formats no rule checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.config import load_config
from apilint.documents.files import FileSet
from apilint.documents.graphql import GraphQLFormat
from apilint.documents.openapi import OpenAPIFormat
from apilint.documents.workspace import LoadOptions, Workspace
from apilint.errors import InputError, UsageError
from tests.conftest import DUPLICATE_OPERATION_ID_SPEC, run_apilint


def _config(tmp_path: Path, text: str):
    path = tmp_path / ".apilint.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_a_format_section_fills_in_the_defaults_of_keys_it_does_not_set(tmp_path):
    config = _config(tmp_path, "graphql:\n  max-depth: 12\n")
    settings = config.settings_for(GraphQLFormat())
    assert settings["max-depth"] == 12
    assert settings["max-cost"] == GraphQLFormat.settings["max-cost"].default
    assert set(settings) == set(GraphQLFormat.settings)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("graphql:\n  max-dpth: 12\n", "graphql: unknown setting 'max-dpth'; did you mean 'max-depth'?"),
        ("graphql:\n  max-depth: deep\n", "graphql.max-depth: must be an integer"),
        ("graphql: 10\n", "`graphql` must be a mapping"),
        ("grapql: {}\n", "unknown configuration key 'grapql'; did you mean 'graphql'?"),
    ],
)
def test_a_format_section_accepts_only_the_keys_and_values_the_format_declares(tmp_path, text, problem):
    with pytest.raises(UsageError, match=problem.replace("?", r"\?").replace("(", r"\(")):
        _config(tmp_path, text)


def test_files_are_read_through_the_file_sets_reader_once(tmp_path):
    """The reader is the one place bytes come from: another reader (git, for `diff --base`) can
    stand in for the file system, $ref'd files included."""
    spec = tmp_path / "openapi.yaml"
    files = {
        spec: b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: 'paths.yaml#/a'}\n",
        tmp_path / "paths.yaml": b"a:\n  get:\n    responses: {'200': {description: ok}}\n",
    }
    reads: list[Path] = []

    class Revision:  # files as another version has them, none on disk
        def read(self, path: Path, max_bytes: int) -> bytes:
            reads.append(path)
            if path not in files:
                raise InputError(str(path), "not in this version")
            return files[path]

        def problem(self, path: Path) -> str | None:
            return None if path in files else "not in this version"

    fileset = FileSet(reader=Revision())
    workspace = Workspace(LoadOptions(allowed_roots=[tmp_path]), files=fileset)
    api = OpenAPIFormat().load(spec, workspace)
    assert [operation.path for operation in api.operations] == ["/a"]  # the $ref'd path item was read
    OpenAPIFormat().load(spec, workspace)
    assert reads == [spec, tmp_path / "paths.yaml"]  # each once, and never from disk (none exist)
    assert [source.path for source in fileset.sources] == [spec, tmp_path / "paths.yaml"]


def test_a_format_no_selected_rule_checks_is_skipped_when_another_is_checked(tmp_path):
    (tmp_path / "openapi.yaml").write_text(DUPLICATE_OPERATION_ID_SPEC, encoding="utf-8")
    (tmp_path / "schema.graphql").write_text("type Query { user: String }\n", encoding="utf-8")
    run = run_apilint("check", "--select", "graphql", "openapi.yaml", "schema.graphql", cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run  # the OpenAPI file's duplicate operationId was not looked at
    assert run.stderr.startswith("apilint: note: openapi.yaml: no rule left to run on openapi files"), run
