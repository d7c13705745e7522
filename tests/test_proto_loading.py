"""Protobuf loading through the real CLI (apilint/documents/proto.py, proto_loading.py):
compiling with protoc, import roots, compile errors, locations, suppression comments."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from apilint.documents import LoadContext
from apilint.documents.files import FileSet
from apilint.documents.proto import FIELD_LABEL, ProtoDocument, ProtoFormat
from apilint.documents.proto_loading import load_protos
from apilint.documents.workspace import LoadOptions
from tests.conftest import run_apilint

# These tests are about loading: they pin the one rule loading feeds, so new rules do not change them.
LOADING_RULE = "proto-package-versioned"
UNVERSIONED = 'syntax = "proto3";\npackage acme.orders;\nmessage Order { string name = 1; }\n'
VERSIONED = 'syntax = "proto3";\npackage acme.orders.v1;\nmessage Order { string name = 1; }\n'


def _unversioned(message: str) -> str:
    """A file with the one finding of LOADING_RULE, defining `message`: files one protoc call
    compiles together must not define the same name twice."""
    return UNVERSIONED.replace("Order", message)


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def _check(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    pinned = [] if "--select" in args else ["--select", LOADING_RULE]
    run = run_apilint("check", *pinned, *args, cwd=root, timeout=60)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr + run.stdout, run
    return run


def _report(root: Path, *args: str) -> dict:
    run = _check(root, "--format", "json", *args)
    assert run.returncode in (0, 1), run
    return json.loads(run.stdout)


def _where(report: dict) -> list[tuple[str, int, int, str]]:
    return [(f["file"], f["line"], f["column"], f["rule"]) for f in report["findings"]]


def _load(root: Path, *names: str, proto_paths: list[Path] = ()) -> list:
    """What the loader yields for these files, named as a user would (documents or errors)."""
    paths = [root / name for name in names]
    context = LoadContext(FileSet(), LoadOptions(), paths, {"paths": []}, root, [], list(proto_paths))
    return list(load_protos(paths, context))


# -- compiling --------------------------------------------------------------------------------


def test_a_file_compiles_with_its_imports_and_the_bundled_google_api_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "acme/orders/v1/orders.proto": 'syntax = "proto3";\npackage acme.orders.v1;\n'
            'import "google/api/annotations.proto";\nimport "acme/orders/v1/types.proto";\n'
            "service OrderService {\n  rpc GetOrder(GetOrderRequest) returns (Order) {\n"
            '    option (google.api.http) = {get: "/v1/{name=orders/*}"};\n  }\n}\n'
            "message GetOrderRequest { string name = 1; }\n",
            "acme/orders/v1/types.proto": 'syntax = "proto3";\npackage acme.orders.v1;\nmessage Order { string name = 1; }\n',
        },
    )
    [document] = _load(tmp_path, "acme/orders/v1/orders.proto")
    assert isinstance(document, ProtoDocument)
    assert [file.name for file in document.files] == ["acme/orders/v1/orders.proto"]  # imports are not checked
    [method] = document.methods()
    assert method.full_name == "acme.orders.v1.OrderService.GetOrder"
    assert document.message(method.output_type).full_name == "acme.orders.v1.Order"  # found in the imported file
    assert [(binding.verb, binding.path) for binding in method.http] == [("get", "/v1/{name=orders/*}")]


def test_a_compile_error_is_one_line_as_protoc_says_it_and_the_other_files_are_still_checked(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "broken.proto": 'syntax = "proto3";\npackage acme.v1;\nmessage A {\n\tstring x = 1\n}\n',
            "other.proto": UNVERSIONED,
        },
    )
    run = _check(tmp_path, "broken.proto", "other.proto")
    assert run.returncode == 2, run
    assert run.stderr.splitlines() == ['apilint: error: broken.proto:5:1: Expected ";".'], run
    assert "other.proto:2:1: warning proto-package-versioned" in run.stdout, run


def test_an_import_that_resolves_nowhere_is_an_error_at_the_import_with_a_hint(tmp_path: Path) -> None:
    _write(tmp_path, {"api.proto": 'syntax = "proto3";\npackage acme.v1;\nimport "shared/money.proto";\n'})
    run = _check(tmp_path, "api.proto")
    assert run.returncode == 2, run
    [line] = run.stderr.splitlines()
    assert line.startswith('apilint: error: api.proto:3:1: Import "shared/money.proto" was not found'), line
    assert "--proto-path" in line, line


def test_protoc_warnings_are_not_errors(tmp_path: Path) -> None:
    unused_import = (
        'syntax = "proto3";\npackage acme.v1;\nimport "google/protobuf/empty.proto";\nmessage A { string x = 1; }\n'
    )
    _write(tmp_path, {"api.proto": unused_import})
    run = _check(tmp_path, "api.proto")
    assert (run.returncode, run.stderr) == (0, ""), run


def test_compiling_leaves_no_temporary_file_behind_whatever_happens(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    _write(tmp_path, {"good.proto": UNVERSIONED, "bad.proto": "syntax = 'proto3';\nmessage {\n"})  # named one at a time
    env = {**os.environ, "TMPDIR": str(scratch), "NO_COLOR": "1"}
    for name, expected in (("good.proto", 0), ("bad.proto", 2)):
        run = subprocess.run(
            [os.sys.executable, "-m", "apilint", "check", name], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert run.returncode == expected, run
    assert list(scratch.iterdir()) == []


def test_a_file_above_the_size_limit_is_refused_before_protoc_reads_it(tmp_path: Path) -> None:
    _write(tmp_path, {"huge.proto": VERSIONED + "// padding\n" * 200_000})
    run = _check(tmp_path, "--max-file-size", "1", "huge.proto")
    assert run.returncode == 2, run
    assert run.stderr.startswith("apilint: error: huge.proto: file is 2.1 MB, above the 1 MB limit"), run


@pytest.mark.parametrize(
    "content, message",
    [(b"", "file is empty"), (b"\x00\x01\x02proto", "file is binary, not an API description")],
)
def test_an_empty_or_binary_proto_file_named_is_an_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    _write(tmp_path, {"api.proto": content})
    run = _check(tmp_path, "api.proto")
    assert run.returncode == 2 and message in run.stderr, run


# -- import roots ------------------------------------------------------------------------------


def test_the_root_a_package_names_resolves_imports_without_any_option(tmp_path: Path) -> None:
    # proto/acme/orders/v1/api.proto imports "acme/common/v1/money.proto": relative to proto/,
    # which the package `acme.orders.v1` says the file is below.
    _write(
        tmp_path,
        {
            "proto/acme/orders/v1/api.proto": 'syntax = "proto3";\npackage acme.orders.v1;\n'
            'import "acme/common/v1/money.proto";\nmessage Order { acme.common.v1.Money total = 1; }\n',
            "proto/acme/common/v1/money.proto": 'syntax = "proto3";\npackage acme.common.v1;\nmessage Money { int64 units = 1; }\n',
        },
    )
    report = _report(tmp_path, "proto/acme/orders/v1/api.proto")
    assert report["errors"] == [] and report["files"] == ["proto/acme/orders/v1/api.proto"], report


def test_imports_relative_to_the_file_s_own_directory_resolve(tmp_path: Path) -> None:
    # Neither the package nor the git work tree's root says where api/ is rooted: the file's own
    # directory is a root too.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _write(
        tmp_path,
        {
            "api/orders.proto": 'syntax = "proto3";\npackage acme.orders.v1;\n'
            'import "money.proto";\nmessage Order { acme.common.v1.Money total = 1; }\n',
            "api/money.proto": 'syntax = "proto3";\npackage acme.common.v1;\nmessage Money { int64 units = 1; }\n',
        },
    )
    assert _report(tmp_path, "api/orders.proto")["errors"] == []


def test_proto_path_and_the_config_name_roots_a_layout_cannot_tell(tmp_path: Path) -> None:
    # The package does not match the folders: only the user knows imports are relative to schemas/.
    _write(
        tmp_path,
        {
            "schemas/orders/api.proto": 'syntax = "proto3";\npackage acme.orders.v1;\n'
            'import "common/money.proto";\nmessage Order { acme.common.v1.Money total = 1; }\n',
            "schemas/common/money.proto": 'syntax = "proto3";\npackage acme.common.v1;\nmessage Money { int64 units = 1; }\n',
        },
    )
    assert _check(tmp_path, "schemas/orders/api.proto").returncode == 2
    assert _report(tmp_path, "--proto-path", "schemas", "schemas/orders/api.proto")["errors"] == []
    _write(tmp_path, {".apilint.yaml": "proto:\n  paths: [schemas]\n"})
    assert _report(tmp_path, "schemas/orders/api.proto")["errors"] == []


def test_two_versions_of_one_api_side_by_side_are_compiled_apart(tmp_path: Path) -> None:
    # Both define acme.orders.v1.Order: one protoc call would reject the second definition.
    _write(tmp_path, {f"{date}/acme/orders/v1/api.proto": VERSIONED for date in ("2025-01-01", "2026-01-01")})
    report = _report(tmp_path, ".")
    assert report["errors"] == [] and len(report["files"]) == 2, report


def test_googleapis_loads_with_its_imports(corpus: Path) -> None:
    report = _report(corpus / "proto", ".")
    assert report["errors"] == [], report["errors"][:3]
    assert len(report["files"]) == sum(1 for _ in (corpus / "proto").rglob("*.proto"))


# -- locations ---------------------------------------------------------------------------------


def test_columns_count_characters_where_protoc_counts_a_tab_as_eight(tmp_path: Path) -> None:
    # protoc puts `package` after a tab at its column 8, and after `/* é */` at byte 8.
    for prefix, column in (("\t", 2), ("/* é */ ", 9), ("\t/* é */\t", 10)):
        _write(tmp_path, {"api.proto": f'syntax = "proto3";\n{prefix}package acme;\nmessage A {{}}\n'})
        assert _where(_report(tmp_path, "api.proto")) == [("api.proto", 2, column, LOADING_RULE)], prefix


def test_a_location_names_the_definition_by_full_name_not_by_protoc_index(tmp_path: Path) -> None:
    orders = (
        'syntax = "proto2";\npackage acme.orders.v1;\n'
        "service OrderService {\n  rpc GetOrder(Order) returns (Order);\n}\n"
        "message Order {\n\trequired string name = 1;\n  enum Status { STATUS_UNSPECIFIED = 0; }\n}\n"
    )
    reordered = orders.replace("message Order {", "message Unused {}\nmessage Order {")
    for text, line_shift in ((orders, 0), (reordered, 1)):
        _write(tmp_path, {"api.proto": text})
        [document] = _load(tmp_path, "api.proto")
        [source] = [file.source for file in document.files]
        pointers = [(), ("OrderService", "GetOrder"), ("Order", "name"), ("Order", "name", f":{FIELD_LABEL}")]
        pointers += [("Order", "Status", "STATUS_UNSPECIFIED"), ("Order", "gone")]
        found = [(loc.pointer, loc.kind, loc.line, loc.column) for loc in source.locations(pointers)]
        assert found == [
            ("acme.orders.v1", "namespace", 2, 1),
            ("acme.orders.v1.OrderService.GetOrder", "function", 4, 7),
            ("acme.orders.v1.Order.name", "member", 7 + line_shift, 18),  # after the tab: character 18
            ("acme.orders.v1.Order.name", "member", 7 + line_shift, 2),  # the `required` keyword
            ("acme.orders.v1.Order.Status.STATUS_UNSPECIFIED", "member", 8 + line_shift, 17),
            ("acme.orders.v1.Order.gone", "member", 6 + line_shift, 9),  # not defined: its parent
        ]


def test_sarif_and_baselines_use_the_full_name(tmp_path: Path) -> None:
    _write(tmp_path, {"api.proto": UNVERSIONED})
    sarif = json.loads(_check(tmp_path, "api.proto", "--format", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "acme.orders", "kind": "namespace"}]
    _check(tmp_path, "api.proto", "--write-baseline", "baseline.json")
    assert json.loads((tmp_path / "baseline.json").read_text())["findings"] == [
        {"rule": LOADING_RULE, "file": "api.proto", "pointer": "acme.orders"}
    ]
    _write(tmp_path, {"api.proto": "// A new header comment.\n\n" + UNVERSIONED})  # lines move; the name does not
    assert _check(tmp_path, "api.proto", "--baseline", "baseline.json").returncode == 0


# -- suppression comments ----------------------------------------------------------------------


def test_a_comment_on_the_package_statement_suppresses_for_the_whole_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "leading.proto": _unversioned("A").replace(
                "package", "// apilint: ignore[proto-package-versioned] legacy\npackage"
            ),
            "trailing.proto": _unversioned("B").replace(
                "orders;", "orders; // apilint: ignore[proto-package-versioned] legacy"
            ),
            "block.proto": _unversioned("C").replace(
                "package", "/* apilint: ignore[proto-package-versioned] legacy */\npackage"
            ),
        },
    )
    report = _report(tmp_path, ".")
    assert [f["suppressed"] for f in report["findings"]] == [{"reason": "legacy"}] * 3, report
    sarif = json.loads(_check(tmp_path, "leading.proto", "--format", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["suppressions"][0]["justification"] == "legacy"


def test_a_misplaced_or_malformed_suppression_comment_is_reported_where_it_is_written(tmp_path: Path) -> None:
    # A blank line between the comment and `package`: protoc attaches it to nothing.
    detached = "// apilint: ignore[proto-package-versioned] legacy\n\n" + _unversioned("A")
    _write(
        tmp_path,
        {
            "detached.proto": detached,
            "no-brackets.proto": _unversioned("B").replace(
                "orders;", "orders; // apilint: ignore proto-package-versioned"
            ),
            "unknown.proto": _unversioned("C").replace("orders;", "orders; // apilint: ignore[proto-packages]"),
            "string.proto": VERSIONED.replace("message", 'option go_package = "x // apilint: ignore[a]";\nmessage'),
        },
    )
    report = _report(tmp_path, ".")
    invalid = [
        (f["file"], f["line"], f["column"], f["message"]) for f in report["findings"] if f["rule"] == "invalid-ignore"
    ]
    assert invalid == [
        (
            "detached.proto",
            1,
            4,
            "apilint: ignore must be in the comment right above a definition, or at the end of its line",
        ),
        ("no-brackets.proto", 2, 25, "apilint: ignore takes rule ids in brackets: // apilint: ignore[rule-id] reason"),
        (
            "unknown.proto",
            2,
            25,
            "apilint: ignore: unknown rule 'proto-packages'; did you mean 'proto-package-versioned'?",
        ),
    ]
    assert {f["file"] for f in report["findings"] if f["rule"] == LOADING_RULE} == {
        "detached.proto",
        "no-brackets.proto",
        "unknown.proto",
    }


def test_an_unused_suppression_is_reported_when_asked(tmp_path: Path) -> None:
    _write(
        tmp_path, {"api.proto": VERSIONED.replace("package", "// apilint: ignore[proto-package-versioned]\npackage")}
    )
    report = _report(tmp_path, "api.proto", "--report-unused-ignores")
    assert _where(report) == [("api.proto", 2, 4, "unused-ignore")], report


def test_the_format_claims_proto_files_by_name_and_content() -> None:
    proto = ProtoFormat()
    assert proto.claims(Path("a.proto"), b'syntax = "proto3";', 18)
    assert proto.claims(Path("a.PROTO"), b"message A {}", 12)
    assert not proto.claims(Path("a.proto"), b"  \n", 3) and not proto.claims(Path("a.proto"), b"\x00\x01", 2)
    assert not proto.claims(Path("a.txt"), b'syntax = "proto3";', 18)


# -- a big set: two halves at once -------------------------------------------------------------


def _two_files(tmp_path: Path, second: str) -> None:
    _write(tmp_path, {"a.proto": VERSIONED, "b.proto": second})


@pytest.mark.parametrize("split", [False, True])
def test_a_set_compiled_in_two_halves_loads_as_one_call_does(tmp_path: Path, monkeypatch, split: bool) -> None:
    from apilint.documents import proto_loading

    monkeypatch.setattr(proto_loading, "_PARALLEL_BYTES", 1 if split else 1 << 40)
    _two_files(
        tmp_path, 'syntax = "proto3";\npackage acme.orders.v1;\nimport "a.proto";\nmessage Box { Order order = 1; }\n'
    )
    assert proto_loading._halves(
        ["a.proto", "b.proto"], {n: (None, _source(tmp_path / n)) for n in ("a.proto", "b.proto")}
    )[1] == (["a.proto"] if split else [])
    [document] = _load(tmp_path, "a.proto", "b.proto")
    assert sorted(file.name for file in document.files) == ["a.proto", "b.proto"]
    assert document.message("acme.orders.v1.Box").fields[0].type_name == "acme.orders.v1.Order"


@pytest.mark.parametrize("split", [False, True])
def test_a_name_two_files_define_is_protoc_s_error_however_the_set_is_split(
    tmp_path: Path, monkeypatch, split: bool
) -> None:
    from apilint.documents import proto_loading

    monkeypatch.setattr(proto_loading, "_PARALLEL_BYTES", 1 if split else 1 << 40)
    _two_files(tmp_path, 'syntax = "proto3";\npackage acme.orders.v1;\n\nmessage Order { int64 id = 1; }\n')
    errors = _load(tmp_path, "a.proto", "b.proto")
    assert [str(error) for error in errors if not isinstance(error, ProtoDocument)][:1] == [
        f'{_shown(tmp_path / "b.proto")}:4:9: "acme.orders.v1.Order" is already defined in file "a.proto".'
    ]


def test_a_compile_error_in_the_second_half_is_reported(tmp_path: Path, monkeypatch) -> None:
    from apilint.documents import proto_loading

    monkeypatch.setattr(proto_loading, "_PARALLEL_BYTES", 1)
    _two_files(tmp_path, 'syntax = "proto3";\npackage acme.orders.v1;\nmessage Box {\n  Missing m = 1;\n}\n')
    loaded = _load(tmp_path, "a.proto", "b.proto")
    assert [str(item) for item in loaded if not isinstance(item, ProtoDocument)] == [
        f'{_shown(tmp_path / "b.proto")}:4:3: "Missing" is not defined.'
    ]
    assert [file.name for item in loaded if isinstance(item, ProtoDocument) for file in item.files] == ["a.proto"]


def _source(path: Path):
    from apilint.documents.proto import ProtoSource

    return ProtoSource(path, path.read_bytes())


def _shown(path: Path) -> str:
    from apilint.documents.source import display_path

    return display_path(path)


def test_the_sarif_report_of_the_example_validates_and_names_every_result_by_full_name() -> None:
    from tests.conftest import REPO, SHARED

    run = run_apilint("check", "examples/orders.proto", "--format", "sarif", cwd=REPO, timeout=60)
    assert run.returncode == 1, run
    report = json.loads(run.stdout)
    names = [
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for result in report["runs"][0]["results"]
    ]
    assert len(names) >= 8 and all(name.startswith("acme.orders.v1.") for name in names), names
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema_path.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(report, json.loads(schema_path.read_text(encoding="utf-8")))


def test_lines_are_counted_as_protoc_counts_them_whatever_else_a_comment_holds(tmp_path: Path) -> None:
    # A form feed or a line separator in a comment ends no line for protoc.
    _write(tmp_path, {"api.proto": 'syntax = "proto3";\n// a\x0cb\u2028c\n\t\tpackage acme;\nmessage A {}\n'})
    assert _where(_report(tmp_path, "api.proto")) == [("api.proto", 3, 3, LOADING_RULE)]
