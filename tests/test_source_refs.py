"""`SourceFile.ref_strings` finds `$ref`s by searching text; it must agree with walking the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.documents.workspace import LoadOptions, Workspace
from tests.conftest import CORPUS, REPO, run_apilint


def _load(path: Path):
    return Workspace(LoadOptions()).load_root(path)


def _walked(source) -> frozenset[str]:
    return frozenset(ref for _, ref in source.markers[0])


def _spec_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())


def test_text_search_equals_walk_on_fixtures() -> None:
    files = _spec_files(REPO / "fixtures")
    searched = 0
    for path in files:
        try:
            source = _load(path)
        except Exception:  # noqa: BLE001 - bad-input fixtures are tested elsewhere
            continue
        searched += source._json_text is not None
        assert source.ref_strings == _walked(source), path
    assert searched > 50  # most fixtures take the text search, not the fallback


def test_text_search_equals_walk_on_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    for path in _spec_files(CORPUS / "openapi"):
        try:
            source = _load(path)
        except Exception:  # noqa: BLE001 - not every corpus file is a spec
            continue
        assert source.ref_strings == _walked(source), path


def test_ref_text_inside_a_string_or_another_key_is_not_a_ref(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1", "description": 'Write {"$ref": "#/nowhere"} to reuse a schema.'},
        "x-data": {"not$ref": "#/nowhere"},
        "paths": {},
        "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}}},
    }
    spec.write_text(json.dumps(document, indent=2))
    assert _load(spec).ref_strings == {"#/components/schemas/B"}


def test_escaped_ref_key_is_still_found_and_checked(tmp_path: Path) -> None:
    # JSON may spell the key with an escape; the text search cannot see it, the walk does.
    spec = tmp_path / "openapi.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},\n'
        ' "components": {"schemas": {"A": {"\\u0024ref": "#/components/schemas/Missing"}}}}\n'
    )
    assert _load(spec).ref_strings == {"#/components/schemas/Missing"}
    result = run_apilint("check", str(spec), "--select", "no-unresolved-ref", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "openapi.json:2:" in result.stdout and "Missing" in result.stdout


def test_broken_ref_in_a_yaml_file_is_reported_at_its_line(tmp_path: Path) -> None:
    # YAML takes the dump of the exactness check as its text; the site still comes from the walk.
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    A:\n"
        "      example: {$ref: '#/not/a/ref'}\n"
        "    B:\n"
        "      $ref: '#/components/schemas/Gone'\n"
    )
    assert _load(spec)._json_text is not None
    result = run_apilint("check", str(spec), "--select", "no-unresolved-ref", cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "no-unresolved-ref" in line]
    assert len(lines) == 1 and "openapi.yaml:9:" in lines[0], result.stdout
