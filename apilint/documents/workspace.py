"""The set of files one run reads, and `$ref` resolution between them.

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
from typing import Any

from apilint.documents.source import REF_KEY, SourceFile
from apilint.documents.structured import load_structured
from apilint.errors import InputError
from apilint.finding import Node, Pointer, format_pointer, parse_pointer

DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024
REMOTE_TIMEOUT_SECONDS = 10


class RefError(Exception):
    """A `$ref` that cannot be followed; reported as a finding at the `$ref` itself."""


class RefCycleError(RefError):
    """`$ref`s that only lead to each other and never to a value."""


@dataclass
class LoadOptions:
    allowed_roots: list[Path] = field(default_factory=list)  # empty: the directory of each spec given
    allow_remote_refs: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


class Workspace:
    """Loads each file once and follows `$ref`s between files, within the allowed roots."""

    def __init__(self, options: LoadOptions):
        self.options = options
        self._files: dict[str, SourceFile] = {}
        self._roots = [root.resolve() for root in options.allowed_roots]
        self._resolved: dict[tuple[SourceFile, str], tuple[Node, Any] | RefError] = {}
        self._by_spelling: dict[tuple, Path | None] = {}
        self._followed: dict[Node, tuple[Node, Any] | RefError] = {}

    @property
    def files(self) -> list[SourceFile]:
        return list(self._files.values())

    def load_root(self, path: Path) -> SourceFile:
        """A spec named by the user: its `$ref`s may read below its own directory and --ref-root."""
        roots = (path.parent.resolve(), *self._roots)
        return self.load(path, roots)

    def load(self, path: Path, ref_roots: tuple[Path, ...]) -> SourceFile:
        """Load once; a file reached by `$ref` inherits the allowed roots of the file that named it."""
        key = str(path if path.is_absolute() and ".." not in path.parts else path.resolve())
        if key not in self._files:
            raw = read_limited(path, self.options.max_file_bytes)
            self._files[key] = SourceFile(path.resolve(), raw, load_structured(raw, str(path)), ref_roots)
        return self._files[key]

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
            try:
                path = Path(spelled).resolve()
                is_file = path.is_file()
            except (OSError, ValueError) as error:  # a NUL byte, a name too long for the file system
                raise RefError(f"$ref target file {target!r} cannot be read: {_reason(error)}") from None
            if not any(path == root or root in path.parents for root in roots):
                location = origin.source.location(origin.pointer)
                raise InputError(
                    location.path,
                    f"$ref {target!r} reads outside the allowed directories "
                    f"({', '.join(str(root) for root in roots)}); allow it with --ref-root",
                    location.line,
                    location.column,
                )
            self._by_spelling[(spelled, roots)] = path if is_file else None
        path = self._by_spelling[(spelled, roots)]
        if path is None:
            raise RefError(f"$ref target file {target!r} does not exist")
        return self.load(path, roots)

    def _load_remote(self, url: str) -> SourceFile:
        if not self.options.allow_remote_refs:
            raise RefError(f"remote $ref {url!r} is not fetched (use --allow-remote-refs to fetch it)")
        if url not in self._files:
            import urllib.request

            try:
                with urllib.request.urlopen(url, timeout=REMOTE_TIMEOUT_SECONDS) as response:
                    raw = response.read(self.options.max_file_bytes + 1)
            except OSError as error:
                raise RefError(f"remote $ref {url!r} could not be fetched: {error}") from None
            if len(raw) > self.options.max_file_bytes:
                raise RefError(f"remote $ref {url!r} is larger than the file size limit")
            self._files[url] = SourceFile(Path(urllib.parse.urlsplit(url).path), raw, load_structured(raw, url), ())
            self._files[url].display = url
        return self._files[url]


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


def _reason(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def _describe(node: Node) -> str:
    return f"{node.source.display}#{format_pointer(node.pointer)}"


def _describe_loop(loop: list[Node], keep: int = 6) -> str:
    steps = [_describe(step) for step in loop]
    if len(steps) > keep:
        steps = steps[: keep // 2] + [f"... {len(steps) - keep} more ..."] + steps[-(keep // 2) :]
    return " -> ".join(steps)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a file, refusing anything larger than `max_bytes` before reading it all."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {size / 1048576:.1f} MB, above the {max_bytes / 1048576:.0f} MB limit (--max-file-size)",
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
