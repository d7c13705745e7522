"""`apilint check` over the real-world OpenAPI corpus in ../shared/corpus/openapi.

- It must never fail on input (exit 2), crash, or print a traceback, and it must check
  every OpenAPI document there.
- Every finding must point at a line that exists, and where its JSON pointer ends in a
  mapping key, that line must contain the key: a cheap, generic check of the
  pointer -> line mapping over every finding.
- Multi-file descriptions: copies of DigitalOcean's (YAML) and the OAI petstore-separate
  example (JSON) get defects planted in files they reach only through `$ref`s, at known
  lines; each must be reported once, in that file, at that line.
- A sample of findings from several specs is located again, independently, with PyYAML's
  composer, and must agree on line and column.

The corpus is checked once (one run over the whole directory), plus one run per planted copy.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import SHARED, run_apilint

CORPUS = SHARED / "corpus"
OPENAPI = CORPUS / "openapi"
DO_DIR = OPENAPI / "digitalocean" / "specification"
DO_ROOT = "DigitalOcean-public.v2.yaml"
PETSTORE_DIR = OPENAPI / "oai-examples" / "v2.0" / "json" / "petstore-separate"
PETSTORE_ROOT = "spec/swagger.json"
MISSING = "__apilint_missing__"

pytestmark = pytest.mark.skipif(not OPENAPI.is_dir(), reason=f"shared corpus not found at {OPENAPI}")


@dataclass
class Run:
    proc: subprocess.CompletedProcess
    report: dict | None
    base: Path  # the working directory: finding paths are relative to it

    @property
    def findings(self) -> list[dict]:
        return (self.report or {}).get("findings", [])


def _check(*args: str, cwd: Path, timeout: float) -> Run:
    proc = run_apilint("check", "--format", "json", *args, cwd=cwd, timeout=timeout)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = None
    return Run(proc, report, cwd)


def _assert_ran_cleanly(run: Run) -> None:
    proc = run.proc
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, proc.stderr[-3000:]
    assert "internal error" not in output, proc.stderr[-3000:]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("apilint: error")]
    assert not errors, "\n".join(errors[:20])
    assert proc.returncode in (0, 1), f"exit {proc.returncode}: {proc.stderr[-3000:]}"
    assert run.report is not None, f"no JSON report on stdout: {proc.stdout[:500]!r}"


@pytest.fixture(scope="module")
def corpus_run() -> Run:
    # Some corpus descriptions $ref sibling folders (petstore-separate/spec -> ../common),
    # which by design needs --ref-root; allow the corpus tree, nothing outside it.
    return _check("--ref-root", str(OPENAPI), ".", cwd=OPENAPI, timeout=300)


# -- planting defects in $ref'd files ---------------------------------------------------------


@dataclass
class Plant:
    name: str
    file: str  # relative to the copy's root (= the run's working directory)
    line: int
    rule: str
    marker: str  # a word the finding's message contains
    column: int | None = None


def _edit(path: Path, edit) -> int:
    """Apply edit(lines) -> 0-based index of the changed line; returns it 1-based."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = edit(lines)
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")
    return index + 1


def _replace_first(pattern: str, replacement: str):
    def edit(lines: list[str]) -> int:
        for index, line in enumerate(lines):
            if re.search(pattern, line):
                lines[index] = re.sub(pattern, replacement, line, count=1)
                return index
        raise AssertionError(f"no line matches {pattern!r}")

    return edit


def _insert_after(index: int, text: str):
    def edit(lines: list[str]) -> int:
        lines.insert(index + 1, text)
        return index + 1

    return edit


_REF_LINE = re.compile(r"""^\s*(?:-\s+)?["']?\$ref["']?:\s*(['"]?)(?P<target>[^'"\s#]*(?:#[^'"\s,]*)?)\1\s*,?\s*$""")


def _break_first_ref(missing: str):
    """Make the first `$ref`'s JSON pointer miss (its file still loads, so nothing else changes)."""

    def edit(lines: list[str]) -> int:
        for index, line in enumerate(lines):
            match = _REF_LINE.match(line)
            if match:
                target = match["target"]
                broken = target + (f"/{missing}" if "#" in target else f"#/{missing}")
                lines[index] = line[: match.start("target")] + broken + line[match.end("target") :]
                return index
        raise AssertionError("no $ref line")

    return edit


def _plant(copy: Path, name: str, relative: str, edit, rule: str, marker: str) -> Plant:
    path = copy / relative
    line = _edit(path, edit)
    column = None
    if rule == "no-unresolved-ref":
        column = path.read_text(encoding="utf-8").split("\n")[line - 1].index("$ref") + 1
        if path.suffix == ".json":
            column -= 1  # the key's opening quote
    return Plant(name, relative, line, rule, marker, column)


def _scratch_copy(tmp_path_factory, source: Path, root: str, name: str) -> Path:
    """A copy of a corpus spec folder to plant defects in; skips when the corpus lacks it."""
    if not (source / root).is_file():
        pytest.skip(f"{source / root} not found")
    copy = tmp_path_factory.mktemp(name) / source.name
    shutil.copytree(source, copy)
    return copy


def _broken_ref(copy: Path, name: str, relative: str) -> Plant:
    missing = f"{name}{MISSING}"  # unique per plant, so each finding is told apart by message
    return _plant(copy, name, relative, _break_first_ref(missing), "no-unresolved-ref", missing)


@pytest.fixture(scope="module")
def digitalocean_planted(tmp_path_factory) -> tuple[Run, list[Plant]]:
    copy = _scratch_copy(tmp_path_factory, DO_DIR, DO_ROOT, "digitalocean")
    plants = [
        # Broken $refs at increasing depth: root -> operation -> response -> shared/model -> model.
        _broken_ref(copy, "ref-in-operation", "resources/1-clicks/oneClicks_list.yml"),
        _broken_ref(copy, "ref-in-response", "resources/1-clicks/responses/oneClicks_all.yml"),
        _broken_ref(copy, "ref-in-shared-response", "shared/responses/unauthorized.yml"),
        _broken_ref(copy, "ref-in-deep-model", "resources/apps/models/app.yml"),
        # Other rules, reporting inside $ref'd files.
        _plant(
            copy,
            "duplicate-operation-id",
            "resources/1-clicks/oneClicks_install_kubernetes.yml",
            _replace_first(r"^operationId: .*$", "operationId: oneClicks_list"),
            "operation-id-unique",
            "oneClicks_list",
        ),
        _plant(
            copy,
            "schema-typo-in-operation",
            "resources/account/account_get.yml",
            _insert_after(0, "x_typo: 1"),
            "oas-schema-valid",
            "x_typo",
        ),
        _plant(
            copy,
            "schema-typo-in-shared-response",
            "shared/responses/server_error.yml",
            _insert_after(0, "descripton: typo"),
            "oas-schema-valid",
            "descripton",
        ),
        _plant(
            copy,
            "schema-enum-in-model",
            "resources/1-clicks/models/oneClicks.yml",
            _replace_first(r"^type: object$", "type: objekt"),
            "oas-schema-valid",
            "objekt",
        ),
    ]
    run = _check(DO_ROOT, cwd=copy, timeout=120)
    return run, plants


@pytest.fixture(scope="module")
def petstore_planted(tmp_path_factory) -> tuple[Run, list[Plant]]:
    copy = _scratch_copy(tmp_path_factory, PETSTORE_DIR, PETSTORE_ROOT, "petstore")
    plants = [
        _broken_ref(copy, "json-ref-in-schema", "spec/NewPet.json"),
        _plant(
            copy,
            "json-enum-in-parameter",
            "spec/parameters.json",
            _replace_first(r'"in": "query"', '"in": "qeury"'),
            "oas-schema-valid",
            "qeury",
        ),
        _plant(
            copy,
            "json-unknown-key-in-parameter",
            "spec/parameters.json",
            _insert_after(12, '    "x_typo": 1,'),  # first line inside "limitsParam"
            "oas-schema-valid",
            "x_typo",
        ),
    ]
    run = _check("--ref-root", str(copy), PETSTORE_ROOT, cwd=copy, timeout=60)
    return run, plants


PLANT_IDS = [
    "do:ref-in-operation",
    "do:ref-in-response",
    "do:ref-in-shared-response",
    "do:ref-in-deep-model",
    "do:duplicate-operation-id",
    "do:schema-typo-in-operation",
    "do:schema-typo-in-shared-response",  # reached under a numeric key ('500'): must map to its own file
    "do:schema-enum-in-model",
    "petstore:json-ref-in-schema",
    "petstore:json-enum-in-parameter",  # 2.0's Reference branch must not win over the bad `in` value
    "petstore:json-unknown-key-in-parameter",
]


@pytest.fixture(scope="module")
def planted(digitalocean_planted, petstore_planted) -> dict[str, tuple[Run, Plant]]:
    return {
        f"{prefix}:{plant.name}": (run, plant)
        for prefix, (run, plants) in (("do", digitalocean_planted), ("petstore", petstore_planted))
        for plant in plants
    }


@pytest.mark.parametrize("plant_id", PLANT_IDS)
def test_planted_defect_is_reported_once_where_written(planted, plant_id):
    run, plant = planted[plant_id]
    _assert_ran_cleanly(run)
    matching = [f for f in run.findings if f["rule"] == plant.rule and plant.marker in f["message"]]
    where = [(f["file"], f["line"], f["column"], f["pointer"]) for f in matching]
    assert len(matching) == 1, f"expected one {plant.rule} finding at {plant.file}:{plant.line}, got {len(matching)}: {where[:5]}"
    finding = matching[0]
    if plant.rule == "operation-id-unique":
        # Either of the two operations may be reported; the planted one is the later path.
        assert (finding["file"], finding["line"]) in {(plant.file, plant.line), ("resources/1-clicks/oneClicks_list.yml", 1)}, finding
    else:
        assert (finding["file"], finding["line"]) == (plant.file, plant.line), finding
    if plant.column is not None:
        assert finding["column"] == plant.column, finding
    if plant.rule == "no-unresolved-ref":
        assert finding["pointer"].endswith("/$ref"), finding


def test_planted_runs_have_no_other_reference_problems(digitalocean_planted, petstore_planted):
    for run, plants in (digitalocean_planted, petstore_planted):
        _assert_ran_cleanly(run)
        expected = sum(plant.rule == "no-unresolved-ref" for plant in plants)
        got = [f for f in run.findings if f["rule"] == "no-unresolved-ref"]
        assert len(got) == expected, [(f["file"], f["line"], f["message"][:100]) for f in got]


# -- the corpus run ---------------------------------------------------------------------------


def _spec_name(base: Path, file: str) -> str:
    path = (base / file).resolve()
    try:
        return str(path.relative_to(OPENAPI))
    except ValueError:
        return f"(planted copy) {path.relative_to(base.resolve())}"


def test_corpus_check_never_fails_on_input(corpus_run):
    _assert_ran_cleanly(corpus_run)
    assert corpus_run.report["files"], "no files were checked"
    # Per rule, per spec: shown with `pytest -s` / `-rA`, for the record.
    counts = collections.Counter((_spec_name(OPENAPI, f["file"]), f["rule"]) for f in corpus_run.findings)
    print(f"\n{len(corpus_run.report['files'])} files checked, {len(corpus_run.findings)} findings")
    for (spec, rule), count in sorted(counts.items()):
        print(f"  {count:6d}  {rule:22s} {spec}")


def _openapi_documents() -> set[str]:
    """Every OpenAPI/Swagger root document, found without apilint: a top-level `openapi` or
    `swagger` key anywhere in the file (JSON parsed; YAML by a column-0 key)."""
    yaml_marker = re.compile(rb"""^["']?(?:openapi|swagger)["']?[ \t]*:""", re.MULTILINE)
    documents = set()
    for path in OPENAPI.rglob("*"):
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in (".json", ".yaml", ".yml"):
            continue
        raw = path.read_bytes()
        if suffix == ".json":
            if b'"openapi"' not in raw and b'"swagger"' not in raw:
                continue
            data = json.loads(raw)
            if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
                documents.add(str(path.relative_to(OPENAPI)))
        elif yaml_marker.search(raw):
            documents.add(str(path.relative_to(OPENAPI)))
    return documents


def test_every_openapi_document_is_checked(corpus_run):
    assert corpus_run.report is not None
    checked = {str((OPENAPI / file).resolve().relative_to(OPENAPI)) for file in corpus_run.report["files"]}
    documents = _openapi_documents()
    assert len(documents) >= 10
    missing = sorted(documents - checked)
    assert not missing, f"{len(missing)} OpenAPI documents were not checked: {missing}"


# -- locations of every finding ---------------------------------------------------------------


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


@lru_cache(maxsize=None)
def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _key_written_on_line(token: str, line: str, is_json: bool) -> bool:
    spellings = {json.dumps(token, ensure_ascii=False), json.dumps(token)}
    spellings.add(json.dumps(token, ensure_ascii=False).replace("/", "\\/"))
    if not is_json:
        spellings |= {token, "'" + token.replace("'", "''") + "'"}
    return any(spelling in line for spelling in spellings)


def _location_problems(runs: list[Run]) -> tuple[list[str], int, int]:
    problems: list[str] = []
    total = checked_keys = 0
    for run in runs:
        for finding in run.findings:
            total += 1
            where = (
                f"{_spec_name(run.base, finding['file'])}:{finding['line']}:{finding['column']} "
                f"{finding['pointer']} ({finding['rule']})"
            )
            path = (run.base / finding["file"]).resolve()
            if not path.is_file():
                problems.append(f"{where}: file does not exist")
                continue
            if finding["line"] < 1 or finding["column"] < 1:
                problems.append(f"{where}: line and column must be >= 1")
                continue
            lines = _lines(path)
            if finding["line"] > len(lines):
                problems.append(f"{where}: the file has only {len(lines)} lines")
                continue
            tokens = _tokens(finding["pointer"])
            if not tokens or re.fullmatch(r"-?\d+", tokens[-1]):
                continue  # the root, a sequence item, or an integer key such as 200
            checked_keys += 1
            line = lines[finding["line"] - 1]
            if not _key_written_on_line(tokens[-1], line, path.suffix.lower() == ".json"):
                problems.append(f"{where}: line does not contain key {tokens[-1]!r}: {line.strip()[:120]!r}")
    return problems, total, checked_keys


def test_every_corpus_finding_points_at_an_existing_line_with_its_key(corpus_run):
    problems, total, checked = _location_problems([corpus_run])
    assert total > 0, "the corpus produced no findings to check locations with"
    assert not problems, f"{len(problems)} of {total} findings are mislocated:\n" + "\n".join(problems[:100])
    assert checked > 0


def test_every_planted_run_finding_points_at_an_existing_line_with_its_key(digitalocean_planted, petstore_planted):
    runs = [digitalocean_planted[0], petstore_planted[0]]
    problems, total, _ = _location_problems(runs)
    assert total > 0
    assert not problems, f"{len(problems)} of {total} findings are mislocated:\n" + "\n".join(problems[:100])


def test_findings_from_shared_files_point_at_their_key(digitalocean_planted):
    problems, total, _ = _location_problems([digitalocean_planted[0]])
    assert not problems, f"{len(problems)} of {total} findings are mislocated:\n" + "\n".join(problems[:20])


# -- independent positions: PyYAML's composer -------------------------------------------------


@lru_cache(maxsize=None)
def _composed(path: Path):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)


def _composable(path: Path) -> bool:
    import yaml

    try:
        _composed(path)
    except yaml.YAMLError:
        return False
    return True


def _pyyaml_position(path: Path, tokens: list[str]) -> tuple[int, int] | None:
    """(line, column), 1-based, of the key (or sequence item) a pointer ends at, per PyYAML."""
    import yaml

    node = mark = _composed(path)
    for token in tokens:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == token:
                    mark, node = key, value
                    break
            else:
                return None
        elif isinstance(node, yaml.SequenceNode):
            try:
                node = mark = node.value[int(token)]
            except (ValueError, IndexError):
                return None
            if isinstance(node, yaml.MappingNode) and node.value:
                mark = node.value[0][0]  # apilint's convention: a sequence item is located at its first key
        else:
            return None
    return mark.start_mark.line + 1, mark.start_mark.column + 1


def test_sampled_locations_match_pyyaml(corpus_run, digitalocean_planted, petstore_planted):
    """First, middle and last finding of every file with findings, located again with PyYAML:
    the natural corpus findings plus those planted in $ref'd files of multi-file specs."""
    by_file: dict[Path, list[dict]] = collections.defaultdict(list)
    for run in (corpus_run, digitalocean_planted[0], petstore_planted[0]):
        for finding in run.findings:
            if _tokens(finding["pointer"]):
                by_file[(run.base / finding["file"]).resolve()].append(finding)
    sample = []
    for path, findings in sorted(by_file.items()):
        if not _composable(path):
            continue  # PyYAML (YAML 1.1) cannot read this JSON file, so it cannot be the reference
        findings.sort(key=lambda f: (f["line"], f["column"], f["pointer"]))
        sample.extend((path, findings[i]) for i in sorted({0, len(findings) // 2, len(findings) - 1}))
    do_copy = digitalocean_planted[0].base.resolve()
    in_referenced = [p for p, _ in sample if do_copy in p.parents and p.name != DO_ROOT]
    assert len(sample) >= 12 and len(by_file) >= 5, f"only {len(sample)} findings in {len(by_file)} files to sample"
    assert in_referenced, "no sampled finding lies in a $ref'd DigitalOcean file"
    problems = []
    for path, finding in sample:
        tokens = _tokens(finding["pointer"])
        expected = _pyyaml_position(path, tokens)
        got = (finding["line"], finding["column"])
        where = f"{path.name}:{got[0]}:{got[1]} {finding['pointer']} ({finding['rule']})"
        if expected is None:
            problems.append(f"{where}: PyYAML finds nothing at this pointer")
        elif got != expected:
            text = _lines(path)[expected[0] - 1].strip()[:100]
            problems.append(f"{where}: PyYAML puts it at {expected[0]}:{expected[1]} ({text!r})")
    assert not problems, f"{len(problems)} of {len(sample)} sampled findings are mislocated:\n" + "\n".join(problems)
