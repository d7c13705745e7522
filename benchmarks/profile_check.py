#!/usr/bin/env python3
"""Profile one `apilint check` in-process with cProfile and print the hot spots.

    /work/venv/bin/python benchmarks/profile_check.py SPEC [--top 25] [--sort cumulative|tottime]
                                                       [--save FILE.prof] [-- extra apilint check args]

Imports are profiled too (apilint.cli is imported inside the profiled call), so the
numbers add up to what one `apilint check SPEC --format json` costs, plus cProfile's
own overhead (which inflates code making many small calls: compare with run.py's
wall times). Times are in milliseconds. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import sys
import time


def run_apilint(argv: list[str]) -> tuple[int, str]:
    """`apilint <argv>` in this process; (exit code, stdout)."""
    from apilint.cli import main

    buffer = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(buffer):
        try:
            main.main(args=argv, prog_name="apilint", standalone_mode=False)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    return code, buffer.getvalue()


def _location(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":  # built-in
        return function
    for marker in ("site-packages" + os.sep, os.sep + "lib" + os.sep + "python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        cwd = os.getcwd() + os.sep
        filename = filename[len(cwd) :] if filename.startswith(cwd) else filename
    return f"{filename}:{line}({function})"


def print_top(stats: pstats.Stats, sort: str, top: int, out=sys.stdout) -> None:
    column = {"cumulative": 3, "tottime": 2}[sort]
    rows = sorted(stats.stats.items(), key=lambda item: item[1][column], reverse=True)[:top]  # type: ignore[attr-defined]
    print(f"{'ncalls':>12} {'tottime ms':>11} {'cumtime ms':>11}  function (top {top} by {sort})", file=out)
    for key, (primitive, calls, tottime, cumtime, _callers) in rows:
        ncalls = str(calls) if calls == primitive else f"{calls}/{primitive}"
        print(f"{ncalls:>12} {tottime * 1000:>11.1f} {cumtime * 1000:>11.1f}  {_location(key)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", help="the spec to check")
    parser.add_argument("--top", type=int, default=25, help="how many functions to show (default 25)")
    parser.add_argument("--sort", choices=("cumulative", "tottime"), default="cumulative")
    parser.add_argument("--also-tottime", action="store_true", help="print a second list sorted by own time")
    parser.add_argument("--save", help="write the raw profile here (for snakeviz, pstats, ...)")
    parser.add_argument("extra", nargs="*", help="extra `apilint check` arguments (after --)")
    args = parser.parse_args(argv)

    check_args = ["check", args.spec, "--format", "json", *args.extra]
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    code, output = run_apilint(check_args)
    profiler.disable()
    wall = time.perf_counter() - start

    try:
        report = json.loads(output)
        summary = f"{report['summary']}, files checked: {len(report.get('files', []))}"
    except (ValueError, KeyError, TypeError):
        summary = f"no JSON report ({len(output)} chars of output)"
    print(f"apilint {' '.join(check_args)}")
    print(f"exit {code}; {summary}; {wall * 1000:.0f} ms in-process under cProfile\n")

    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    print_top(stats, args.sort, args.top)
    if args.also_tottime and args.sort != "tottime":
        print()
        print_top(stats, "tottime", args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
