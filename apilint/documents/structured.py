"""Bytes -> plain Python data for YAML and JSON, fast, exact, and safe on hostile input.

Semantics are PyYAML's SafeLoader (YAML 1.1) with one deliberate change: dates and
timestamps stay strings, as they do in JSON and in every OpenAPI tool, so that a
`version: 2023-08-16` validates as the string the spec means.

Speed comes from yaml-rs (a Rust YAML 1.2 parser, ~10x PyYAML's C loader). YAML 1.1
and 1.2 disagree on a few plain scalars (`yes`, `on`, `0777`, `1e3`, `<<` merges...);
wherever a document could contain one, we load it with PyYAML instead, so the data
is always what PyYAML gives. tests/test_yaml_equivalence.py proves it on the corpus.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from apilint.errors import InputError, clipped, undecodable_line

MAX_DEPTH = 256  # real specs nest < 40 levels; deeper input is hostile or broken
MAX_NODES = 5_000_000  # after alias expansion: bounds memory against YAML alias bombs

# Where a plain scalar ends: end of line, a comment, a flow indicator, or ": " for keys.
_PLAIN_END = rb"(?=[ \t]*(?:\r?$|\#|[,\]}]|:[ \t\r\n]))"
# Plain scalars that YAML 1.2 reads as numbers where YAML 1.1 does not, or differently:
# leading zeros, 0o octal, underscores, sexagesimal, exponents without dot or sign.
_NUMBER_LIKE_1_1_DIFFERS = re.compile(
    # Each match starts with one [0-9.] so the regex engine scans for that character set in
    # C (2x faster than a leading lookahead on a 4 MB spec); the lookbehinds then say which
    # digit began the token. A token glued to a word or number ("v1.05", "2000") cannot be
    # a plain scalar, so it is skipped here; _starts_plain_scalar has the final say.
    rb"""[0-9.](?<![^\n\r\[{,\ \t\-+?:][0-9.])(?:
            (?<=0)[0-9_]+                                     # 0777 (octal in 1.1), 08
          | (?<=0)o[0-7_]+                                    # octal in 1.2, a string in 1.1
          | (?<=[0-9])[0-9_]*_[0-9_]*(?:\.[0-9_]*)?            # 1_000
          | (?<=[0-9])[0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?   # 190:20:30
          | (?<=[0-9])[0-9_]*[eE][-+]?[0-9]+                  # 1e3
          | (?<=[0-9])[0-9_]*\.[0-9_]*[eE][0-9]+              # 1.0e3 (1.1 wants a signed exponent)
          | (?<=\.)[0-9_]+(?:[eE][-+]?[0-9]+)?                # .5 is a float in both, but -.5 and ._5 only in 1.2
        )"""
    + _PLAIN_END,
    re.MULTILINE | re.VERBOSE,
)
_TAG = re.compile(rb"!(?:[!\w<]|[ \t])")
# Constructs whose meaning the fast parser does not share: directives, explicit
# (complex) keys, document markers (a second document, or the end of one).
# One literal-led regex each, found anywhere (the engine then skips ahead at C speed; a
# line-anchored or combined pattern is 5-15x slower); _at_line_start keeps those that open a line.
_SYNTAX_1_1_DIFFERS = tuple(re.compile(token) for token in (rb"%", rb"\.\.\.", rb"\?[ \t]", rb"---"))
# Strings in the fast result that PyYAML would have resolved to bool/int/float/merge/value
# had they been written plain. Each is then looked for as a plain scalar in the source;
# only a plain one sends the file to the reference loader (quoted "NO" is a string in both).
# The lookahead rejects most of the dump's quotes on their first character (4x faster).
_STRING_1_1_DIFFERS = re.compile(
    r'"(?=[yYnNoO<=+0-9-])(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|<<|='
    r"|[-+]?0[0-7_]+|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"
    r'|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"'
)
_DIGITS = frozenset(b"0123456789")


def _starts_plain_scalar(raw: bytes, start: int) -> bool:
    """Could a plain scalar start at `start`? Line start, after "- ", "? ", ": ",
    inside a flow collection, or after a JSON-style quoted key ("a":1)."""
    if start > 0 and raw[start - 1] in b"+-":
        start -= 1
    i = _skip_properties(raw, start)
    if i == 0 or raw[i - 1] in b"\n\r[{":
        return True
    previous = raw[i - 1]
    if previous == ord(","):
        return i < 2 or raw[i - 2] not in _DIGITS  # "10,000" is prose, not a flow entry
    if previous in b"-?:" and i < start:
        return True
    return previous == ord(":") and i >= 2 and raw[i - 2] in b"\"'"


def _skip_properties(raw: bytes, start: int) -> int:
    """Step back over blanks and any anchor (&a) or tag (!t) written before a scalar."""
    i = start
    while True:
        while i > 0 and raw[i - 1] in b" \t":
            i -= 1
        word = i
        while word > 0 and raw[word - 1] not in b" \t\r\n[{,":
            word -= 1
        if word < i < start + 1 and raw[word : word + 1] in (b"&", b"!") and word != i:
            if i == start:  # the anchor is glued to the scalar: not a property
                return i
            i = word
            continue
        return i


def _has_plain(raw: bytes, pattern: re.Pattern) -> bool:
    return any(_starts_plain_scalar(raw, match.start()) for match in pattern.finditer(raw))


def _any_written_plain(raw: bytes, scalars: set[str]) -> bool:
    """Is any of these scalars written plain (unquoted) somewhere?"""
    # A few scalars: one literal-led regex each, which the engine skips ahead to at C speed
    # (an alternation tries every position, 10x slower). Many: one pass for all of them,
    # so the cost stays linear in the file whatever it contains.
    if len(scalars) <= _SEPARATE_SCANS_UP_TO:
        groups = [[scalar] for scalar in scalars]
    else:
        groups = [sorted(scalars, key=len, reverse=True)]
    for group in groups:
        alternatives = b"|".join(re.escape(scalar.encode()) for scalar in group)
        if _has_plain(raw, re.compile(b"(?:" + alternatives + b")" + _PLAIN_END, re.MULTILINE)):
            return True
    return False


_SEPARATE_SCANS_UP_TO = 3


def _at_line_start(raw: bytes, start: int, indented: bool) -> bool:
    line_start = raw.rfind(b"\n", 0, start) + 1
    return line_start == start or (indented and not raw[line_start:start].strip(b" \t"))


def _differs_from_1_1_by_syntax(raw: bytes) -> bool:
    matches = (match for pattern in _SYNTAX_1_1_DIFFERS for match in pattern.finditer(raw))
    for match in matches:
        token = match.group()
        if not _at_line_start(raw, match.start(), indented=token.startswith(b"?")):
            continue
        if token != b"---":
            return True
        # One leading "---" opens the only document; any later one starts another.
        before = raw[: match.start()]
        if any(line.strip() and not line.lstrip().startswith((b"#", b"%")) for line in before.splitlines()):
            return True
    return _has_plain(raw, _TAG)


def _pyyaml_loader():
    """PyYAML's C SafeLoader without the timestamp resolver (dates stay strings), building
    JSON data only: what a tag would make of a value that JSON cannot hold is an error."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    constructors = {
        "int": _construct_int,
        "float": _construct_float,
        "timestamp": base.construct_scalar,  # `!!timestamp 2001-12-14` stays text, like an untagged date
        "binary": _refuse("a !!binary value"),
        "set": _refuse("a !!set"),
    }
    for name, construct in constructors.items():
        Loader.add_constructor(f"tag:yaml.org,2002:{name}", construct)
    return Loader


class _NotJSONData(Exception):
    """A YAML value an API description cannot hold; raised by the constructors below."""

    def __init__(self, message: str, node: Any):
        super().__init__(message)
        self.message = message
        self.mark = node.start_mark


# Python refuses to turn longer integers into text (or text into them): a guard against
# quadratic conversion time. Such a number in an API description is junk, not data.
MAX_INT_DIGITS = 4300
_MAX_INT = 10**MAX_INT_DIGITS
_TOO_LONG = f"an integer has more than {MAX_INT_DIGITS:,} digits"
_QUOTED_VALUE = 40  # characters of a bad tagged value quoted in its error


def _construct_int(loader: Any, node: Any) -> int:
    from yaml.constructor import SafeConstructor

    text = loader.construct_scalar(node)
    try:
        value = SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        shown = clipped(text, _QUOTED_VALUE)
        problem = _TOO_LONG if len(text) > MAX_INT_DIGITS else f"{shown!r} is not an integer (tagged !!int)"
        raise _NotJSONData(problem, node) from None
    if abs(value) >= _MAX_INT:  # `0x` and 4,000 hex digits
        raise _NotJSONData(_TOO_LONG, node)
    return value


def _construct_float(loader: Any, node: Any) -> float:
    from yaml.constructor import SafeConstructor

    try:
        return SafeConstructor.construct_yaml_float(loader, node)
    except ValueError:
        text = loader.construct_scalar(node)
        raise _NotJSONData(f"{clipped(text, _QUOTED_VALUE)!r} is not a number (tagged !!float)", node) from None


def _refuse(what: str):
    def construct(loader: Any, node: Any) -> Any:
        raise _NotJSONData(f"{what} is not JSON data, which is all an API description may hold", node)

    return construct


def load_reference_yaml(text: str, path: str) -> Any:
    """PyYAML: the reference semantics, and the source of exact error positions."""
    import yaml

    try:
        return yaml.load(text, Loader=_pyyaml_loader())
    except _NotJSONData as error:
        raise InputError(path, error.message, error.mark.line + 1, error.mark.column + 1) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if error.context and problem.startswith("but "):  # "but found another document" needs its first half
            problem = f"{error.context}, {problem}"
        raise InputError(
            path, f"invalid YAML: {problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise InputError(path, f"invalid YAML: character {error.character!r} is not allowed", line) from None
    except yaml.YAMLError as error:
        raise InputError(path, "invalid YAML: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise InputError(path, f"nesting is deeper than apilint accepts ({MAX_DEPTH} levels)") from None


# Characters YAML 1.1 reads differently from yaml-rs: ASCII and C1 controls and U+FFFE/FFFF,
# which PyYAML rejects, and NEL, LS and PS, which YAML 1.1 (not 1.2) takes as line breaks.
# Looked for as UTF-8 bytes: the ASCII controls by deleting every other byte (bytes.translate,
# 8x faster than a character-set regex), the rest by literal-led patterns.
_ASCII_CONTROLS = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20)) + b"\x7f"
_ALL_BUT_ASCII_CONTROLS = bytes(byte for byte in range(256) if byte not in _ASCII_CONTROLS)
_NON_ASCII_1_1_DIFFERS = tuple(
    re.compile(pattern) for pattern in (rb"\xc2[\x80-\x9f]", rb"\xe2\x80[\xa8\xa9]", rb"\xef\xbf[\xbe\xbf]")
)


def _differs_from_1_1_by_characters(raw: bytes) -> bool:
    return bool(raw.translate(None, _ALL_BUT_ASCII_CONTROLS)) or any(p.search(raw) for p in _NON_ASCII_1_1_DIFFERS)


def _fast_yaml(text: str, raw: bytes) -> tuple[Any, str, bool] | None:
    """(data, data as JSON text, does a key repeat?) when yaml-rs gives exactly what PyYAML would;
    None otherwise."""
    # Without a final newline, PyYAML clips a closing block scalar's last line break; yaml-rs keeps it.
    if not raw.endswith(b"\n") or _differs_from_1_1_by_syntax(raw) or _has_plain(raw, _NUMBER_LIKE_1_1_DIFFERS):
        return None
    if _differs_from_1_1_by_characters(raw):
        return None
    try:
        data, repeats = _yaml_rs_load(text)
    except Exception:  # noqa: BLE001 - any doubt goes to the reference loader, which reports errors well
        return None
    try:
        # No circular check: an alias cycle then ends in RecursionError, which is caught.
        dumped = json.dumps(data, ensure_ascii=False, default=str, check_circular=False)
    except (TypeError, ValueError, RecursionError):  # a collection as a key, an alias cycle, too deep
        return None
    suspects = {match.group(1) for match in _STRING_1_1_DIFFERS.finditer(dumped)}
    if _any_written_plain(raw, suspects):
        return None
    return data, dumped, repeats


def _yaml_rs_load(text: str) -> tuple[Any, bool]:
    """(data, does a mapping repeat a key?), the last of repeated keys winning as in PyYAML.

    yaml-rs tells whether a key repeats at native speed (its Error policy costs nothing more);
    only a file that has one is parsed twice."""
    import yaml_rs

    policies = yaml_rs.DuplicateKeyPolicy
    try:
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=policies.Error), False
    except yaml_rs.YAMLDecodeError as error:
        if not str(error).startswith("duplicate mapping key"):
            raise
    return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=policies.LastWins), True


def _may_repeat_keys(text: str) -> bool:
    """For a file PyYAML loaded: False when yaml-rs reads it and sees no repeated key."""
    try:
        return _yaml_rs_load(text)[1]
    except Exception:  # noqa: BLE001 - YAML 1.1 only: maybe, let the exact pass say
        return True


def _json_loads(text: str) -> tuple[Any, bool]:
    """(data, does an object repeat a name?), the last of repeated names winning as in json.loads.

    The hook is the one Python call per object that tells (~8 ms on a 4 MB spec)."""
    repeats = []

    def to_dict(pairs: list) -> dict:
        members = dict(pairs)
        if len(members) < len(pairs):
            repeats.append(True)
        return members

    return json.loads(text, object_pairs_hook=to_dict), bool(repeats)


def _repeated_keys(raw: bytes, repeats: bool) -> tuple:
    if not repeats:
        return ()
    from apilint.documents.locate import repeated_keys  # the slow, exact pass: positions

    return tuple(repeated_keys(raw))


def check_shape(data: Any, path: str) -> None:
    """Reject documents too deep for our walkers or too large once aliases are expanded."""
    # Iterative and memoised by identity: PyYAML shares aliased objects, so an alias
    # bomb is small in memory but explodes for anything that walks it.
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        if done:
            children = node.values() if isinstance(node, dict) else node
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            if total > MAX_NODES:
                raise InputError(
                    path, f"document expands to more than {MAX_NODES:,} nodes (a YAML alias bomb?)"
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if depth > MAX_DEPTH:
            raise InputError(path, f"nesting is deeper than apilint accepts ({MAX_DEPTH} levels)")
        sizes[key] = 1  # provisional: a cycle through an alias counts once
        stack.append((node, depth, True))
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1, False))


UTF16_TEXT = "file is UTF-16 text; apilint reads UTF-8 (convert it)"


def is_utf16(raw: bytes) -> bool:
    """A UTF-16 byte order mark, or (without one) text whose every other byte is NUL: what
    Windows tools write as "Unicode"."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[: min(len(raw), 512) // 2 * 2]
    if len(sample) < 4:
        return False
    lanes = sample[0::2], sample[1::2]
    # Mostly NUL in one lane (ASCII and Latin-1 text), none in the other; CJK text has no NULs.
    return any(zeros.count(0) >= 0.9 * len(zeros) and 0 not in text for zeros, text in (lanes, lanes[::-1]))


def decode_text(raw: bytes, path: str) -> str:
    if not raw.strip():
        raise InputError(path, "file is empty")
    if is_utf16(raw):
        raise InputError(path, UTF16_TEXT)
    if b"\x00" in raw[:8192]:
        raise InputError(path, "file is binary, not YAML or JSON text", 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = undecodable_line(raw, error)
        raise InputError(path, "file is not UTF-8 text", line) from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _reject_lone_surrogates(text: str, data: Any, path: str) -> None:
    """JSON may escape half of a UTF-16 pair (\\ud800); Python then holds text no encoder accepts."""
    first = _SURROGATE_ESCAPE.search(text)
    if first is None:
        return
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        line = text.count("\n", 0, first.start()) + 1
        raise InputError(path, "a string escapes a lone UTF-16 surrogate, which is not valid Unicode", line) from None


# A JSON number is a value: after `:`, `[` or `,` (so not the digits of a string before it).
_LONG_JSON_NUMBER = re.compile(rf"[:\[,]\s*(-?[0-9]{{{MAX_INT_DIGITS + 1},}})")


def _position(text: str, match: re.Match | None, group: int = 0) -> tuple[int | None, int | None]:
    """1-based (line, column) of a match (or of one of its groups) in the text; (None, None) without one."""
    if match is None:
        return None, None
    start = match.start(group)
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1


def looks_like_json(text: str, path: str) -> bool:
    return path.endswith(".json") or text.lstrip()[:1] in ("{", "[")


class Parsed(NamedTuple):
    data: Any
    syntax: str  # "yaml" or "json"
    # The data as JSON text, where parsing had it for free (the file itself, or the dump the
    # YAML check makes): lets callers find things by text search instead of walking the data.
    json_text: str | None
    # Keys written again in a mapping that has them already: (pointer, byte span of the repeat),
    # in file order. The data keeps the last, as YAML and JSON loaders mostly do.
    repeated_keys: tuple = ()


def load_structured(raw: bytes, path: str) -> Parsed:
    """Parse YAML or JSON bytes into data."""
    text = decode_text(raw, path)
    if looks_like_json(text, path):
        try:
            data, repeats = _json_loads(text)
            _reject_lone_surrogates(text, data, path)
            return Parsed(data, "json", text, _repeated_keys(raw, repeats))
        except json.JSONDecodeError as error:
            if path.endswith(".json"):
                line = min(error.lineno, text.count("\n") + (0 if text.endswith("\n") else 1))
                raise InputError(path, f"invalid JSON: {error.msg}", max(line, 1)) from None
            # YAML flow style may look like JSON: fall through
        except ValueError:  # not JSONDecodeError: a number longer than Python converts
            raise InputError(path, _TOO_LONG, *_position(text, _LONG_JSON_NUMBER.search(text), 1)) from None
        except RecursionError:
            raise InputError(path, f"nesting is deeper than apilint accepts ({MAX_DEPTH} levels)") from None
    fast = _fast_yaml(text, raw)
    if fast is not None:
        data, dumped, repeats = fast
        return Parsed(data, "yaml", dumped, _repeated_keys(raw, repeats))  # yaml-rs bounds alias expansion itself
    data = load_reference_yaml(text, path)
    check_shape(data, path)
    return Parsed(data, "yaml", None, _repeated_keys(raw, _may_repeat_keys(text)))
