#!/usr/bin/env python3
"""Whole-process speed of apilint on big GraphQL schemas, next to graphql-core's own floor and the peers.

For each of the issue's big schemas (GitHub, Artsy, Braintree) and Linear's schema folder with the
operations its SDK generates, in one session and interleaved run by run (the machinery of run.py), this measures:

* apilint:    `apilint check SCHEMA --format json` (all rules)
* floor:      a `python -c` one-liner doing graphql-core's own `parse` + `build_ast_schema(...,
              assume_valid_sdl=True)` of the same file. The bar: apilint ≤ 1.3 × floor
* floor, gc:  the same one-liner with the garbage collector tuned as apilint tunes it: the
              least apilint can cost, so apilint/floor-gc is the price of its checks
* graphql-schema-linter (all its rules) and `graphql-inspector introspect` (load, build and
  introspect the schema: inspector has no schema lint; on Linear's folder: `validate` of the
  operations), where installed (the peers README)
* baseline:   with `--baseline REV`, apilint as committed at REV, run the same way
* OpenAPI start-up: `apilint check examples/petstore.yaml` and `python -c pass`, so a GraphQL
  change that slows OpenAPI runs shows up next to its baseline

It measures and never judges: exit 0, except 2 on usage errors.

    python benchmarks/run_graphql.py [--runs N] [--peer-runs N] [--peers DIR] [--corpus DIR]
                                     [--markdown FILE] [--only TEXT] [--baseline REV] [--no-peers]

Run it with the Python apilint is installed in (the floor imports graphql-core from it).
Not named graphql.py: as a script its folder comes first on sys.path, and it would shadow
graphql-core. Standard library only.
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

BAR = 1.3  # apilint's whole check may cost at most 1.3 × graphql-core's parse + build (issue 9)

FLOOR = (
    "import sys; from graphql import build_ast_schema, parse; "
    "p = sys.argv[1]; build_ast_schema(parse(open(p, encoding='utf-8').read()), assume_valid_sdl=True)"
)
# A schema folder with operations: graphql-core also validates every operation against the schema
# (all errors: the default cap of 100 would stop validating early).
FLOOR_OPERATIONS = (
    "import sys; from pathlib import Path; from graphql import build_ast_schema, parse, validate; d = Path(sys.argv[1]); "
    "s = build_ast_schema(parse((d / 'schema.graphql').read_text('utf-8')), assume_valid_sdl=True); "
    "validate(s, parse((d / '_generated_documents.graphql').read_text('utf-8')), max_errors=10**9)"
)
# The floors again with the cycle collector tuned as apilint.cli.run tunes it: a schema's AST is a
# million small objects, and the default thresholds re-scan them over and over (a third of GitHub's
# floor). apilint/this is apilint's own cost; the bar stays against the plain one-liner, as the issue says.
GC_TUNED = "import gc; gc.set_threshold(200_000, 30, 30); "


@dataclass
class Case:
    label: str
    target: str  # under the corpus: what apilint checks and the floor reads
    floor: str  # `python -c` code, the target as sys.argv[1]
    operations: str = ""  # the operations file inside a folder target: inspector validates it


# The three big schemas, and Linear's schema with the 663 operations and 557 fragments its SDK
# generates (validating those is most of that check's work).
CASES = [
    Case("github", "graphql/github/schema.graphql", FLOOR),
    Case("artsy", "graphql/artsy-metaphysics/_schemaV2.graphql", FLOOR),
    Case("braintree", "graphql/braintree/schema.graphql", FLOOR),
    Case("linear + operations", "graphql/linear/packages/sdk/src", FLOOR_OPERATIONS, "_generated_documents.graphql"),
]


def peer_tools(case: Case, target: Path, peers: Path, runs: int, workdir: Path, notes: list[str]) -> list[Tool]:
    """graphql-schema-linter on a schema file; inspector introspects a schema (it has no schema lint)
    or validates a folder's operations against its schema."""
    env = {**os.environ, **PEER_ENV}
    bin_dir = peers / "node_modules" / ".bin"
    tools = []
    linter, inspector = bin_dir / "graphql-schema-linter", bin_dir / "graphql-inspector"
    if not linter.exists():
        notes.append(f"graphql-schema-linter skipped: {linter} not found (install the peers, see benchmarks/README.md)")
    elif not case.operations:
        # No config in the neutral cwd: all its rules. Exit 1 = findings.
        tools.append(Tool("linter", "graphql-schema-linter", [str(linter), "-f", "json", "SPEC"], runs, env, ok_exits=(0, 1)))
    if not inspector.exists():
        notes.append(f"graphql-inspector skipped: {inspector} not found")
    elif case.operations:
        argv = [str(inspector), "validate", str(target / case.operations), str(target / "schema.graphql")]
        tools.append(Tool("inspector", "graphql-inspector validate", argv, runs, env, ok_exits=(0, 1)))
    else:
        argv = [str(inspector), "introspect", "SPEC", "--write", str(workdir / "introspection.json")]
        tools.append(Tool("inspector", "graphql-inspector introspect", argv, runs, env, ok_exits=(0,)))
    return tools


def _megabytes(target: Path) -> float:
    files = [target] if target.is_file() else [p for p in target.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def linter_count(stdout: bytes) -> str:
    """graphql-schema-linter's findings; says so when the schema was invalid and its rules did not run."""
    try:
        errors = json.loads(stdout)["errors"]
    except (ValueError, KeyError, TypeError):
        return "no JSON"
    rules = Counter(error.get("rule") for error in errors)
    if rules and set(rules) == {"invalid-graphql-schema"}:
        return f"{len(errors)} invalid-graphql-schema: schema refused, its rules did not run"
    return f"{len(errors)} findings, {len(rules)} rules"


def main(argv: list[str] | None = None) -> int:
    parser = common_arguments(__doc__.split("\n\n")[0], "schemas", "the floor")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)

    notes: list[str] = []
    progress = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    cases = [case for case in CASES if not args.only or any(o in case.label for o in args.only)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="apilint-bench-graphql-") as tmp:
        workdir = Path(tmp)  # neutral cwd: no apilint or graphql-schema-linter config is picked up
        if args.no_peers:
            notes.append("peers not measured (--no-peers)")
        base_env = python_env(workdir / "pycache", notes)
        own, startup = apilint_and_startup(args, workdir, base_env, progress)
        for case in cases:
            target = args.corpus / case.target
            if not target.exists():
                notes.append(f"{case.label}: {target} not found, skipped")
                continue
            progress(f"{case.label} ({_megabytes(target):.1f} MB)")
            floors = [
                Tool("floor", "floor", [sys.executable, "-c", case.floor, "SPEC"], args.runs, base_env, ok_exits=(0,)),
                Tool("floor_gc", "floor, gc tuned", [sys.executable, "-c", GC_TUNED + case.floor, "SPEC"], args.runs, base_env, ok_exits=(0,)),
            ]
            peers = [] if args.no_peers else peer_tools(case, target, args.peers, args.peer_runs, workdir, notes)
            tools = [*own, *floors, *peers]
            rows.append((case, target, run_spec(target, tools, workdir, progress), tools))

    publish(*render(rows, startup, notes, args), args)
    return 0


# -- output ------------------------------------------------------------------------------------


def render(rows, startup: dict[str, Result], notes: list[str], args) -> tuple[str, str]:
    header = [
        "schema",
        "MB",
        "apilint s",
        *([f"@{args.baseline} s"] if args.baseline else []),
        "floor s",
        "apilint/floor",
        f"bar ≤ {BAR} × floor",
        "floor-gc s",
        "apilint/floor-gc",
        "schema-linter s",
        "inspector s",
        "apilint peak MB",
        "floor peak MB",
    ]
    main_rows, detail_rows, found_rows = [], [], []
    for case, target, results, tools in rows:
        label = case.label
        apilint, floor = results["apilint"], results["floor"]
        found, checked = apilint_summary(apilint.stdout)

        def cell(key: str, results: dict = results) -> str:
            return time_cell(results.get(key), "–")  # not installed (see the notes) or not for this case

        ratio, bar = ratio_cells(checked, apilint, floor, BAR, "floor")
        main_rows.append(
            [
                label,
                f"{_megabytes(target):.1f}",
                cell("apilint"),
                *([cell("baseline")] if args.baseline else []),
                cell("floor"),
                ratio,
                bar,
                cell("floor_gc"),
                _ratio(apilint, results["floor_gc"]) if checked else "n/a",
                cell("linter"),
                cell("inspector"),
                fmt_mb(apilint.peak_mb),
                fmt_mb(floor.peak_mb),
            ]
        )
        for tool in tools:
            result = results.get(tool.key)
            if result is not None:
                detail_rows.append(_detail(label, tool, result))
        rules = apilint_rules(apilint.stdout)
        found_rows.append([label, (f"{found}: {rules}" if rules else found) if checked else f"did not check the file ({_first_line(apilint.stderr)})"])
    for key in ("apilint", "baseline", "python"):
        if key in startup:
            detail_rows.append(_detail("OpenAPI start-up", startup[key].tool, startup[key]))
    detail_header = ["schema", "tool", "runs", "median s", "min s", "max s", "peak MB", "exit", "output / notes"]

    start_line = startup_line(startup, args.baseline)

    machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}"
    runs_line = (
        f"Median of {args.runs} runs (apilint, floor, start-up) / {args.peer_runs} runs (peers), each after one warm-up; "
        f"timeout {TIMEOUT_SECONDS:.0f} s per run. Floor: graphql-core's parse + build_ast_schema(assume_valid_sdl=True) "
        "(+ validate of the operations for a folder). Inspector: introspect a schema, validate a folder's operations."
    )
    notes = list(dict.fromkeys(notes))  # each case notes a missing peer
    lines = (runs_line, start_line)
    return report("apilint GraphQL benchmark", machine, lines, "schema", (header, main_rows), found_rows, (detail_header, detail_rows), notes)


def _ratio(apilint: Result, floor: Result) -> str:
    return f"{apilint.median / floor.median:.2f}" if apilint.median and floor.median else "n/a"


def _detail(label: str, tool: Tool, result: Result) -> list[str]:
    return tool_detail(label, tool, result, linter_count(result.stdout) if tool.key == "linter" else "")


if __name__ == "__main__":
    sys.exit(main())
