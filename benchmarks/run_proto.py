#!/usr/bin/env python3
"""Whole-process speed of apilint on a tree of .proto files, next to protoc alone and the peers.

For the googleapis tree of the corpus (244 files, 6.7 MB, with `google/cloud/compute/v1/compute.proto`
at 4 MB) and the two versions of googleapis' Pub/Sub, in one session and interleaved run by run
(the machinery of run.py), this measures:

* apilint:   `apilint check DIR --format json` (all rules)
* protoc:    a `python -c` one-liner compiling every file of DIR with grpcio-tools' protoc, as
             apilint does (one call, `--include_source_info --include_imports`): the floor
* buf lint:  the DEFAULT category, given on the command line (the corpus has no buf.yaml), and
  protolint's default rules, where installed (the peers README). The bar: apilint ≤ 0.8 × buf lint
* baseline:  with `--baseline REV`, apilint as committed at REV, run the same way
* OpenAPI start-up: `apilint check examples/petstore.yaml` and `python -c pass`, so protobuf
  support that slows OpenAPI runs shows up next to its baseline

It measures and never judges: exit 0, except 2 on usage errors.

    python benchmarks/run_proto.py [--runs N] [--peer-runs N] [--peers DIR] [--corpus DIR]
                                   [--markdown FILE] [--only TEXT] [--baseline REV] [--no-peers]

Run it with the Python apilint is installed in (the floor imports grpc_tools from it). Standard
library only.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from run import (  # benchmarks/ is on sys.path when this script runs
    PEER_ENV,
    TIMEOUT_SECONDS,
    Result,
    Tool,
    _first_line,
    apilint_and_startup,
    apilint_rules,
    apilint_summary,
    check_common_arguments,
    common_arguments,
    fmt_mb,
    publish,
    python_env,
    ratio_cells,
    report,
    run_spec,
    startup_line,
    time_cell,
    tool_detail,
)

BAR = 0.8  # apilint's whole check may take at most 0.8 × buf lint's time (issue 11)
BUF_CONFIG = json.dumps({"version": "v2", "lint": {"use": ["DEFAULT"]}})

# protoc as apilint calls it: every file under the directory, named relative to it, one call, with the
# bundled import roots last (the well-known types, googleapis-common-protos' google/api files).
FLOOR = (
    "import sys, importlib.util; from pathlib import Path; from grpc_tools import protoc; d = Path(sys.argv[1]); "
    "names = sorted(p.relative_to(d).as_posix() for p in d.rglob('*.proto')); "
    "tools = Path(importlib.util.find_spec('grpc_tools').origin).parent / '_proto'; "
    "common = Path(next(iter(importlib.util.find_spec('google.api').submodule_search_locations))).parent.parent; "
    "sys.exit(protoc.main(['protoc', f'-I{d}', f'-I{tools}', f'-I{common}', '--include_source_info', "
    "'--include_imports', '--descriptor_set_out=' + sys.argv[2], *names]))"
)


@dataclass
class Case:
    label: str
    target: str  # a directory under the corpus, the import root of its files


CASES = [
    Case("googleapis (244 files)", "proto"),
    Case("pubsub v1, 2022", "versions/googleapis-pubsub-v1/2022-12-20"),
    Case("pubsub v1, 2026", "versions/googleapis-pubsub-v1/2026-08-21"),
]


def peer_tools(peers: Path, runs: int, workdir: Path, notes: list[str]) -> list[Tool]:
    env = {**os.environ, **PEER_ENV}
    buf = peers / "node_modules" / "@bufbuild" / "buf-linux-x64" / "bin" / "buf"  # the native binary, not the Node shim
    protolint = peers / "venv" / "bin" / "protolint"
    tools = []
    if buf.exists():
        argv = [str(buf), "lint", "SPEC", "--config", BUF_CONFIG, "--error-format", "json"]
        tools.append(Tool("buf", "buf lint (DEFAULT)", argv, runs, env, ok_exits=(0, 100)))  # 100: findings
    else:
        notes.append(f"buf skipped: {buf} not found (install the peers, see benchmarks/README.md)")
    if protolint.exists():
        argv = [str(protolint), "lint", "-reporter", "json", "-output_file", str(workdir / "protolint.json"), "SPEC"]
        tools.append(Tool("protolint", "protolint", argv, runs, env, ok_exits=(0, 1)))
    else:
        notes.append(f"protolint skipped: {protolint} not found")
    return tools


def _megabytes(target: Path) -> float:
    return sum(p.stat().st_size for p in target.rglob("*.proto")) / 1e6


def buf_count(stdout: bytes) -> str:
    """buf's findings (one JSON object per line), and how many rules they come from."""
    try:
        findings = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    except ValueError:
        return "no JSON"
    return f"{len(findings)} findings, {len(Counter(f.get('type') for f in findings))} rules"


def main(argv: list[str] | None = None) -> int:
    parser = common_arguments(__doc__.split("\n\n")[0], "trees", "protoc")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)

    notes: list[str] = []
    progress = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    cases = [case for case in CASES if not args.only or any(o in case.label for o in args.only)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="apilint-bench-proto-") as tmp:
        workdir = Path(tmp)  # neutral cwd: no apilint or buf config is picked up
        if args.no_peers:
            notes.append("peers not measured (--no-peers)")
        base_env = python_env(workdir / "pycache", notes)
        own, startup = apilint_and_startup(args, workdir, base_env, progress)
        peers = [] if args.no_peers else peer_tools(args.peers, args.peer_runs, workdir, notes)
        floor_argv = [sys.executable, "-c", FLOOR, "SPEC", str(workdir / "set.pb")]
        floor = Tool("floor", "protoc (grpc_tools)", floor_argv, args.runs, base_env, ok_exits=(0,))
        for case in cases:
            target = args.corpus / case.target
            if not target.is_dir():
                notes.append(f"{case.label}: {target} not found, skipped")
                continue
            progress(f"{case.label} ({_megabytes(target):.1f} MB)")
            tools = [*own, floor, *peers]
            rows.append((case, target, run_spec(target, tools, workdir, progress), tools))

    publish(*render(rows, startup, notes, args), args)
    return 0


# -- output ------------------------------------------------------------------------------------


def render(rows, startup: dict[str, Result], notes: list[str], args) -> tuple[str, str]:
    header = [
        "tree",
        "MB",
        "apilint s",
        *([f"@{args.baseline} s"] if args.baseline else []),
        "protoc s",
        "apilint/protoc",
        "buf lint s",
        "apilint/buf",
        f"bar ≤ {BAR} × buf",
        "protolint s",
        "apilint peak MB",
        "buf peak MB",
    ]
    main_rows, detail_rows, found_rows = [], [], []
    for case, target, results, tools in rows:
        apilint = results["apilint"]
        found, checked = apilint_summary(apilint.stdout)

        def cell(key: str, results: dict = results) -> str:
            return time_cell(results.get(key), "–")  # not installed (see the notes)

        ratio, bar = ratio_cells(checked, apilint, results.get("buf"), BAR, "buf lint")
        floor_ratio, _ = ratio_cells(checked, apilint, results["floor"], 0, "protoc")
        main_rows.append(
            [
                case.label,
                f"{_megabytes(target):.1f}",
                cell("apilint"),
                *([cell("baseline")] if args.baseline else []),
                cell("floor"),
                floor_ratio,
                cell("buf"),
                ratio,
                bar,
                cell("protolint"),
                fmt_mb(apilint.peak_mb),
                fmt_mb(results["buf"].peak_mb) if "buf" in results else "–",
            ]
        )
        for tool in tools:
            result = results.get(tool.key)
            if result is not None:
                detail_rows.append(_detail(case.label, tool, result))
        rules = apilint_rules(apilint.stdout)
        found_rows.append(
            [
                case.label,
                (f"{found}: {rules}" if rules else found)
                if checked
                else f"did not check ({_first_line(apilint.stderr)})",
            ]
        )
    for key in ("apilint", "baseline", "python"):
        if key in startup:
            detail_rows.append(_detail("OpenAPI start-up", startup[key].tool, startup[key]))
    detail_header = ["tree", "tool", "runs", "median s", "min s", "max s", "peak MB", "exit", "output / notes"]

    start_line = startup_line(startup, args.baseline)

    machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}"
    runs_line = (
        f"Median of {args.runs} runs (apilint, protoc, start-up) / {args.peer_runs} runs (peers), each after one warm-up; "
        f"timeout {TIMEOUT_SECONDS:.0f} s per run. protoc: grpcio-tools' protoc compiling every file of the tree in "
        "one call with source info, as apilint does. buf lint: category DEFAULT."
    )
    notes = list(dict.fromkeys(notes))
    return report(
        "apilint protobuf benchmark",
        machine,
        (runs_line, start_line),
        "tree",
        (header, main_rows),
        found_rows,
        (detail_header, detail_rows),
        notes,
    )


def _detail(label: str, tool: Tool, result: Result) -> list[str]:
    return tool_detail(label, tool, result, buf_count(result.stdout) if tool.key == "buf" else "", unit="tree")


if __name__ == "__main__":
    sys.exit(main())
