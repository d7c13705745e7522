"""The `apilint` command: check, rules, explain.

Exit codes are a contract: 0 nothing at or above --fail-on, 1 findings at or above
it, 2 usage or input error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from apilint import __version__
from apilint.errors import ApilintError, UsageError, error_text, printable
from apilint.registry import LEVEL_NAMES  # diff's --fail-on choices; check imports the registry anyway

if TYPE_CHECKING:
    from apilint.config import Config
    from apilint.documents.workspace import LoadOptions
    from apilint.runner import RunResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "html", "github", "junit", "markdown")
RULE_LISTINGS = ("text", "json", "markdown", "markdown-docs")
MAX_FILE_SIZE_MB = 1024  # a spec is loaded whole, and its data takes ~10x its size in memory


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _fail(message: str) -> None:
    click.echo(f"apilint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apilint")
def main() -> None:
    """API design linter and contract checker for OpenAPI, GraphQL and protobuf: `check` lints, `diff` finds breaking changes."""


def _shared_options(command):
    """The options `check` and `diff` share: what to run, how to load, how to report."""
    options = [
        click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."),
        click.option("--select", multiple=True, help="Only these rules or formats (comma-separated, repeatable)."),
        click.option("--ignore", multiple=True, help="Skip these rules or formats (comma-separated, repeatable)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file."),
        click.option("--allow-remote-refs", is_flag=True, help="Fetch http(s) $refs (off by default; 30 s for all)."),
        click.option(
            "--ref-root",
            multiple=True,
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="Another directory $refs may read (default: the spec's git work tree; outside git, "
            "the working directory and the named paths).",
        ),
        click.option(
            "--max-file-size",
            type=click.IntRange(min=1, max=MAX_FILE_SIZE_MB),
            default=32,
            show_default=True,
            help=f"In MB (at most {MAX_FILE_SIZE_MB}).",
        ),
        click.option(
            "--report-unused-ignores",
            is_flag=True,
            help="Report x-apilint-ignore (diff: x-apilint-accept-breaking) entries that silence nothing.",
        ),
        click.option(
            "--quiet",
            "-q",
            is_flag=True,
            help="Only findings and errors: text output without file headings and summary; no notes.",
        ),
        click.option(
            "--color/--no-color",
            default=None,
            help="Colour text output; --color also into a pipe or file [default: on a terminal, unless NO_COLOR is set].",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass
class _Run:
    """What a command's shared options say, read once: the configuration and how to load."""

    config: "Config"
    load_options: "LoadOptions"
    select: list[str]
    ignore: list[str]


def _prepare(shared: dict, *destinations: Path | None) -> _Run:
    from apilint.config import find_config, load_config
    from apilint.documents.workspace import LoadOptions

    for destination in (shared["output"], *destinations):
        if destination is not None:
            _check_destination(destination)
    config = load_config(shared["config_path"] if shared["config_path"] else find_config(Path.cwd()))
    load_options = LoadOptions(
        allowed_roots=[*shared["ref_root"], *config.ref_roots],
        allow_remote_refs=shared["allow_remote_refs"],
        max_file_bytes=shared["max_file_size"] * 1024 * 1024,
    )
    return _Run(config, load_options, _split(shared["select"]), _split(shared["ignore"]))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())  # str: Path("") would be "."
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Lowest severity that makes the exit code 1 [default: error, or the config's].",
)
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Report only findings not in it.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), help="Record findings here.")
@click.option(
    "--skip-unrecognized",
    is_flag=True,
    help="Skip named files that are not API descriptions, even empty or binary ones, without a note; "
    "finding nothing to check is no error (for pre-commit).",
)
@click.option(
    "--operations",
    multiple=True,
    metavar="GLOB",
    help="GraphQL operation documents to check against the schema (repeatable; quote the glob).",
)
@click.option(
    "--proto-path",
    "proto_paths",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A directory .proto imports are relative to, searched first (repeatable; protoc's -I).",
)
@click.option("--verbose", "-v", is_flag=True, help="With --skip-unrecognized, still note the files skipped.")
@_shared_options
def check(
    paths: tuple[str, ...],
    fail_on: str | None,
    baseline: Path | None,
    write_baseline: Path | None,
    skip_unrecognized: bool,
    operations: tuple[str, ...],
    proto_paths: tuple[Path, ...],
    verbose: bool,
    **shared,
) -> None:
    """Check OpenAPI descriptions, GraphQL schemas and protobuf files (files, directories, or - for standard input) for design problems."""
    from apilint.runner import run_check
    from apilint.suppression import baseline_document, load_baseline

    if shared["quiet"] and verbose:
        _fail("--quiet and --verbose cannot be used together")
    try:
        run = _prepare(shared, write_baseline)
        accepted = load_baseline(baseline) if baseline else None
        result = run_check(
            list(paths),
            run.config,
            run.load_options,
            select=run.select,
            ignore=run.ignore,
            report_unused_ignores=shared["report_unused_ignores"],
            skip_unrecognized=skip_unrecognized,
            operations=list(operations),
            proto_paths=list(proto_paths),
        )
    except ApilintError as error:
        _fail(str(error))
        return

    _notes(result, shown=verbose or not (skip_unrecognized or shared["quiet"]))
    if write_baseline:
        text, count = baseline_document(result.findings, write_baseline)
        _save_baseline(write_baseline, text, count, complete=result.complete)
    findings = accepted.filter(result.findings) if accepted else result.findings
    _report(result, findings, shared)
    if not result.complete:
        sys.exit(EXIT_ERROR)
    if write_baseline:
        sys.exit(EXIT_CLEAN)  # the findings are what the baseline accepts
    sys.exit(_exit_code(findings, fail_on or run.config.fail_on or "error"))




@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--base",
    metavar="REV",
    help="Compare PATHS (default: .) with the same paths at this git revision (e.g. origin/main), "
    "read through git: no checkout.",
)
@click.option(
    "--fail-on",
    type=click.Choice([*LEVEL_NAMES.values(), "never"]),
    default="breaking",
    show_default=True,
    help="Lowest level that makes the exit code 1.",
)
@click.option("--strict", is_flag=True, help="Breaking changes of draft, alpha and beta operations count as breaking.")
@_shared_options
def diff(paths: tuple[str, ...], base: str | None, fail_on: str, strict: bool, **shared) -> None:
    """Report the changes from one version of an API description to another, breaking ones first:
    `apilint diff OLD NEW` (two files or two directories), or `apilint diff --base REV [PATH...]`."""
    from apilint.diff.runner import run_diff

    if base is None and len(paths) != 2:
        _fail(
            "diff takes two paths, OLD and NEW, or --base REV and the paths to compare with it (see `apilint diff --help`)"
        )
    try:
        run = _prepare(shared)
        result = run_diff(
            paths[:1] if base is None else paths,
            paths[1:] if base is None else paths,
            run.config,
            run.load_options,
            base=base,
            select=run.select,
            ignore=run.ignore,
            strict=strict,
            report_unused_ignores=shared["report_unused_ignores"],
        )
    except ApilintError as error:
        _fail(str(error))
        return
    _notes(result, shown=not shared["quiet"])
    _report(result, result.findings, shared, levels=LEVEL_NAMES)
    if not result.complete:
        sys.exit(EXIT_ERROR)
    severity = {level: label for label, level in LEVEL_NAMES.items()}.get(fail_on, fail_on)  # "never" stays
    sys.exit(_exit_code(result.findings, severity))


def _notes(result: "RunResult", *, shown: bool) -> None:
    """The files skipped (when `shown`), the input errors and the rules that crashed, on stderr."""
    from apilint.reporters import visible

    if shown:
        for name, reason in result.skipped:
            click.echo(f"apilint: note: {visible(name)}: {reason}; skipped", err=True)
    for error in result.errors:  # file names and parser messages may quote a spec's control characters
        click.echo(f"apilint: error: {visible(str(error))}", err=True)
    for crash in result.crashes:  # a finding in every report; said here too, where a CI log shows it
        where = crash.location
        click.echo(f"apilint: error: {visible(f'{where.path}:{where.line}:{where.column}: {crash.message}')}", err=True)


def _report(result: "RunResult", findings: list, shared: dict, levels: dict[str, str] | None = None) -> None:
    """Render the findings in the chosen format, to --output or standard output."""
    from apilint.registry import get_rule
    from apilint.reporters import ReportContext, RuleInfo, render

    # The rules the findings name (reports document those), not all: that would import every
    # format's rules into a run that checks one.
    rules = {
        rule.id: RuleInfo(rule.id, rule.severity.label, rule.format, rule.summary, rule.docs, rule.aliases)
        for rule in filter(None, map(get_rule, sorted({finding.rule_id for finding in result.findings})))
    }
    output, color = shared["output"], shared["color"]
    if color is None:  # no-color.org: NO_COLOR counts when set and not empty
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    context = ReportContext(
        tool_version=__version__,
        rules=rules,
        files=result.files,
        source_line=_source_lines(),
        color=color and shared["output_format"] == "text",
        quiet=shared["quiet"],
        errors=result.errors,
        complete=result.complete,
        levels=levels or {},
    )
    report = render(shared["output_format"], findings, context)
    if output:
        try:
            write_whole(output, report)
        except OSError as error:
            _fail(f"{printable(str(output))}: cannot write the report: {error_text(error)}")
    else:
        # The reporter has decided on colour; click would strip it from a pipe, losing --color.
        click.echo(report, nl=False, color=True)


def _save_baseline(path: Path, text: str, count: int, *, complete: bool) -> None:
    shown = printable(str(path))
    if not complete:  # it would accept too little, and the rest would surface later as new
        click.echo(f"apilint: error: {shown}: baseline not written, as not every file could be checked", err=True)
        return
    try:
        write_whole(path, text)
    except OSError as error:
        _fail(f"{shown}: cannot write the baseline: {error_text(error)}")
    click.echo(f"apilint: {shown}: baseline written; it accepts {count} finding{'s' if count != 1 else ''}", err=True)


def _check_destination(path: Path) -> None:
    """Fail before any spec is read when a file we are to write cannot be created."""
    directory = path.parent
    if not directory.is_dir():
        problem = "no such directory" if not directory.exists() else "not a directory"
        raise UsageError(f"{printable(str(path))}: cannot write: {problem}: {printable(str(directory))}")


def write_whole(path: Path, text: str) -> None:
    """Write all of `text` or leave the file as it was: never an empty or half-written report.
    A device or pipe (`-o /dev/stdout`) is written in place; a file is replaced at once."""
    data = text.encode("utf-8", "backslashreplace")  # a stray lone surrogate shows as \\udc80, not a crash
    target = path.resolve()  # through a symlink, so the link itself stays
    if target.exists() and not target.is_file():
        target.write_bytes(data)
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        try:
            temporary.write_bytes(data)
        except PermissionError:  # a file we may write in a directory we may not: write it in place
            target.write_bytes(data)
            return
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _exit_code(findings, threshold: str) -> int:
    from apilint.finding import Severity

    if threshold == "never":
        return EXIT_CLEAN
    floor = Severity.parse(threshold)
    failing = any(not f.suppressed and f.severity >= floor for f in findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _source_lines():
    """(display path, line) -> text, reading each file at most once, for report snippets."""
    cache: dict[str, list[str]] = {}

    def source_line(path: str, line: int) -> str:
        if path not in cache:
            try:
                # Lines as findings count them (LF, CRLF, CR: read_text makes them all LF), not as
                # str.splitlines does: it also breaks at form feeds, U+2028 and others.
                cache[path] = Path(path).read_text(encoding="utf-8", errors="replace").split("\n")
            except OSError:
                cache[path] = []
        lines = cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    return source_line


@main.command(name="rules")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(RULE_LISTINGS),
    default="text",
    show_default=True,
    help="json adds options, docs and a docs link; markdown is README.md's table, markdown-docs docs/rules.md.",
)
@click.option("--select", multiple=True, help="Only these rules or formats, as in check (comma-separated, repeatable).")
def list_rules(output_format: str, select: tuple[str, ...]) -> None:
    """List the rules: id, default severity, format and summary."""
    from apilint.config import Config
    from apilint.registry import documented_rules
    from apilint.rule_catalog import render
    from apilint.runner import select_rules

    chosen = _split(select)
    try:  # all: the rules and the findings apilint reports itself (internal-error, ...)
        rules = (
            [rule for rule, _ in select_rules(Config(), chosen, [], kind=None).values()]
            if chosen
            else documented_rules()
        )
    except ApilintError as error:
        _fail(str(error))
        return
    click.echo(render(output_format, rules, __version__), nl=False)


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's full documentation."""
    from apilint.registry import documented_rules, get_rule, unknown_rule

    rule = get_rule(rule_id)
    if rule is None:
        known = [name for rule in documented_rules() for name in (rule.id, *rule.aliases)]
        _fail(f"{unknown_rule(rule_id, known)} (see `apilint rules`)")
        return
    header = f"{rule.id} ({rule.level}, {rule.format})"
    if rule.changes:
        header += "\na change between two versions, reported by `apilint diff`"
    if rule.options:
        header += "\noptions: " + ", ".join(f"{name}={option.describe()}" for name, option in rule.options.items())
    click.echo(f"{header}\n\n{rule.docs}")


def run() -> None:
    """Entry point that turns any unexpected crash into one line and exit code 2."""
    # A spec loads as millions of small containers that live for the whole run; the default
    # thresholds make the cycle collector re-scan them over and over (~10% of a check of a
    # big spec). mypy's setting: collect rarely, but still collect on long runs.
    gc.set_threshold(200_000, 30, 30)
    try:
        # Not standalone: click would print its usage errors as a three-line block of its own.
        returned = main(standalone_mode=False)  # --help and --version return their exit code
        code = returned if isinstance(returned, int) else EXIT_CLEAN
    except SystemExit as exit_:
        code = _exit_status(exit_.code)
    except _NO_ARGS_IS_HELP as error:  # bare `apilint`: the help, as click prints it
        click.echo(error.format_message(), err=True)
        code = EXIT_ERROR
    except click.ClickException as error:  # a bad option or argument: one line, as for any error
        click.echo(f"apilint: error: {_one_line_usage_error(error)}", err=True)
        code = EXIT_ERROR
    except (KeyboardInterrupt, click.Abort):
        code = 130
    except Exception as error:  # noqa: BLE001 - never show users a traceback
        if os.environ.get("APILINT_DEBUG"):
            raise
        click.echo(
            f"apilint: internal error: {type(error).__name__}: {error} (set APILINT_DEBUG=1 for details)", err=True
        )
        code = EXIT_ERROR
    _exit_now(code)


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click >= 8.2


def _one_line_usage_error(error: click.ClickException) -> str:
    message = " ".join(error.format_message().split())
    context = getattr(error, "ctx", None)
    return f"{message} (see `{context.command_path} --help`)" if context is not None else message


def _exit_status(code: object) -> int:
    """What the interpreter would make of SystemExit(code)."""
    if code is None:
        return EXIT_CLEAN
    if isinstance(code, int):
        return code
    click.echo(str(code), err=True)
    return 1


def _exit_now(code: int) -> None:
    """Exit without tearing down the heap. Freeing a big spec's millions of objects one by
    one takes ~50 ms (15% of a check); the OS reclaims the memory at once. mypy does the same.
    All output is ours and flushed here; apilint registers no atexit work."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`apilint check | head`) or stream
            pass
    os._exit(code)
