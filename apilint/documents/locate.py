"""JSON pointer -> (line, column), computed lazily and only for nodes that get a finding.

Loading builds plain Python data at native speed and keeps no positions (a full
PyYAML node tree of a 4 MB spec costs ~1 s). When a finding needs a position we
parse the same bytes once more with rapidyaml, which keeps each scalar as a view
into the input buffer: the view's address minus the buffer's address is the
byte offset. That parse takes ~25 ms for Stripe's spec, for YAML and JSON alike.
Where rapidyaml cannot follow a pointer (aliases, merge keys, input it rejects)
PyYAML's composer, the reference, answers instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import re
import sys
from typing import Iterator, Protocol

Span = tuple[int, int]  # byte offsets [start, end) in the original file


class Locator(Protocol):
    def span(self, pointer: tuple) -> Span | None: ...


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.py_object),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]


def _address(buffer: object) -> int:
    """Address of the first byte of any object exposing the buffer protocol (read-only ones too)."""
    view = _PyBuffer()
    _get_buffer(buffer, ctypes.byref(view), 0)
    try:
        return view.buf or 0
    finally:
        _release_buffer(ctypes.byref(view))


_BYTES_PER_NODE = 32
_LONE_CR = re.compile(rb"\r(?!\n)")


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """rapidyaml's error handler writes its C++ message (with a path from its build machine) to
    file descriptor 2 before it raises ExceptionParse, and the Python binding offers no way to
    replace it. The exception is all we need (the composer then answers), so point fd 2 at the
    null device while rapidyaml parses: nothing but apilint's own lines may reach stderr."""
    sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


class RapidYamlLocator:
    """Follows pointers through a rapidyaml tree parsed in place over a copy of the file."""

    def __init__(self, raw: bytes):
        import ryml  # lazy: only runs when a finding needs a position

        self._ryml = ryml
        self._raw = raw
        # rapidyaml unescapes and folds scalars in place, so it gets its own copy; offsets are
        # still offsets into the original bytes. It knows no lone CR as a line break (YAML and
        # JSON do): its copy gets an LF instead, the same length, so every offset still holds.
        self._buffer = bytearray(_LONE_CR.sub(b"\n", raw) if b"\r" in raw else raw)
        # Reserving about as many nodes as the file will need (real specs use one per 40-50
        # bytes) spares the tree's repeated growth: a third of the parse time.
        self._tree = ryml.Tree()
        self._tree.reserve(len(raw) // _BYTES_PER_NODE + 16)
        with _native_stderr_silenced():
            ryml.parse_in_place(self._buffer, self._tree)
        self._base = _address(self._buffer)
        self._children: dict[int, dict[str, int] | list[int]] = {}

    def _child_index(self, node: int) -> dict[str, int] | list[int]:
        """A mapping's children by key, a sequence's by position: built once per node, since
        rapidyaml finds a child by walking its siblings."""
        index = self._children.get(node)
        if index is None:
            tree, none = self._tree, self._ryml.NONE
            children = []
            child = tree.first_child(node)
            while child != none:
                children.append(child)
                child = tree.next_sibling(child)
            if tree.is_map(node):
                # A repeated key: the last one, as in the loaded data.
                index = {bytes(tree.key(child)).decode("utf-8", "replace"): child for child in children}
            else:
                index = children
            self._children[node] = index
        return index

    def _node(self, pointer: tuple) -> int | None:
        tree = self._tree
        node = tree.root_id()
        if tree.is_stream(node):
            node = tree.first_child(node)
        for token in pointer:
            if tree.is_map(node):
                child = self._child_index(node).get(_key_text(token))
            elif tree.is_seq(node):
                if not isinstance(token, int) and not str(token).isdigit():
                    return None
                children = self._child_index(node)
                position = int(token)
                child = children[position] if position < len(children) else None
            else:
                return None
            if child is None or child == self._ryml.NONE or tree.is_val_ref(child):
                return None
            node = child
        return node

    def _view_span(self, view: memoryview) -> Span:
        start = _address(view) - self._base
        end = start + len(view)
        # Point at an opening quote rather than just inside it.
        if start > 0 and self._raw[start - 1 : start] in (b'"', b"'"):
            start -= 1
            end += 1
        return start, end

    def span(self, pointer: tuple) -> Span | None:
        tree = self._tree
        node = self._node(pointer)
        if node is None:
            return None
        if pointer and tree.has_key(node):
            return self._view_span(tree.key(node))
        if tree.has_val(node) and not tree.is_container(node):
            return self._view_span(tree.val(node))
        # A container with no key (the root or a sequence item): its first entry.
        first = tree.first_child(node)
        if first == self._ryml.NONE:
            return None
        if tree.has_key(first):
            return self._view_span(tree.key(first))
        if tree.has_val(first) and not tree.is_container(first):
            return self._view_span(tree.val(first))
        return None

    def repeated_keys(self) -> list[tuple[tuple, Span]]:
        """See `repeated_keys`."""
        tree, none = self._tree, self._ryml.NONE
        root = tree.root_id()
        if tree.is_stream(root):
            root = tree.first_child(root)
        found = []
        stack = [(root, ())]
        while stack:
            node, pointer = stack.pop()
            in_map = tree.is_map(node)
            keys: set[str] = set()
            child, position = tree.first_child(node), 0
            while child != none:
                token: str | int = position
                if in_map:
                    token = bytes(tree.key(child)).decode("utf-8", "replace")
                    if token in keys:
                        found.append((pointer + (token,), self._view_span(tree.key(child))))
                    keys.add(token)
                if tree.is_container(child) and not tree.is_val_ref(child):
                    stack.append((child, pointer + (token,)))
                child, position = tree.next_sibling(child), position + 1
        return sorted(found, key=lambda repeat: repeat[1])


class ComposeLocator:
    """PyYAML's node tree with marks: slow but the reference, used when rapidyaml cannot answer.

    Linear however findings fall: each mapping is indexed by key once, whatever number of aliases
    share it, and marks' character indexes become byte offsets through a table built once."""

    def __init__(self, raw: bytes):
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        self._yaml = yaml
        text = raw.decode("utf-8-sig", "replace")
        self._root = yaml.compose(text, Loader=loader)
        self._mappings: dict[int, dict[str, tuple]] = {}  # id(MappingNode) -> key -> (key node, value node)
        self._offsets = _CharOffsets(text, len(_BOM) if raw.startswith(_BOM) else 0)

    def _pairs(self, node) -> dict[str, tuple]:
        pairs = self._mappings.get(id(node))  # the tree keeps every node alive, so ids are stable
        if pairs is None:
            scalar = self._yaml.ScalarNode
            # A repeated key: the last one, as in the loaded data.
            pairs = {key.value: (key, value) for key, value in node.value if isinstance(key, scalar)}
            self._mappings[id(node)] = pairs
        return pairs

    def span(self, pointer: tuple) -> Span | None:
        yaml = self._yaml
        node = self._root
        mark_node = node
        for token in pointer:
            if isinstance(node, yaml.MappingNode):
                pair = self._pairs(node).get(_key_text(token))
                if pair is None:
                    return None
                mark_node, node = pair
            elif isinstance(node, yaml.SequenceNode):
                try:
                    node = node.value[int(token)]
                except (ValueError, IndexError):
                    return None
                mark_node = node
            else:
                return None
        if mark_node is None:
            return None
        return self._node_span(mark_node)

    def _node_span(self, node) -> Span:
        # Marks count characters (and lines by YAML 1.1's rules); their index is all we use.
        start = self._offsets.byte_offset(node.start_mark.index)
        end = self._offsets.byte_offset(node.end_mark.index)
        return start, max(end, start)

    def repeated_keys(self) -> list[tuple[tuple, Span]]:
        """See `repeated_keys`."""
        yaml = self._yaml
        found = []
        walked: set[int] = set()
        stack = [(self._root, ())]
        while stack:
            node, pointer = stack.pop()
            if id(node) in walked:  # an alias: its node is walked once
                continue
            walked.add(id(node))
            if isinstance(node, yaml.MappingNode):
                keys: set[str] = set()
                for key, value in node.value:
                    if not isinstance(key, yaml.ScalarNode):
                        continue
                    if key.value in keys:
                        found.append((pointer + (key.value,), self._node_span(key)))
                    keys.add(key.value)
                    stack.append((value, pointer + (key.value,)))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, pointer + (index,)) for index, item in enumerate(node.value))
        return sorted(found, key=lambda repeat: repeat[1])


class _CharOffsets:
    """Character index in the decoded text -> byte offset in the file.

    One byte offset every _CHARS_PER_STEP characters, computed once: each lookup then
    encodes at most that many characters, instead of the whole text before the mark."""

    def __init__(self, text: str, bom_bytes: int):
        self._text = text
        self._ascii = text.isascii()
        self._bom = bom_bytes
        if not self._ascii:
            step = _CHARS_PER_STEP
            sizes = (len(text[start : start + step].encode("utf-8")) for start in range(0, len(text), step))
            self._steps = list(itertools.accumulate(sizes, initial=bom_bytes))

    def byte_offset(self, index: int) -> int:
        if self._ascii:
            return self._bom + index
        step, rest = divmod(index, _CHARS_PER_STEP)
        start = index - rest
        return self._steps[step] + len(self._text[start:index].encode("utf-8"))


_CHARS_PER_STEP = 256
_BOM = b"\xef\xbb\xbf"
_NOT_CONTINUATION_BYTES = bytes(byte for byte in range(256) if not 0x80 <= byte <= 0xBF)


def repeated_keys(raw: bytes) -> list[tuple[tuple, Span]]:
    """Each key written again in a mapping that has it already: (its pointer, the repeat's span),
    in file order. The pointer is the one the kept (last) entry has in the data too.

    A walk of the whole tree in Python: loading runs it only when its parser saw a repeat."""
    for factory in (RapidYamlLocator, ComposeLocator):
        try:
            return factory(raw).repeated_keys()
        except Exception:  # noqa: BLE001 - a parser that rejects the file leaves it to the next
            continue
    return []


def _key_text(token: object) -> str:
    if isinstance(token, bool):
        return "true" if token else "false"
    return str(token)


class LineIndex:
    """Byte offset -> 1-based (line, column in characters).

    A cursor that steps from the last offset asked for: it counts the line breaks stepped over
    at memchr speed and decodes only the bytes stepped over for the column, instead of indexing
    every line or going back to the start of the line. Asked in ascending order
    (SourceFile.locations does), all of a file's findings cost one pass over its bytes, however
    long its lines (a minified spec is one line of megabytes).

    Line breaks are YAML's and JSON's: LF, CRLF (one break) and a lone CR (old Mac files)."""

    def __init__(self, raw: bytes):
        self._raw = raw
        self._has_cr = b"\r" in raw
        self._ascii = raw.isascii()  # then characters are bytes: no decoding at all
        self._bom = len(_BOM) if raw.startswith(_BOM) else 0
        self._offset = 0
        self._line = 0  # line breaks before self._offset
        self._line_start = 0  # where the line holding self._offset begins
        self._column = 0  # characters from self._line_start to self._offset

    def position(self, offset: int) -> tuple[int, int]:
        # Step from the last offset either way: a finding's end, then the next finding's start
        # on the same node, must not send the count back to the top of the file.
        if offset >= self._offset:
            breaks = self._breaks(self._offset, offset)
            self._line += breaks
            if breaks:
                self._line_start = self._after_last_break(self._offset, offset)
                self._column = self._characters(self._line_start, offset)
            else:
                self._column += self._characters(self._offset, offset)
        else:
            breaks = self._breaks(offset, self._offset)
            self._line -= breaks
            if breaks:  # back onto an earlier line: find where it starts (a short search back)
                self._line_start = self._after_last_break(0, offset)
                self._column = self._characters(self._line_start, offset)
            else:
                self._column -= self._characters(offset, self._offset)
        self._offset = offset
        column = self._column + 1
        if self._line_start == 0 and self._bom and offset >= self._bom:
            column -= 1  # the byte order mark is not a character anyone sees
        return self._line + 1, column

    def _breaks(self, start: int, end: int) -> int:
        raw = self._raw
        breaks = raw.count(b"\n", start, end)
        if self._has_cr:
            breaks += raw.count(b"\r", start, end) - raw.count(b"\r\n", start, end)
        return breaks

    def _after_last_break(self, start: int, end: int) -> int:
        raw = self._raw
        last = raw.rfind(b"\n", start, end)
        if self._has_cr:  # only a CR after that LF can be later
            last = max(last, raw.rfind(b"\r", max(start, last), end))
        return last + 1

    def _characters(self, start: int, end: int) -> int:
        # UTF-8 characters are the bytes that do not continue one (10xxxxxx): a count that adds
        # up step by step, even where an offset falls inside a character.
        if self._ascii:
            return end - start
        return end - start - len(self._raw[start:end].translate(None, _NOT_CONTINUATION_BYTES))
