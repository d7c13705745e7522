#!/usr/bin/env python3
"""Whole-process speed and peak memory of apilint next to its floor and its peers.

For each spec, in one session and interleaved run by run, this measures:

* apilint:     `apilint check SPEC --format json`
* parse-only:  a `python -c` one-liner that reads SPEC and parses it with the parser
               apilint uses (apilint.documents.structured.load_structured): the floor
* python:      `python -c pass`, bare interpreter start-up (once, with the small spec)
* redocly, spectral, vacuum: the raw commands from the peers README, where installed
* baseline:    with `--baseline REV`, apilint as committed at REV, run the same way: before/after
               figures side by side in one session
* with `--shapes`, also the generated specs of benchmarks/shapes.py (shapes that once made
  locating quadratic)

Wall time is the median of N runs after one warm-up; peak RSS comes from os.wait4,
which reports the rusage of exactly the child it reaps (and of that child's own
reaped children, so Node wrappers count). It measures and never judges: exit 0,
except 2 on usage errors.

    /work/venv/bin/python benchmarks/run.py [--runs N] [--peer-runs N] [--peers DIR]
                                            [--corpus DIR] [--markdown FILE]
                                            [--baseline REV] [--shapes] [--no-peers]

Standard library only.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from shapes import write_shapes  # benchmarks/ is on sys.path when this script runs

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_PEERS = Path(os.environ.get("APILINT_PEERS", "/tmp/peers"))
TIMEOUT_SECONDS = 120.0
BAR = 0.5  # apilint should take at most half of Redocly's wall time

# Bundled with apilint, so the OpenAPI start-up is measurable without the corpus (with --baseline REV:
# before/after). A path given absolute stays as it is under the corpus folder.
STARTUP_SPEC = REPO_ROOT / "examples" / "petstore.yaml"

# (label, path under the corpus). The small ones show start-up cost.
SPECS = [
    ("examples/petstore.yaml (start-up)", STARTUP_SPEC),
    ("petstore (small)", "openapi/swagger-petstore/openapi.yaml"),
    ("stripe/spec3.yaml", "openapi/stripe/spec3.yaml"),
    ("stripe/spec3.json", "openapi/stripe/spec3.json"),
    ("github/api.github.com.json", "openapi/github/api.github.com.json"),
    ("kubernetes/swagger.json", "openapi/kubernetes/swagger.json"),
]

PARSE_ONLY = (
    "import sys; from pathlib import Path; "
    "from apilint.documents.structured import load_structured; "
    "p = sys.argv[1]; load_structured(Path(p).read_bytes(), p)"
)

# What the peers README sets for every peer (telemetry, update checks, colour off).
PEER_ENV = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "OPTIC_TELEMETRY_LEVEL": "off",
    "NO_UPDATE_NOTIFIER": "1",
    "NODE_NO_WARNINGS": "1",
    "NO_COLOR": "1",
    "FORCE_COLOR": "0",
}

_SWAGGER2 = re.compile(rb'^[ \t]*"?swagger"?[ \t]*:', re.MULTILINE)


# -- one measured process --------------------------------------------------------------


@dataclass
class Sample:
    wall: float  # seconds
    peak_kb: int  # ru_maxrss, KB on Linux
    returncode: int  # negative: killed by that signal
    timed_out: bool = False


def measure(argv: list[str], *, cwd: Path, env: dict, stdout_path: Path, stderr_path: Path) -> Sample:
    """Run argv once; wall time from just before spawn to reap, peak RSS from wait4."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = threading.Timer(TIMEOUT_SECONDS, kill)
        timer.start()
        try:
            while True:
                try:
                    _, status, usage = os.wait4(process.pid, 0)
                    break
                except InterruptedError:
                    continue
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    try:  # a timed-out Node tool may leave children in its session
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    return Sample(wall, usage.ru_maxrss, process.returncode, fired.is_set())


# -- tools -----------------------------------------------------------------------------


@dataclass
class Tool:
    key: str  # column key
    name: str
    argv: list[str]  # SPEC is substituted
    runs: int
    env: dict = field(default_factory=dict)
    note: str = ""
    ok_exits: tuple[int, ...] = ()  # if given, any other warm-up exit means the tool failed on this spec


@dataclass
class Result:
    tool: Tool
    samples: list[Sample] = field(default_factory=list)
    warmup: Sample | None = None
    stdout: bytes = b""  # of the warm-up run
    stderr: bytes = b""
    stopped: str = ""  # why runs stopped early ("timeout", "exit 2: ...")

    @property
    def median(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) if self.samples else None

    @property
    def peak_mb(self) -> float | None:
        runs = self.samples or ([self.warmup] if self.warmup else [])
        return max(s.peak_kb for s in runs) / 1024 if runs else None


def apilint_argv() -> list[str]:
    exe = Path(sys.executable).parent / "apilint"
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [sys.executable, "-m", "apilint"]


def baseline_env(rev: str, into: Path, env: dict) -> dict:
    """`env` for running apilint as committed at `rev`: the same launcher, importing that tree,
    unpacked under `into`, first (the work tree is not touched), so only the code differs.

    Installed, rules/ becomes apilint.rules; a link does the same for the unpacked tree."""
    archive = subprocess.run(["git", "archive", rev], cwd=REPO_ROOT, capture_output=True, check=True).stdout
    tree = into / "baseline"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    (tree / "apilint" / "rules").symlink_to(tree / "rules", target_is_directory=True)
    return dict(env, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=str(into / "pycache-baseline"))


def apilint_and_startup(args, workdir: Path, base_env: dict, progress) -> tuple[list[Tool], dict[str, "Result"]]:
    """The apilint tools a format's script measures (`apilint check SPEC --format json`, and apilint
    as committed at `--baseline REV`), and their OpenAPI start-up next to `python -c pass`, measured
    first: a format's support must not slow OpenAPI runs."""
    check = [*apilint_argv(), "check", "SPEC", "--format", "json"]
    own = [Tool("apilint", "apilint", check, args.runs, base_env)]
    if args.baseline:
        env = baseline_env(args.baseline, workdir, base_env)
        own.append(Tool("baseline", f"apilint@{args.baseline}", check, args.runs, env))
    progress(f"OpenAPI start-up ({STARTUP_SPEC.name})")
    python = Tool("python", "python -c pass", [sys.executable, "-c", "pass"], args.runs, base_env)
    return own, run_spec(STARTUP_SPEC, [*own, python], workdir, progress)


def startup_line(startup: dict[str, "Result"], baseline: str | None) -> str:
    """The start-up figure above a format's table."""
    parts = [f"`apilint check examples/petstore.yaml` {fmt_s(startup['apilint'].median)} s"]
    if "baseline" in startup:
        parts.append(f"@{baseline} {fmt_s(startup['baseline'].median)} s")
    parts.append(f"`python -c pass` {fmt_s(startup['python'].median)} s")
    return "OpenAPI start-up (medians): " + ", ".join(parts)


def apilint_rules(stdout: bytes) -> str:
    """Findings per rule in apilint's JSON report: 'rule-a 12, rule-b 3'."""
    try:
        counts = Counter(finding["rule"] for finding in json.loads(stdout)["findings"])
    except (ValueError, KeyError, TypeError):
        return ""
    return ", ".join(f"{rule} {count}" for rule, count in counts.most_common())


def is_commit(rev: str) -> bool:
    command = ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True).returncode == 0


def find_vacuum(peers: Path) -> Path | None:
    for candidate in sorted(peers.glob("venv/lib/python3*/site-packages/vacuum/lib/vacuum")):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def python_env(pycache: Path, notes: list[str]) -> dict:
    """The environment for apilint's own runs: bytecode cached, as after `pip install`.

    The warm-up run compiles apilint's modules into a throw-away cache outside the repository;
    timed runs then load them as an installed package would. Without it, a machine that sets
    PYTHONDONTWRITEBYTECODE recompiles every module on every run (~30 ms)."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(pycache))
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        notes.append("PYTHONDONTWRITEBYTECODE is set here; apilint's runs ignore it and cache bytecode as installs do")
    return env


def peer_tools(peers: Path, runs: int, notes: list[str]) -> list[Tool]:
    """Raw commands from the peers README ("Tool table"); a missing one is skipped with a note."""
    env = {**os.environ, **PEER_ENV}
    bin_dir = peers / "node_modules" / ".bin"
    tools = []
    redocly, spectral = bin_dir / "redocly", bin_dir / "spectral"
    if redocly.exists():
        tools.append(
            Tool(
                "redocly",
                "Redocly",
                [str(redocly), "lint", "--config", str(peers / "rulesets" / "redocly.yaml"), "--format", "json", "SPEC"],
                runs,
                env,
            )
        )
    else:
        notes.append(f"Redocly skipped: {redocly} not found (install the peers, see benchmarks/README.md)")
    if spectral.exists():
        tools.append(
            Tool("spectral", "Spectral", [str(spectral), "lint", "-r", str(peers / ".spectral.yaml"), "-f", "json", "SPEC"], runs, env)
        )
    else:
        notes.append(f"Spectral skipped: {spectral} not found")
    vacuum = find_vacuum(peers)
    if vacuum is not None:
        tools.append(Tool("vacuum", "vacuum", [str(vacuum), "spectral-report", "-q", "-n", "-o", "SPEC"], runs, env))
    else:
        notes.append(f"vacuum skipped: no binary under {peers}/venv/lib/python3*/site-packages/vacuum/lib/")
    return tools


def tool_for_spec(tool: Tool, spec: Path, peers: Path) -> Tool:
    """vacuum 0.8.5 panics on every Swagger 2.0 file unless oas2-schema is off (peers README)."""
    if tool.key == "vacuum" and _SWAGGER2.search(spec.read_bytes()):
        argv = tool.argv[:2] + ["-r", str(peers / "rulesets" / "vacuum-swagger2.yaml")] + tool.argv[2:]
        return Tool(tool.key, tool.name, argv, tool.runs, tool.env, "Swagger 2.0: rulesets/vacuum-swagger2.yaml", tool.ok_exits)
    return tool


# -- what each tool found (to show the work is real) -----------------------------------------


def apilint_summary(stdout: bytes) -> tuple[str, bool]:
    """('N findings (e errors, w warnings, i info)', checked?) from apilint's JSON report."""
    try:
        report = json.loads(stdout)
        summary = report["summary"]
    except (ValueError, KeyError, TypeError):
        return "no JSON report", False
    total = sum(v for k, v in summary.items() if k != "suppressed" and isinstance(v, int))
    parts = ", ".join(f"{summary.get(k, 0)} {k}" for k in ("error", "warning", "info"))
    extra = f", {summary['suppressed']} suppressed" if summary.get("suppressed") else ""
    return f"{total} findings ({parts}{extra})", bool(report.get("files"))


def peer_count(key: str, stdout: bytes) -> str:
    try:
        data = json.loads(stdout or b"null")
    except ValueError:
        return "no JSON"
    if key == "redocly" and isinstance(data, dict):
        totals = data.get("totals") or {}
        if totals:
            return f"{totals.get('errors', 0) + totals.get('warnings', 0)} problems ({totals.get('errors', 0)} errors)"
        return f"{len(data.get('problems', []))} problems"
    if isinstance(data, list) or data is None:  # Spectral-style array; vacuum prints null for none
        return f"{len(data or [])} results"
    return "?"


# -- the run ----------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def fmt_mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def run_spec(spec: Path, tools: list[Tool], workdir: Path, progress) -> dict[str, Result]:
    """Warm each tool up once, then interleave the timed runs so drift hits all tools alike."""
    results = {tool.key: Result(tool) for tool in tools}
    out, err = workdir / "stdout", workdir / "stderr"
    for tool in tools:
        argv = [str(spec) if a == "SPEC" else a for a in tool.argv]
        progress(f"  warm-up {tool.name}")
        sample = measure(argv, cwd=workdir, env=tool.env, stdout_path=out, stderr_path=err)
        result = results[tool.key]
        result.warmup, result.stdout, result.stderr = sample, out.read_bytes(), err.read_bytes()
        if sample.timed_out:
            result.stopped = f"timed out after {TIMEOUT_SECONDS:.0f} s"
        elif sample.returncode < 0 or (
            # A tool that says which exits are fine (buf: 100 for findings); else any exit from 2 up
            # without a JSON report.
            sample.returncode not in tool.ok_exits if tool.ok_exits else sample.returncode >= 2 and not _has_json(result.stdout)
        ):
            first = result.stderr.decode("utf-8", "replace").strip().splitlines()
            why = next((line for line in first if "panic" in line or "rror" in line), first[0] if first else "")
            result.stopped = f"exit {sample.returncode}: {why[:160]}"
    for index in range(max((tool.runs for tool in tools), default=0)):
        for tool in tools:
            result = results[tool.key]
            if index >= tool.runs or result.stopped:
                continue
            argv = [str(spec) if a == "SPEC" else a for a in tool.argv]
            progress(f"  run {index + 1}/{tool.runs} {tool.name}")
            sample = measure(argv, cwd=workdir, env=tool.env, stdout_path=out, stderr_path=err)
            if sample.timed_out:
                result.stopped = f"timed out after {TIMEOUT_SECONDS:.0f} s"
                continue
            result.samples.append(sample)
    return results


def _has_json(data: bytes) -> bool:
    try:
        json.loads(data)
        return True
    except ValueError:
        return False


def common_arguments(description: str, inputs: str, floor: str) -> argparse.ArgumentParser:
    """The options run.py and run_graphql.py share; `inputs` names what they measure (specs,
    schemas), `floor` what apilint is compared with."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=5, help=f"timed runs per {inputs[:-1]} for apilint and {floor} (default 5)")
    parser.add_argument("--peer-runs", type=int, default=3, help=f"timed runs per {inputs[:-1]} for each peer (default 3)")
    parser.add_argument("--peers", type=Path, default=DEFAULT_PEERS, help="peers folder (default $APILINT_PEERS or /tmp/peers)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus folder (default {DEFAULT_CORPUS})")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown to this file")
    parser.add_argument("--no-peers", action="store_true", help=f"measure apilint, {floor} and the start-up only")
    parser.add_argument("--only", action="append", default=[], help=f"only {inputs} whose label contains this (repeatable)")
    parser.add_argument("--baseline", metavar="REV", help="also measure apilint as committed at this git revision")
    return parser


def check_common_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.runs < 1 or args.peer_runs < 1:
        parser.error("--runs and --peer-runs must be at least 1")
    if not args.corpus.is_dir():
        parser.error(f"corpus folder {args.corpus} does not exist")
    if args.baseline and not is_commit(args.baseline):
        parser.error(f"--baseline {args.baseline}: not a commit of this repository")


def main(argv: list[str] | None = None) -> int:
    parser = common_arguments(__doc__.split("\n\n")[0], "specs", "parse-only")
    parser.add_argument("--shapes", action="store_true", help="also measure the generated specs of benchmarks/shapes.py")
    args = parser.parse_args(argv)
    check_common_arguments(parser, args)

    notes: list[str] = []
    peers = [] if args.no_peers else peer_tools(args.peers, args.peer_runs, notes)
    if args.no_peers:
        notes.append("peers not measured (--no-peers)")

    specs = [(label, args.corpus / rel) for label, rel in SPECS]
    rows = []
    startup_result: Result | None = None
    progress = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="apilint-bench-") as tmp:
        workdir = Path(tmp)  # neutral cwd: no apilint config or .spectral.yaml is picked up
        if args.shapes:
            specs += [(f"shape: {path.name}", path) for path in write_shapes(workdir / "shapes")]
        specs = [(label, spec) for label, spec in specs if not args.only or any(o in label for o in args.only)]
        base_env = python_env(workdir / "pycache", notes)
        check = [*apilint_argv(), "check", "SPEC", "--format", "json"]
        own = [
            Tool("apilint", "apilint", check, args.runs, base_env),
            Tool("parse", "parse-only", [sys.executable, "-c", PARSE_ONLY, "SPEC"], args.runs, base_env),
        ]
        if args.baseline:
            env = baseline_env(args.baseline, workdir, base_env)
            own.insert(1, Tool("baseline", f"apilint@{args.baseline}", check, args.runs, env))
        startup = Tool("python", "python -c pass", [sys.executable, "-c", "pass"], args.runs, base_env)
        for label, spec in specs:
            if not spec.is_file():
                notes.append(f"{label}: {spec} not found, skipped")
                continue
            progress(f"{label} ({spec.stat().st_size / 1e6:.1f} MB)")
            tools = [*own, *(tool_for_spec(tool, spec, args.peers) for tool in peers)]
            if startup_result is None:  # start-up is spec-independent: measure it with the first spec
                tools.insert(2, startup)
            results = run_spec(spec, tools, workdir, progress)
            if "python" in results:
                startup_result = results.pop("python")
            rows.append((label, spec, results, tools))

    publish(*render(rows, startup_result, notes, args), args)
    return 0


# -- output ------------------------------------------------------------------------------------


def render(rows, startup: Result | None, notes: list[str], args) -> tuple[str, str]:
    header = [
        "spec",
        "apilint s",
        *([f"@{args.baseline} s"] if args.baseline else []),
        "parse-only s",
        "redocly s",
        "spectral s",
        "vacuum s",
        "apilint/redocly",
        f"bar ≤ {BAR} × Redocly",
        "apilint peak MB",
    ]
    main_rows, detail_rows, found_rows = [], [], []
    for label, _spec, results, tools in rows:
        apilint = results["apilint"]
        found, checked = apilint_summary(apilint.stdout)
        redocly = results.get("redocly")

        def cell(key: str, results: dict = results) -> str:
            return time_cell(results.get(key), "not installed" if not args.no_peers else "–")

        ratio, bar = ratio_cells(checked, apilint, redocly, BAR, "Redocly")
        main_rows.append(
            [
                label,
                cell("apilint"),
                *([cell("baseline")] if args.baseline else []),
                cell("parse"),
                cell("redocly"),
                cell("spectral"),
                cell("vacuum"),
                ratio,
                bar,
                fmt_mb(apilint.peak_mb),
            ]
        )
        for tool in tools:
            result = results.get(tool.key)
            if result is None:
                continue
            if tool.key == "parse":
                what = "" if result.warmup and result.warmup.returncode == 0 else "exit " + str(result.warmup.returncode)
            else:
                what = peer_count(tool.key, result.stdout)
            detail_rows.append(tool_detail(label, tool, result, what))
        found_rows.append([label, found if checked else f"did not check the file ({_first_line(apilint.stderr)})"])
    detail_header = ["spec", "tool", "runs", "median s", "min s", "max s", "peak MB", "exit", "output / notes"]

    machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}"
    start_line = (
        f"Python start-up (`python -c pass`): {fmt_s(startup.median)} s median, {fmt_mb(startup.peak_mb)} MB"
        if startup and startup.median is not None
        else "Python start-up: not measured"
    )
    runs_line = f"Median of {args.runs} runs (apilint, parse-only, python) / {args.peer_runs} runs (peers), each after one warm-up; timeout {TIMEOUT_SECONDS:.0f} s per run."

    lines = (runs_line, start_line)
    return report("apilint benchmark", machine, lines, "spec", (header, main_rows), found_rows, (detail_header, detail_rows), notes)


def publish(text: str, markdown: str, args) -> None:
    """Print the plain report, and write the Markdown one where `--markdown` asks."""
    print(text)
    if args.markdown:
        args.markdown.write_text(markdown, encoding="utf-8")
        print(f"\nMarkdown written to {args.markdown}")


def time_cell(result: Result | None, missing: str) -> str:
    """A tool's median in a table, or why there is none (`missing` when it did not run)."""
    if result is None:
        return missing
    if result.stopped and not result.samples:
        return "failed" if not result.stopped.startswith("timed") else "timeout"
    return fmt_s(result.median)


def ratio_cells(checked: bool, apilint: Result, other: Result | None, bar: float, other_name: str) -> tuple[str, str]:
    """(apilint's median over the other's, whether that meets `bar`) for a table row."""
    if not checked:
        return "n/a", "n/a: apilint did not check the file"
    if other is None or other.median is None or apilint.median is None:
        return "n/a", f"n/a: no {other_name} time"
    value = apilint.median / other.median
    return f"{value:.2f}", "met" if value <= bar else "not met"


def tool_detail(label: str, tool: Tool, result: Result, what: str = "", unit: str = "file") -> list[str]:
    """The details row of one tool's runs: for apilint its findings (or why it did not check the
    `unit`), for another tool `what`; then why its runs stopped early, and the tool's note."""
    if tool.key in ("apilint", "baseline"):
        found, checked = apilint_summary(result.stdout)
        what = found if checked else f"{found}; did NOT check the {unit}: " + _first_line(result.stderr)
    for extra in (result.stopped, tool.note):
        if extra:
            what = f"{what}; {extra}" if what else extra
    return detail_row(label, tool.name, result, what)


def detail_row(label: str, tool_name: str, result: Result, what: str) -> list[str]:
    """One row of a benchmark's details table: the runs of one tool on one input."""
    walls = [sample.wall for sample in result.samples]
    return [
        label,
        tool_name,
        str(len(walls)),
        fmt_s(result.median),
        fmt_s(min(walls)) if walls else "–",
        fmt_s(max(walls)) if walls else "–",
        fmt_mb(result.peak_mb),
        str(result.warmup.returncode) if result.warmup else "–",
        what,
    ]


def report(
    title: str, machine: str, lines: tuple[str, str], unit: str, main: tuple, found_rows: list, details: tuple, notes: list[str]
) -> tuple[str, str]:
    """(plain text, Markdown) of a benchmark: `lines` are (how it was run, the start-up figure);
    `main` and `details` are (header, rows) tables; `unit` names a row ("spec", "schema")."""
    runs_line, start_line = lines
    text = [f"{title} — {machine}", runs_line, start_line, "", _plain_table(*main)]
    text += ["", f"apilint findings per {unit}:"] + [f"  {a}: {b}" for a, b in found_rows]
    text += ["", "Details:", _plain_table(*details)]
    if notes:
        text += ["", "Notes:"] + [f"  - {note}" for note in notes]

    md = [f"# {title}", "", f"{machine}. {runs_line}", "", start_line + ".", "", _md_table(*main)]
    md += ["", f"## apilint findings per {unit}", "", _md_table([unit, "apilint findings"], found_rows)]
    md += ["", "## Details", "", _md_table(*details)]
    if notes:
        md += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(text), "\n".join(md) + "\n"


def _first_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0].strip()[:200] if lines else "no message"


def _plain_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def line(cells):
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), "|" + "|".join("---" for _ in header) + "|", *(line(r) for r in rows)])


if __name__ == "__main__":
    sys.exit(main())
