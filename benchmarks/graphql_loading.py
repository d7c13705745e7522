#!/usr/bin/env python3
"""apilint on big GraphQL schemas next to graphql-core's own parse + build_ast_schema.

For each schema, interleaved run by run in one session (medians of N runs):

* graphql-core, in process: parse + build_ast_schema(assume_valid_sdl=True), timed inside a
  fresh interpreter (no start-up, no imports)
* graphql-core, whole process: `python -c` that imports graphql, reads, parses and builds
* apilint --select graphql-schema-valid: `apilint check -q` with loading and the validity rule
* apilint, all rules: `apilint check -q`

The ratios are to graphql-core's whole process (the like-for-like figure) and to its in-process
time (the issue's bar: a whole check at most 1.3x parse + build). It measures and never judges.

    python benchmarks/graphql_loading.py [--runs N] [--corpus DIR]

Standard library only (graphql-core must be importable by the same interpreter).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
SCHEMAS = ["graphql/github/schema.graphql", "graphql/artsy-metaphysics/_schemaV2.graphql", "graphql/braintree/schema.graphql"]
INNER = (
    "import sys, time; from graphql import parse, build_ast_schema; text = open(sys.argv[1]).read(); "
    "start = time.perf_counter(); build_ast_schema(parse(text), assume_valid_sdl=True); "
    "print(time.perf_counter() - start)"
)


def measure(path: Path, runs: int) -> dict[str, float]:
    python = sys.executable
    check = [python, "-m", "apilint", "check", "-q", "--fail-on", "never"]
    commands = {
        "graphql-core whole process": [python, "-c", INNER, str(path)],
        "apilint --select graphql-schema-valid": [*check, "--select", "graphql-schema-valid", str(path)],
        "apilint, all rules": [*check, str(path)],
    }
    times: dict[str, list[float]] = {"graphql-core in process": [], **{name: [] for name in commands}}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT)
            times[name].append(time.perf_counter() - start)
            if name == "graphql-core whole process":
                times["graphql-core in process"].append(float(done.stdout))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    for schema in SCHEMAS:
        path = args.corpus / schema
        if not path.is_file():
            print(f"{schema}: not in {args.corpus}; skipped")
            continue
        medians = measure(path, args.runs)
        whole, inner = medians["graphql-core whole process"], medians["graphql-core in process"]
        print(f"{schema} ({path.stat().st_size / 1e6:.1f} MB)")
        for name, seconds in medians.items():
            print(f"  {name:40s} {seconds:5.2f} s  {seconds / whole:4.2f}x whole  {seconds / inner:4.2f}x in process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
