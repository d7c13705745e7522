"""OpenAPI's `$ref` resolution between the files of a run (read through its `FileSet`).

References are resolved one hop at a time, on demand, and never copied into the
referring document: recursive schemas cost nothing, and a big spec is never
expanded into one giant tree (the way Spectral runs out of memory).
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from apilint.documents.files import DEFAULT_MAX_FILE_BYTES, FileSet, git_work_tree
from apilint.documents.source import REF_KEY, SourceFile
from apilint.documents.structured import load_structured
from apilint.errors import InputError, error_text
from apilint.finding import Node, Pointer, format_pointer, parse_pointer

REMOTE_TIMEOUT_SECONDS = 10  # for each wait on a server
REMOTE_DEADLINE_SECONDS = 30  # for all the remote fetches of a run together


class RefError(Exception):
    """A `$ref` that cannot be followed; reported as a finding at the `$ref` itself."""


class RefCycleError(RefError):
    """`$ref`s that only lead to each other and never to a value."""


@dataclass
class LoadOptions:
    # Directories every spec's `$ref`s may also read (--ref-root, `ref-root:` in the config).
    allowed_roots: list[Path] = field(default_factory=list)
    allow_remote_refs: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    remote_deadline_seconds: float = REMOTE_DEADLINE_SECONDS


class Workspace:
    """Loads YAML/JSON files once (through `files`) and follows `$ref`s between them, within the
    allowed roots.

    `named`: the paths given on the command line. Outside a git work tree, a spec's `$ref`s
    may read below them and below the working directory (see `load_root`)."""

    def __init__(self, options: LoadOptions, named: Sequence[Path] = (), files: FileSet | None = None):
        self.options = options
        self.files = files if files is not None else FileSet(options.max_file_bytes)
        self._roots = tuple(root.resolve() for root in options.allowed_roots)
        cwd = Path.cwd().resolve()
        self._outside_git = _outermost((cwd, *(_directory_of(path.resolve()) for path in named)))
        self._work_trees: dict[Path, Path | None] = {}
        self._resolved: dict[tuple[SourceFile, str], tuple[Node, Any] | RefError] = {}
        self._by_spelling: dict[tuple, Path | str] = {}  # the file, or why it cannot be read
        self._followed: dict[Node, tuple[Node, Any] | RefError] = {}
        self._remote_seconds_left = options.remote_deadline_seconds
        self._remote_failures: dict[str, RefError] = {}

    def load_root(self, path: Path) -> SourceFile:
        """A spec to check. Its `$ref`s may read anywhere in the git work tree that holds it, never
        above it (split specs name `../common/Error.yaml`); outside git, below its own directory,
        the working directory and the named paths. And below every --ref-root / `ref-root:`."""
        directory = path.resolve().parent
        if directory not in self._work_trees:
            self._work_trees[directory] = git_work_tree(directory)
        tree = self._work_trees[directory]
        roots = (tree,) if tree is not None else (directory, *self._outside_git)
        return self.load(path, _outermost((*roots, *self._roots)))

    def load(self, path: Path, ref_roots: tuple[Path, ...]) -> SourceFile:
        """Load once; a file reached by `$ref` inherits the allowed roots of the file that named it."""
        key = str(path if path.is_absolute() and ".." not in path.parts else path.resolve())

        def make() -> SourceFile:
            raw = self.files.read(path)
            return SourceFile(path.resolve(), raw, load_structured(raw, str(path)), ref_roots)

        return self.files.source(key, make)

    # -- references ---------------------------------------------------------------

    def resolve(self, ref: str, origin: Node) -> Node:
        """The node a `$ref` string written at `origin` points to (one hop)."""
        return self._hop(ref, origin)[0]

    def _hop(self, ref: str, origin: Node) -> tuple[Node, Any]:
        """(target node, its value) for one `$ref`. Cached per (file, ref): big specs repeat
        the same few hundred refs thousands of times (Kubernetes: 9,851 uses of 819 refs)."""
        key = (origin.source, ref)
        cached = self._resolved.get(key)
        if cached is None:
            try:
                target = self._resolve(ref, origin)
                cached = (target, self.value(target))
            except RefError as error:
                cached = error
            self._resolved[key] = cached
        if isinstance(cached, RefError):
            raise cached
        return cached

    def follow(self, node: Node, value: Any = None) -> tuple[Node, Any]:
        """Follow `$ref` objects from `node` to a real value: (node, value). Pass `value` when
        the caller has it already. Raises RefError on a dead end, RefCycleError on a loop.

        Every `$ref` object passed on the way remembers where it ends, so following each link
        of a long chain costs one hop, not the rest of the chain."""
        if value is None:
            value = self.value(node)
        visited: list[Node] = []
        seen: set[Node] = set()
        try:
            while isinstance(value, dict) and isinstance(value.get(REF_KEY), str):
                known = self._followed.get(node)
                if isinstance(known, RefError):
                    raise known
                if known is not None:
                    node, value = known
                    break
                if node in seen:
                    loop = visited[visited.index(node) :] + [node]
                    raise RefCycleError("$ref cycle: " + _describe_loop(loop))
                seen.add(node)
                visited.append(node)
                node, value = self._hop(value[REF_KEY], node.child(REF_KEY))
        except RefError as error:
            for step in visited:
                self._followed[step] = error
            raise
        for step in visited:
            self._followed[step] = (node, value)
        return node, value

    def deref(self, node: Node) -> Node:
        """Follow `$ref` objects from `node` until a real value; raises RefError on a dead end or cycle."""
        return self.follow(node)[0]

    def _resolve(self, ref: str, origin: Node) -> Node:
        target, _, fragment = ref.partition("#")
        fragment = urllib.parse.unquote(fragment)
        if not target:
            source = origin.source
        elif urllib.parse.urlsplit(target).scheme in ("http", "https"):
            source = self._load_remote(urllib.parse.urljoin(str(origin.source.path), target))
        elif "://" in target:
            raise RefError(f"unsupported $ref scheme in {ref!r}")
        else:
            source = self._load_relative(urllib.parse.unquote(target), origin)
        try:
            pointer = parse_pointer(fragment)
        except ValueError as error:
            raise RefError(f"$ref {ref!r}: {error}") from None
        if lookup(source.data, pointer) is _MISSING:
            where = f"in {source.display}" if source is not origin.source else "in this document"
            raise RefError(f"$ref {ref!r} points to nothing: no {fragment or '/'} {where}")
        return Node(source, _typed_pointer(source.data, pointer))

    def value(self, node: Node) -> Any:
        return lookup(node.source.data, node.pointer)

    def _load_relative(self, target: str, origin: Node) -> SourceFile:
        # Specs name the same few files thousands of times: resolve each spelling once.
        roots = origin.source.ref_roots
        spelled = os.path.normpath(os.path.join(origin.source.path.parent, target))
        if (spelled, roots) not in self._by_spelling:
            link = Path(spelled)
            try:
                path = link.resolve()
                # A broken link is judged where it lies (its target is not there to judge) and, if
                # allowed, said to be broken: never where it points outside (that would leak it).
                checked = link.parent.resolve() / link.name if link.is_symlink() and not link.exists() else path
            except (OSError, ValueError) as error:  # a NUL byte, a name too long for the file system
                raise RefError(f"$ref target file {target!r} cannot be read: {error_text(error)}") from None
            if not any(checked == root or root in checked.parents for root in roots):
                location = origin.source.location(origin.pointer)
                raise InputError(
                    location.path,
                    f"$ref {target!r} reads outside the allowed directories "
                    f"({', '.join(str(root) for root in roots)}); "
                    "allow another directory with --ref-root DIR or `ref-root: [DIR]` in .apilint.yaml",
                    location.line,
                    location.column,
                )
            problem = self.files.problem(link)
            self._by_spelling[(spelled, roots)] = path if problem is None else f"$ref target file {target!r}: {problem}"
        found = self._by_spelling[(spelled, roots)]
        if isinstance(found, str):
            raise RefError(found)
        return self.load(found, roots)

    def _load_remote(self, url: str) -> SourceFile:
        if not self.options.allow_remote_refs:
            raise RefError(f"remote $ref {url!r} is not fetched (use --allow-remote-refs to fetch it)")
        loaded = self.files.get(url)
        if loaded is None:
            if url in self._remote_failures:  # ask a failing server once, not once per $ref
                raise self._remote_failures[url]
            try:
                raw = self._fetch(url)
            except RefError as error:
                self._remote_failures[url] = error
                raise
            loaded = SourceFile(Path(urllib.parse.urlsplit(url).path), raw, load_structured(raw, url), ())
            loaded.display = url
            self.files.source(url, lambda: loaded)
        return loaded

    def _fetch(self, url: str) -> bytes:
        """The body at `url`. Every fetch of the run draws on one time budget, so slow servers
        hold a run up for about that long at most, however many remote `$ref`s it has."""
        import time
        import urllib.request

        budget = self.options.remote_deadline_seconds
        deadline_passed = RefError(
            f"remote $ref {url!r} was not fetched: the {budget:g} s deadline for all remote $refs passed"
        )
        if self._remote_seconds_left <= 0:
            raise deadline_passed
        start = time.monotonic()
        deadline = start + self._remote_seconds_left
        chunks: list[bytes] = []
        size = 0
        try:
            # The timeout bounds each wait for the server; reading in chunks bounds the whole.
            timeout = min(REMOTE_TIMEOUT_SECONDS, self._remote_seconds_left)
            with urllib.request.urlopen(url, timeout=timeout) as response:
                while chunk := response.read1(64 * 1024):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.options.max_file_bytes:
                        raise RefError(f"remote $ref {url!r} is larger than the file size limit")
                    if time.monotonic() > deadline:
                        raise deadline_passed
        except OSError as error:
            if time.monotonic() > deadline:
                raise deadline_passed from None
            raise RefError(f"remote $ref {url!r} could not be fetched: {error}") from None
        finally:
            self._remote_seconds_left -= time.monotonic() - start
        return b"".join(chunks)


def _directory_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _outermost(roots: tuple[Path, ...]) -> tuple[Path, ...]:
    """The roots without those inside another one (and without repeats), in their order."""
    unique = tuple(dict.fromkeys(roots))
    return tuple(root for root in unique if not any(other in root.parents for other in unique))


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()


def lookup(data: Any, pointer: Pointer) -> Any:
    """The value at `pointer`, or _MISSING. Tokens may be str (from text) or int (list index)."""
    node = data
    for token in pointer:
        if isinstance(node, dict):
            if token in node:
                node = node[token]
            elif (key := _integer(token)) is not None and key in node:
                node = node[key]  # YAML keys such as 200 load as ints
            else:
                return _MISSING
        elif isinstance(node, list):
            index = _integer(token)
            if index is None or not 0 <= index < len(node):
                return _MISSING
            node = node[index]
        else:
            return _MISSING
    return node


def _typed_pointer(data: Any, pointer: Pointer) -> Pointer:
    """The pointer with list indexes and integer YAML keys as the ints they are in the data."""
    typed: list = []
    node = data
    for token in pointer:
        if isinstance(node, list) or (isinstance(node, dict) and token not in node):
            token = _integer(token)
        typed.append(token)
        node = node[token]
    return tuple(typed)


_INTEGER_TOKEN = re.compile(r"-?[0-9]{1,20}")


def _integer(token: object) -> int | None:
    """The int a pointer token may stand for (a list index, a YAML key such as 200); None for
    other text, "²" and "1_000" included (int() fails on the first and takes the second)."""
    if isinstance(token, int):
        return token
    return int(token) if isinstance(token, str) and _INTEGER_TOKEN.fullmatch(token) else None


def _describe(node: Node) -> str:
    return f"{node.source.display}#{format_pointer(node.pointer)}"


def _describe_loop(loop: list[Node], keep: int = 6) -> str:
    steps = [_describe(step) for step in loop]
    if len(steps) > keep:
        steps = steps[: keep // 2] + [f"... {len(steps) - keep} more ..."] + steps[-(keep // 2) :]
    return " -> ".join(steps)
