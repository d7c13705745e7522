"""`apilint diff` on real specs from ../shared/corpus (skipped where it is absent).

- Each real version pair in corpus/versions is compared to its end: no input error, no crash.
- GitHub REST and Kubernetes removed paths between their two versions (corpus SOURCES.md):
  each removed path is reported as breaking, unless all its operations were deprecated.
- A spec compared with itself has no change at all, for every OpenAPI spec of the corpus
  (multi-file, recursive, 2.0 to 3.1): the differ's cheapest false-alarm test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.config import Config
from apilint.diff.openapi import changes
from apilint.diff.runner import run_diff
from apilint.documents.files import FileSet
from apilint.documents.openapi import OpenAPIFormat
from apilint.documents.workspace import LoadOptions, Workspace
from apilint.errors import InputError
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
VERSIONS = CORPUS / "versions"
PAIRS = {
    "stripe": ("stripe/2021-06-07.json", "stripe/2021-11-10.json"),
    "github-rest": ("github-rest/2021-03-29.json", "github-rest/2021-10-10.json"),
    "kubernetes": ("kubernetes/2025-09-15.json", "kubernetes/2025-12-30.json"),
    "adyen-checkout": ("adyen-checkout/CheckoutService-v70.json", "adyen-checkout/CheckoutService-v71.json"),
}

pytestmark = pytest.mark.skipif(not VERSIONS.is_dir(), reason=f"shared corpus not found at {VERSIONS}")


def _diff(name: str):
    old, new = (VERSIONS / path for path in PAIRS[name])
    return run_diff([old], [new], Config(), LoadOptions(allowed_roots=[CORPUS]))


@pytest.mark.parametrize("name", PAIRS)
def test_a_real_pair_is_compared_to_its_end(name: str) -> None:
    result = _diff(name)
    assert result.complete, (result.errors, [crash.message for crash in result.crashes])


@pytest.mark.parametrize("name", ["github-rest", "kubernetes"])
def test_removed_paths_are_breaking(name: str) -> None:
    old, new = (json.loads((VERSIONS / path).read_bytes()) for path in PAIRS[name])
    added = set(new["paths"]) - set(old["paths"])
    # A path written with another template that matches the same URLs was not removed
    # (GitHub: /compare/{base}...{head} became /compare/{basehead}).
    removed = {path for path in set(old["paths"]) - set(new["paths"]) if not any(_same_urls(path, a) for a in added)}
    retired = {path for path in removed if all(op.get("deprecated") for op in _operations(old["paths"][path]))}
    assert removed - retired, "the corpus pair removes paths"
    reported = {}
    for finding in _diff(name).findings:
        if finding.rule_id == "path-removed":
            reported[finding.message.split()[1]] = finding.severity.label
    assert {path: "error" for path in removed - retired}.items() <= reported.items()  # breaking = error
    assert all(reported[path] == "info" for path in retired)


def _same_urls(old: str, new: str) -> bool:
    pairs = list(zip(old.split("/"), new.split("/")))
    return old.count("/") == new.count("/") and all(a == b or "{" in a and "{" in b for a, b in pairs)


def _operations(path_item: dict) -> list[dict]:
    return [
        value for key, value in path_item.items() if key in ("get", "put", "post", "delete", "patch", "head", "options")
    ]


def _specs() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted((CORPUS / "openapi").rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.is_file():
            head = path.read_bytes()[:65536]
            if b"openapi" in head or b"swagger" in head:
                found.append(path)
    return found


def _load(path: Path):
    return OpenAPIFormat().load(path, Workspace(LoadOptions(allowed_roots=[CORPUS]), [path], FileSet()))


@pytest.mark.parametrize("spec", _specs(), ids=lambda path: str(path.relative_to(CORPUS)))
def test_a_spec_compared_with_itself_has_no_change(spec: Path) -> None:
    try:
        old, new = _load(spec), _load(spec)  # two loads: no node is shared between the versions
    except InputError:
        pytest.skip("not a loadable OpenAPI description (check reports it)")
    assert [(change.kind, change.subject) for change in changes(old, new) if change.kind != "api-version"] == []


def test_the_report_is_the_same_whatever_the_hash_seed() -> None:
    # Sets of nodes iterate in an order that changes from run to run: nothing reported may
    # depend on it (GitHub's pair once named another first operation for one change per run).
    import os
    import subprocess
    import sys

    old, new = (str(VERSIONS / path) for path in PAIRS["github-rest"])
    reports = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        argv = [sys.executable, "-m", "apilint", "diff", old, new, "--ref-root", str(CORPUS), "--format", "json"]
        reports.append(subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300).stdout)
    assert json.loads(reports[0])["findings"] and reports[0] == reports[1]
