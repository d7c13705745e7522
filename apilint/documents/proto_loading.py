"""Compiling `.proto` files with protoc (grpcio-tools' `grpc_tools.protoc`), in this process.

Imports are resolved against import roots (protoc's `-I`), in this order:
1. `--proto-path` directories, then the config's `proto.paths`;
2. the file's own root: the directory its package says it is below (`acme/orders/v1/x.proto`
   with `package acme.orders.v1;`, the layout buf and googleapis use), else the git work tree's
   root, else the directory named on the command line that holds it, else its own directory;
3. the git work tree's root, then the directories of the files given;
4. the well-known types grpcio-tools ships (`google/protobuf/*.proto`) and the API common
   protos googleapis-common-protos ships (`google/api/annotations.proto`, ...), so the imports
   almost every gRPC API has resolve without a vendored copy (a vendored one comes first).

Files with different roots are compiled by separate protoc calls: two versions of one API
side by side define the same names, which one call would reject.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.files import git_work_tree
from apilint.documents.proto import ProtoDocument, ProtoSource, char_column
from apilint.errors import InputError

if TYPE_CHECKING:
    from apilint.documents import LoadContext

_PACKAGE = re.compile(rb"^\s*package\s+([A-Za-z_][\w.]*)\s*;", re.MULTILINE)
# protoc's messages: `file:line:col: message`, or `file: message` for a file as a whole.
_DIAGNOSTIC = re.compile(r"^(?P<file>.+?):(?:(?P<line>\d+):(?P<column>\d+):)?\s*(?P<message>.*)$")
_WARNING = "warning:"
_IMPORT_HINT = " (name the directory imports are relative to with --proto-path, or `proto.paths` in the config)"


def load_protos(paths: list[Path], context: "LoadContext") -> Iterator[ProtoDocument | InputError]:
    """One document per group of files sharing an import root, compiled by one protoc call."""
    user_roots = [root.resolve() for root in context.proto_paths]
    user_roots += [(context.base_dir / root).resolve() for root in context.settings["paths"]]
    named_dirs = sorted((path.resolve() for path in context.named if path.is_dir()), key=lambda p: len(p.parts))
    groups: dict[Path, list[tuple[Path, ProtoSource]]] = defaultdict(list)
    for path in paths:
        resolved = path.resolve()
        try:
            source = context.files.source(
                str(resolved), lambda path=path, resolved=resolved: ProtoSource(resolved, context.files.read(path))
            )
        except InputError as error:
            yield error
            continue
        groups[_own_root(source, user_roots, named_dirs)].append((path, source))
    fallbacks = _bundled_roots()
    for root, members in groups.items():
        work_tree = git_work_tree(root)
        directories = [source.path.parent for _, source in members]
        roots = _unique([*user_roots, root, *([work_tree] if work_tree else []), *directories, *fallbacks])
        yield from _compile(members, roots, context)


def _own_root(source: ProtoSource, user_roots: list[Path], named_dirs: list[Path]) -> Path:
    """The import root a file's name is taken relative to (see the module docstring)."""
    path = source.path
    for root in user_roots:
        if path.is_relative_to(root):
            return root
    package = _PACKAGE.search(source.raw)
    if package is not None:
        components = package.group(1).decode().split(".")
        directory = path.parent
        if directory.parts[-len(components) :] == tuple(components) and len(directory.parts) > len(components):
            return Path(*directory.parts[: -len(components)])
    work_tree = git_work_tree(path.parent)
    if work_tree is not None:
        return work_tree
    return next((directory for directory in named_dirs if path.is_relative_to(directory)), path.parent)


def _unique(paths: list[Path]) -> list[Path]:
    return list(dict.fromkeys(paths))


def _bundled_roots() -> list[Path]:
    """The directories of the `.proto` files grpcio-tools and googleapis-common-protos ship."""
    import importlib.util

    roots = []
    tools = importlib.util.find_spec("grpc_tools")
    if tools is not None and tools.origin:
        roots.append(Path(tools.origin).parent / "_proto")
    common = importlib.util.find_spec("google.api")
    if common is not None and common.submodule_search_locations:
        roots.append(Path(next(iter(common.submodule_search_locations))).parent.parent)
    return roots


def _compile(
    members: list[tuple[Path, ProtoSource]], roots: list[Path], context: "LoadContext"
) -> Iterator[ProtoDocument | InputError]:
    """Compile the files with one protoc call; when some do not compile, report protoc's errors
    and compile the rest once more, so one broken file does not hide the others' findings."""
    by_name = {_virtual_name(source.path, roots): (path, source) for path, source in members}
    errors, descriptors = _protoc(list(by_name), roots, by_name)
    if errors:
        yield from errors
        broken = {error.path for error in errors}
        by_name = {name: member for name, member in by_name.items() if member[1].display not in broken}
        if not by_name:
            return
        retry_errors, descriptors = _protoc(list(by_name), roots, by_name)
        yield from (error for error in retry_errors if error.path not in broken)
        if retry_errors:
            return
    yield ProtoDocument(descriptors, {name: source for name, (_, source) in by_name.items()}, context.settings)


def _virtual_name(path: Path, roots: list[Path]) -> str:
    """The file's name below the first import root that holds it: the name imports use."""
    root = next(root for root in roots if path.is_relative_to(root))
    return path.relative_to(root).as_posix()


@dataclass
class _Half:
    """The files one protoc call compiles, where it writes their descriptors and its messages."""

    names: list[str]
    output: Path
    messages: Path

    def arguments(self, common: list[str]) -> list[str]:
        return [*common, f"--descriptor_set_out={self.output}", *self.names]


def _protoc(names: list[str], roots: list[Path], by_name: dict) -> tuple[list[InputError], list]:
    """protoc's errors (warnings dropped), or the descriptors of the files and their imports. A
    big set is compiled in two halves at once, one by a second process (see `_halves`)."""
    from google.protobuf import descriptor_pb2
    from grpc_tools import protoc

    common = ["protoc", *(f"-I{root}" for root in roots), "--include_source_info", "--include_imports"]
    with tempfile.TemporaryDirectory(prefix="apilint-protoc-") as scratch:
        where = Path(scratch)
        halves = [
            _Half(part, where / f"set{i}.pb", where / f"messages{i}")
            for i, part in enumerate(_halves(names, by_name))
            if part
        ]
        child = _spawn(halves[1].arguments(common), halves[1].messages) if len(halves) > 1 else None
        if child is None:  # one call: a small set, or no second process could start
            halves = [_Half(names, halves[0].output, halves[0].messages)]
        statuses = []
        try:
            with _stderr_to(halves[0].messages):
                statuses.append(protoc.main(halves[0].arguments(common)))
        except UnicodeEncodeError:  # a file name that is not UTF-8
            return [InputError(by_name[names[0]][1].display, "a file name protoc cannot take")], []
        finally:
            if child is not None:
                statuses.append(child.wait())
        diagnostics = "".join(half.messages.read_text("utf-8", "replace") for half in halves if half.messages.exists())
        if any(statuses) or not all(half.output.exists() for half in halves):
            return _errors(diagnostics, roots, by_name), []
        descriptors: dict[str, Any] = {}  # by file name: an import both halves compiled is one file
        for half in halves:
            for descriptor in descriptor_pb2.FileDescriptorSet.FromString(half.output.read_bytes()).file:
                descriptors.setdefault(descriptor.name, descriptor)
    clashes = _defined_twice(list(descriptors.values())) if len(halves) > 1 else ""
    if clashes:
        return _errors(clashes, roots, by_name), []
    return [], list(descriptors.values())


# Above this many bytes of .proto, a set is compiled in two halves at once: protoc holds the GIL
# while it runs, so the second half goes to a second process, on a second core (googleapis, 6.7 MB:
# the whole check 1.57 s -> 1.45 s). Below it, a second process costs more than it saves.
_PARALLEL_BYTES = 1 << 20
_CHILD = "import sys; from grpc_tools import protoc; sys.exit(protoc.main(sys.argv[1:]))"


def _halves(names: list[str], by_name: dict) -> list[list[str]]:
    """[what this process compiles, what a second one does]: balanced by size, the bigger half
    here (the second process first pays its start-up); all here for a small set or one core."""
    sizes = {name: len(by_name[name][1].raw) for name in names}
    if len(names) < 2 or sum(sizes.values()) < _PARALLEL_BYTES or (os.cpu_count() or 1) < 2:
        return [names, []]
    halves: list[list[str]] = [[], []]
    weights = [0, 0]
    for name in sorted(names, key=sizes.__getitem__, reverse=True):
        lighter = weights.index(min(weights))
        halves[lighter].append(name)
        weights[lighter] += sizes[name]
    return halves if weights[0] >= weights[1] else halves[::-1]


def _spawn(arguments: list[str], messages: Path) -> Any:
    """protoc with these arguments in a second Python process (a `subprocess.Popen`), its messages
    to `messages`; None when no process can be started."""
    import subprocess
    import sys

    try:
        with messages.open("wb") as sink:
            return subprocess.Popen([sys.executable, "-c", _CHILD, *arguments], stdout=subprocess.DEVNULL, stderr=sink)
    except OSError:
        return None


def _defined_twice(descriptors: list) -> str:
    """protoc's "already defined" errors for names two files define that no one protoc call saw
    together (the halves of a set), in protoc's words and format."""
    defined: dict[str, str] = {}
    clashes = []
    for descriptor in descriptors:
        for field_number, definitions in (
            (4, descriptor.message_type),
            (5, descriptor.enum_type),
            (6, descriptor.service),
        ):
            for index, definition in enumerate(definitions):
                symbol = ".".join(filter(None, (descriptor.package, definition.name)))
                first = defined.setdefault(symbol, descriptor.name)
                if first != descriptor.name:
                    line, column = _name_position(descriptor, (field_number, index, 1))
                    clashes.append(
                        f'{descriptor.name}:{line}:{column}: "{symbol}" is already defined in file "{first}".'
                    )
    return "\n".join(clashes)


def _name_position(descriptor, path: tuple[int, ...]) -> tuple[int, int]:
    """protoc's 1-based line and column of a name (looked for only when there is an error)."""
    span = next(
        (location.span for location in descriptor.source_code_info.location if tuple(location.path) == path), (0, 0)
    )
    return span[0] + 1, span[1] + 1


class _stderr_to:
    """Send what protoc (C++, writing to file descriptor 2) prints to a file while it runs."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> None:
        import sys

        sys.stderr.flush()
        self._saved = os.dup(2)
        target = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, 2)
        os.close(target)

    def __exit__(self, *exc: object) -> None:
        os.dup2(self._saved, 2)
        os.close(self._saved)


def _errors(diagnostics: str, roots: list[Path], by_name: dict) -> list[InputError]:
    """protoc's errors as input errors naming the files as findings do, columns in characters."""
    errors = []
    for text in filter(None, (line.strip() for line in diagnostics.splitlines())):
        match = _DIAGNOSTIC.match(text)
        if match is None or match.group("message").startswith(_WARNING):
            continue
        name, message = match.group("file"), match.group("message")
        if message == "File not found." and name not in by_name:
            continue  # an import: the importing line's error follows, with its place
        path = _physical(name, roots, by_name)
        line = int(match.group("line")) if match.group("line") else None
        column = None
        if line is not None and path is not None:
            column = _char_column_of(path, by_name, name, line, int(match.group("column")) - 1)
        if "was not found" in message:
            message += _IMPORT_HINT
        errors.append(InputError(_shown(path, name, by_name), message, line, column))
    if not errors:
        errors.append(
            InputError(next(iter(by_name.values()))[1].display, f"protoc failed: {diagnostics.strip() or 'no message'}")
        )
    return errors


def _physical(name: str, roots: list[Path], by_name: dict) -> Path | None:
    if name in by_name:
        return by_name[name][1].path
    return next((root / name for root in roots if (root / name).is_file()), None)


def _shown(path: Path | None, name: str, by_name: dict) -> str:
    if name in by_name:
        return by_name[name][1].display
    from apilint.documents.source import display_path

    return display_path(path) if path is not None else name


def _char_column_of(path: Path, by_name: dict, name: str, line: int, column: int) -> int:
    """The 1-based character column of protoc's column on a line of the file."""
    try:
        raw = by_name[name][1].raw if name in by_name else path.read_bytes()
    except OSError:
        return column + 1
    lines = raw.decode("utf-8", "replace").splitlines()
    return char_column(lines[line - 1], column) if 0 < line <= len(lines) else column + 1
