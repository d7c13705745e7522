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

import ctypes
import re
from typing import Protocol

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


class RapidYamlLocator:
    """Follows pointers through a rapidyaml tree parsed in place over a copy of the file."""

    def __init__(self, raw: bytes):
        import ryml  # lazy: only runs when a finding needs a position

        self._ryml = ryml
        self._raw = raw
        # rapidyaml unescapes and folds scalars in place, so it gets its own copy;
        # offsets are still offsets into the original bytes.
        self._buffer = bytearray(raw)
        # Reserving about as many nodes as the file will need (real specs use one per 40-50
        # bytes) spares the tree's repeated growth: a third of the parse time.
        self._tree = ryml.Tree()
        self._tree.reserve(len(raw) // _BYTES_PER_NODE + 16)
        ryml.parse_in_place(self._buffer, self._tree)
        self._base = _address(self._buffer)
        self._children: dict[int, dict[str, int]] = {}

    def _child_index(self, node: int) -> dict[str, int]:
        index = self._children.get(node)
        if index is None:
            tree, none = self._tree, self._ryml.NONE
            index = {}
            child = tree.first_child(node)
            while child != none:
                key = bytes(tree.key(child)).decode("utf-8", "replace")
                index.setdefault(key, child)
                child = tree.next_sibling(child)
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
                position = int(token)
                child = tree.child(node, position) if position < tree.num_children(node) else None
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


class ComposeLocator:
    """PyYAML's node tree with marks: slow but the reference, used when rapidyaml cannot answer."""

    def __init__(self, raw: bytes):
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        self._text = raw.decode("utf-8-sig", "replace")
        self._root = yaml.compose(self._text, Loader=loader)
        self._line_starts = _line_starts_text(self._text)

    def span(self, pointer: tuple) -> Span | None:
        import yaml

        node = self._root
        mark_node = node
        for token in pointer:
            if isinstance(node, yaml.MappingNode):
                wanted = _key_text(token)
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == wanted:
                        mark_node, node = key_node, value_node
                        break
                else:
                    return None
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
        # Marks count characters; convert to byte offsets so both locators agree.
        start = self._byte_offset(mark_node.start_mark)
        end = self._byte_offset(mark_node.end_mark)
        return start, max(end, start)

    def _byte_offset(self, mark) -> int:
        line_start = self._line_starts[mark.line] if mark.line < len(self._line_starts) else len(self._text)
        prefix = self._text[:line_start]
        line_prefix = self._text[line_start : line_start + mark.column]
        return len(prefix.encode("utf-8")) + len(line_prefix.encode("utf-8"))


def _key_text(token: object) -> str:
    if isinstance(token, bool):
        return "true" if token else "false"
    return str(token)


def _line_starts_text(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


class LineIndex:
    """Byte offset -> 1-based (line, column in characters).

    Counts newlines from the last offset asked for, at memchr speed, instead of indexing
    every line: asked in ascending order (SourceFile.locations does), all of a file's
    findings cost one pass over its bytes."""

    def __init__(self, raw: bytes):
        self._raw = raw
        self._offset = 0
        self._line = 0  # newlines before self._offset

    def position(self, offset: int) -> tuple[int, int]:
        # Step from the last offset either way: a finding's end, then the next finding's start
        # on the same node, must not send the count back to the top of the file.
        if offset >= self._offset:
            self._line += self._raw.count(b"\n", self._offset, offset)
        else:
            self._line -= self._raw.count(b"\n", offset, self._offset)
        self._offset = offset
        start = self._raw.rfind(b"\n", 0, offset) + 1
        column = len(self._raw[start:offset].decode("utf-8", "replace")) + 1
        if start == 0 and self._raw.startswith(b"\xef\xbb\xbf"):
            column = max(1, column - 1)
        return self._line + 1, column
