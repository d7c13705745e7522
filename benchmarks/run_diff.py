#!/usr/bin/env python3
"""Whole-process speed of `apilint diff` on real version pairs, next to `apilint check` of the newer file.

For each pair of ../shared/corpus/versions (Stripe, GitHub REST, Kubernetes, Adyen), in one session and
interleaved run by run (the machinery of run.py), this measures:

* diff:     `apilint diff OLD NEW --format json` (every breaking-change rule)
* check:    `apilint check NEW --format json` (every lint rule): the bar is diff ≤ 2.5 × check (issue 10)
* openapi-diff and Optic (`optic diff --check` with the breaking-changes standard), where installed
  (the peers README) and where they read the pair as it is: Optic on Adyen. openapi-diff reads no
  OpenAPI 3.1 and runs out of memory on Kubernetes; Optic reads no Swagger 2.0; on GitHub and
  Stripe both fail or give up after minutes (the issue): they run there only with --all-peers
* baseline: with `--baseline REV`, apilint diff as committed at REV, run the same way

It measures and never judges: exit 0, except 2 on usage errors.

    python benchmarks/run_diff.py [--runs N] [--peer-runs N] [--peers DIR] [--corpus DIR]
                                  [--markdown FILE] [--only TEXT] [--baseline REV] [--no-peers] [--all-peers]

Standard library only.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from run import (  # benchmarks/ is on sys.path when this script runs
    PEER_ENV,
    Tool,
    _first_line,
    apilint_argv,
    apilint_rules,
    baseline_env,
    check_common_arguments,
    common_arguments,
    detail_row,
    fmt_mb,
    publish,
    python_env,
    ratio_cells,
    report,
    run_spec,
    time_cell,
)

BAR = 2.5  # a diff may cost at most 2.5 × a check of the newer file (issue 10)


@dataclass
class Pair:
    label: str
    old: str  # under the corpus
    new: str
    peers: tuple[str, ...]  # the peers that read this pair (see the module docstring)


PAIRS = [
    Pair("stripe", "versions/stripe/2021-06-07.json", "versions/stripe/2021-11-10.json", ()),
    Pair("github-rest", "versions/github-rest/2021-03-29.json", "versions/github-rest/2021-10-10.json", ()),
    # openapi-diff grows past 10 GB on Kubernetes and is killed; Optic reads no Swagger 2.0.
    Pair("kubernetes", "versions/kubernetes/2025-09-15.json", "versions/kubernetes/2025-12-30.json", ()),
    Pair(
        "adyen-checkout",
        "versions/adyen-checkout/CheckoutService-v70.json",
        "versions/adyen-checkout/CheckoutService-v71.json",
        ("optic",),
    ),
]


def peer_tools(pair: Pair, old: Path, new: Path, args, workdir: Path, notes: list[str]) -> list[Tool]:
    env = {**os.environ, **PEER_ENV, "CI": "true"}
    bin_dir = args.peers / "node_modules" / ".bin"
    wanted = ("openapi-diff", "optic") if args.all_peers else pair.peers
    tools = []
    if "openapi-diff" in wanted:
        command = bin_dir / "openapi-diff"
        if command.exists():  # exit 1 = breaking changes found
            tools.append(
                Tool(
                    "openapi_diff",
                    "openapi-diff",
                    [str(command), str(old), str(new)],
                    args.peer_runs,
                    env,
                    ok_exits=(0, 1),
                )
            )
        else:
            notes.append(f"openapi-diff skipped: {command} not found (install the peers, see benchmarks/README.md)")
    if "optic" in wanted:
        command = bin_dir / "optic"
        standard = args.peers / "rulesets" / "optic-breaking.yml"
        if command.exists() and standard.exists():
            argv = [str(command), "diff", str(old), str(new), "--check", "--standard", str(standard)]
            tools.append(Tool("optic", "optic diff --check", argv, args.peer_runs, env, ok_exits=(0, 1)))
        else:
            notes.append(f"optic skipped: {command} or {standard} not found")
    return tools


def levels(stdout: bytes) -> str:
    """apilint's findings by level in its JSON report: 'breaking 3, dangerous 1, non-breaking 31'."""
    try:
        summary = json.loads(stdout)["summary"]
    except (ValueError, KeyError, TypeError):
        return "no JSON"
    return ", ".join(f"{level} {count}" for level, count in summary.items() if count)


def main(argv: list[str] | None = None) -> int:
    parser = common_arguments(__doc__.split("\n\n")[0], "pairs", "check")
    parser.add_argument("--all-peers", action="store_true", help="run both peers on every pair (minutes each)")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)

    notes: list[str] = []
    progress = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    pairs = [pair for pair in PAIRS if not args.only or any(o in pair.label for o in args.only)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="apilint-bench-diff-") as tmp:
        workdir = Path(tmp)  # neutral cwd: no apilint config is picked up
        if args.no_peers:
            notes.append("peers not measured (--no-peers)")
        env = python_env(workdir / "pycache", notes)
        baseline = baseline_env(args.baseline, workdir, env) if args.baseline else None  # unpacked once
        for pair in pairs:
            old, new = args.corpus / pair.old, args.corpus / pair.new
            if not old.is_file() or not new.is_file():
                notes.append(f"{pair.label}: {old} or {new} not found, skipped")
                continue
            progress(f"{pair.label} ({(old.stat().st_size + new.stat().st_size) / 1e6:.1f} MB)")
            # --ref-root: the corpus is no git work tree; its files may $ref each other.
            roots = ["--ref-root", str(args.corpus)]
            diff = [*apilint_argv(), "diff", str(old), str(new), *roots, "--format", "json"]
            check = [*apilint_argv(), "check", str(new), *roots, "--format", "json"]
            tools = [
                Tool("diff", "apilint diff", diff, args.runs, env, ok_exits=(0, 1)),
                Tool("check", "apilint check (newer file)", check, args.runs, env, ok_exits=(0, 1)),
            ]
            if baseline is not None:
                tools.append(
                    Tool("baseline", f"apilint@{args.baseline} diff", diff, args.runs, baseline, ok_exits=(0, 1))
                )
            if not args.no_peers:
                tools += peer_tools(pair, old, new, args, workdir, notes)
            rows.append((pair, run_spec(new, tools, workdir, progress), tools))

    publish(*render(rows, notes, args), args)
    return 0


def render(rows, notes: list[str], args) -> tuple[str, str]:
    header = [
        "pair",
        "diff s",
        *([f"@{args.baseline} s"] if args.baseline else []),
        "check s",
        "diff/check",
        f"bar ≤ {BAR} × check",
        "openapi-diff s",
        "optic s",
        "diff peak MB",
        "check peak MB",
    ]
    main_rows, detail_rows, found_rows = [], [], []
    for pair, results, tools in rows:
        diff, check = results["diff"], results["check"]
        ran = bool(diff.samples)
        ratio, bar = ratio_cells(ran, diff, check, BAR, "check")
        main_rows.append(
            [
                pair.label,
                time_cell(diff, "–"),
                *([time_cell(results.get("baseline"), "–")] if args.baseline else []),
                time_cell(check, "–"),
                ratio,
                bar,
                time_cell(results.get("openapi_diff"), "–"),
                time_cell(results.get("optic"), "–"),
                fmt_mb(diff.peak_mb),
                fmt_mb(check.peak_mb),
            ]
        )
        for tool in tools:
            result = results.get(tool.key)
            if result is not None:
                what = levels(result.stdout) if tool.key in ("diff", "baseline") else result.stopped or ""
                detail_rows.append(detail_row(pair.label, tool.name, result, what))
        found = (
            f"{levels(diff.stdout)}: {apilint_rules(diff.stdout)}"
            if ran
            else f"did not run ({_first_line(diff.stderr)})"
        )
        found_rows.append([pair.label, found])
    detail_header = ["pair", "tool", "runs", "median s", "min s", "max s", "peak MB", "exit", "output / notes"]
    machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}"
    runs_line = (
        f"Median of {args.runs} runs (apilint) / {args.peer_runs} runs (peers), each after one warm-up, "
        "interleaved run by run in one session."
    )
    return report(
        "apilint diff: speed on real version pairs",
        machine,
        (runs_line, "The bar: a diff costs at most 2.5 × a check of the newer file."),
        "pair",
        (header, main_rows),
        found_rows,
        (detail_header, detail_rows),
        notes,
    )


if __name__ == "__main__":
    sys.exit(main())
