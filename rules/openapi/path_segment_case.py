"""
## What it does
Checks that literal path segments share one case, and that paths have no
trailing slash, no empty segment (`//`) and no file extension (`/reports.json`).

Option `case` (default `auto`) picks the case. `auto` reports the segments
that stray from the case most of the document's names already use: a
document consistent in any case (Stripe's snake_case, Xero's PascalCase)
gets no case findings. The evidence is each distinct name once (a prefix
repeated in 60 paths is one naming decision); a one-word lowercase name
(`users`) fits every case but `pascal`, so between kebab, snake and camel
only names of several words decide. When two cases tie on names, the one
more paths use wins (what clients type most); the message says so, rather
than call either "mostly", and the finding is info: which half strays is
then a judgement call (GitHub splits its names 23 to 23). A name that starts with a verb the HTTP method
says (below) has no vote: its fix renames it anyway. Name a case instead
(`kebab` (`payment-methods`), `snake` (`payment_methods`), `camel`
(`paymentMethods`), `pascal` (`PaymentMethods`), `lower` (`paymentmethods`,
no separators)) to hold every segment to it.

Each part of an RPC-style dotted method name is checked (`posts.createDraft`
is wrong in a snake_case API, `chat.postMessage` right in a camelCase one).
Template variables (`{user_id}`), version segments (`v1`, `v1beta2`,
`2010-04-01`, `2.0`), other segments with dots (`.well-known`, domains such as
`apps.k8s.io`, file names), AIP-136 custom-method suffixes
(`/orders/{id}:cancel`) and names fixed by a standard (below `/scim`, RFC 7644,
and `/.well-known`, RFC 8615) are not checked for case; everything after `?`
or `#` in a path key is ignored.

A plain segment that starts with a verb the HTTP method says (`/getUsers`,
`/users/{id}/deleteAll`) is left to `no-verb-in-path`: its fix, naming the
resource, renames the segment anyway, so the case is not reported as a second
problem. An action segment (`/users/{id}/resetPassword`) keeps its name and is
checked, and so is every dotted method name, verb or not: an RPC-style API
keeps its method names, so their case is what it can fix.
Extensions are checked against a list of common media types; option
`extensions` replaces that list (`[]` turns the check off). With `case: auto`
an extension on every path (Twilio's `/Calls.json`, `/Calls/{Sid}.json`) is
the document's convention too and is not reported; one on some paths is. A
segment that names a format (`/invoices/{id}/pdf`) is not checked for case. Option `allow`
lists segments never checked for case (data keys a path must spell as they
are, such as Box's metadata template `securityClassification-6VMVochwUWo`).
One finding per path, at the path key.

`auto` is the default because an API already published in one case keeps
its URLs: a rename breaks every client, so only the strays are worth fixing.
There is no finding that merely says a consistent API is not in kebab-case;
a team that means to follow the common guideline (Zalando #129, kebab-case)
sets `case: kebab`.

## Why is this bad?
Paths are case-sensitive and clients type them by hand: a mix of
`/payment-methods` and `/payment_intents` makes every URL a lookup. A trailing
slash names a different resource from the path without it, and tools disagree
on whether they match. A file extension puts the representation in the
resource's name; `Accept` negotiates it.

Source: Zalando RESTful API Guidelines #129 (kebab-case path segments), #136
(normalized paths: no empty segments or trailing slashes) and "SHOULD use
content negotiation"; Google AIP-122 (resource names).

## Example
    paths:
      /payment-methods: {get: ...}
      /payment_intents: {get: ...}
      /reports.json: {get: ...}
      /customers/: {get: ...}

## Use instead
    paths:
      /payment-methods: {get: ...}
      /payment-intents: {get: ...}
      /reports: {get: ...}     # Accept: application/json
      /customers: {get: ...}
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from apilint.documents.openapi import TEMPLATE_VARIABLE, OpenAPI, PathSegment, path_without_suffix
from apilint.finding import Finding, Severity
from apilint.registry import WARNING, Option, rule

from .._verbs import repeats_method
from .._words import words
from ._versions import VERSION_LIKE

CASES = ("kebab", "snake", "camel", "pascal", "lower")  # a full tie in `auto` goes to the first
_STYLE = {
    "kebab": "kebab-case",
    "snake": "snake_case",
    "camel": "camelCase",
    "pascal": "PascalCase",
    "lower": "lowercase without separators",
}
DEFAULT_EXTENSIONS = (
    "json xml csv tsv yaml yml html htm txt pdf zip gz tgz tar png jpg jpeg gif svg atom rss ics "
    "xls xlsx doc docx mp3 mp4 wav ogg webm js css md"
).split()
# `/invoices/{id}/pdf`: a format's name is spelt as formats are, whatever the API's case.
_FORMAT_NAMES = frozenset(DEFAULT_EXTENSIONS)
# A case whose names number at least this share of the leading case's is as good as tied.
NEAR_TIE = 0.8
# Below these, standards fix the names: RFC 7644 SCIM (`/Users`, `/ServiceProviderConfig`),
# RFC 8615 well-known URIs (`/.well-known/openid-configuration`).
_STANDARD_PREFIXES = frozenset({"scim", ".well-known"})


# Cached, as _segment_pieces: paths repeat the same few segments (`repos`, `{owner}`) hundreds of times.
@lru_cache(maxsize=4096)
def segment_cases(text: str) -> frozenset[str]:
    """The cases a literal piece of a segment is written in; empty when it mixes them."""
    has_upper, has_lower = any(c.isupper() for c in text), any(c.islower() for c in text)
    if "-" in text and "_" in text:
        return frozenset()
    if "-" in text or "_" in text:
        if has_upper:
            return frozenset()
        return frozenset({"kebab" if "-" in text else "snake"})
    if not has_upper:
        if text[0].isdigit():
            return frozenset(CASES)  # `2fa`, `3ds`: no first letter to capitalise
        return frozenset({"kebab", "snake", "camel", "lower"})
    if text[0].isupper():
        return frozenset({"pascal"})  # `Calls`, `AllTime`, `SIP`
    return frozenset({"camel"}) if has_lower else frozenset()


def _literal_pieces(segments: list[str]) -> Iterator[tuple[str, str]]:
    """(segment, piece) for the parts of segments whose case is checked: each part of a dotted RPC
    method (`posts.createDraft`); template variables, custom-method suffixes, versions, domains,
    file names and names fixed by a standard left out."""
    for index, segment in enumerate(segments):
        if any(previous.lower() in _STANDARD_PREFIXES for previous in segments[:index]):
            continue
        for piece in _segment_pieces(segment):
            yield segment, piece


@lru_cache(maxsize=4096)
def _segment_pieces(segment: str) -> tuple[str, ...]:
    resource = segment.split(":", 1)[0]  # AIP-136 `books:archive`: the verb is camelCase by design
    method_parts = PathSegment(resource, 0, False).method_parts
    pieces = []
    for piece in method_parts or TEMPLATE_VARIABLE.split(resource):
        piece = piece.strip("-_")
        if not piece or "." in piece or not any(c.isalpha() for c in piece) or VERSION_LIKE.fullmatch(piece):
            continue
        pieces.append(piece)
    return tuple(pieces)


def _extension(segment: str, extensions: set[str]) -> str | None:
    stem, dot, ext = segment.rpartition(".")  # `{period}.json` has one; `thumbnail.{ext}` picks it by variable
    if dot and stem and ext.lower() in extensions:
        return "." + ext
    return None


@rule(
    "path-segment-case",
    severity=WARNING,
    format="openapi",
    options={
        "case": Option("auto", choices=(*CASES, "auto")),
        "extensions": Option(list(DEFAULT_EXTENSIONS)),
        "allow": Option([]),
    },
)
def path_segment_case(api: OpenAPI, options: dict) -> Iterator[Finding]:
    paths = api.data.get("paths")
    if not isinstance(paths, dict):
        return
    wanted = options["case"]
    extensions = {str(e).lower().lstrip(".") for e in options.get("extensions") or ()}
    allowed = {str(segment) for segment in options.get("allow") or ()}

    split_paths = {path: path_without_suffix(str(path)).split("/") for path in paths}
    trie = _template_trie(split_paths.values())
    instances = {
        (path, segment) for path, segments in split_paths.items() for segment in _variable_instances(segments, trie)
    }
    pieces_by_path = {
        path: [
            (segment, piece)
            for segment, piece in _literal_pieces(segments)
            if segment not in allowed and (path, segment) not in instances and not _left_to_no_verb_in_path(segment)
        ]
        for path, segments in split_paths.items()
    }
    by_majority = wanted == "auto"
    clear_majority = True
    if by_majority:
        wanted, majority, clear_majority = _majority([{piece for _, piece in pieces} for pieces in pieces_by_path.values()])
        # Twilio's `/Calls.json` on every path: the API's convention, which a rename would break.
        if _every_path_has_extension(split_paths.values(), extensions):
            extensions = set()

    for path, pieces in pieces_by_path.items():
        path = str(path)
        key = path_without_suffix(path)
        problems, fixes = [], []
        if len(key) > 1 and key.endswith("/"):
            problems.append("ends with a trailing slash")
            fixes.append("drop the trailing slash")
        if "//" in key:
            problems.append("has an empty segment ('//')")
            fixes.append("remove the empty segment")
        for segment in key.split("/"):
            ext = _extension(segment, extensions)
            if ext:
                problems.append(f"segment {segment!r} has a file extension {ext!r}")
                fixes.append(f"drop {ext!r} and let clients ask for the format with Accept")
        case_only = not problems
        if wanted is not None:
            miscased = [
                (segment, piece)
                for segment, piece in dict.fromkeys(pieces)
                if wanted not in segment_cases(piece) and piece.lower() not in _FORMAT_NAMES
            ]
            for segment, piece in miscased:
                where = f"{piece!r} in segment {segment!r}" if "." in segment else f"segment {segment!r}"
                expected = "" if by_majority else f", not {_STYLE[wanted]}"
                problems.append(f"{where} {_describe(segment_cases(piece))}{expected}")
                fixes.append(f"rename {piece!r} to {convert_case(piece, wanted)!r}")
            if miscased and by_majority:
                problems.append(majority)
            elif miscased:
                fixes.append("or set this rule's `case` option to the API's own convention")
        if problems:
            # With no clear majority, which half strays is a judgement call: info, not a warning.
            yield api.root.child("paths", path).finding(
                f"path {path}: " + "; ".join(problems),
                suggestion="; ".join(fixes),
                severity=Severity.INFO if case_only and not clear_majority else None,
            )


def _every_path_has_extension(paths, extensions: set[str]) -> bool:
    last_segments = [segments[-1] for segments in paths if segments and segments[-1]]
    return bool(last_segments) and all(_extension(segment, extensions) for segment in last_segments)


def _left_to_no_verb_in_path(segment: str) -> bool:
    """`/getUsers`: no-verb-in-path asks to drop the verb, which renames the segment anyway."""
    return "." not in segment and repeats_method(words(segment.split(":", 1)[0]))


def convert_case(text: str, case: str) -> str:
    words = [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])\d*|[A-Z]?[a-z][a-z0-9]*|\d+[a-z]*", text)] or [
        text.lower()
    ]
    if case == "kebab":
        return "-".join(words)
    if case == "snake":
        return "_".join(words)
    if case == "lower":
        return "".join(words)
    camel = "".join(word.capitalize() for word in words)
    return camel if case == "pascal" else camel[0].lower() + camel[1:]


def _template_trie(paths) -> dict:
    """The paths as a trie of segments, every `{variable}` segment as one key `{}`."""
    trie: dict = {}
    for segments in paths:
        node = trie
        for segment in segments:
            node = node.setdefault("{}" if TEMPLATE_VARIABLE.fullmatch(segment) else segment, {})
    return trie


def _variable_instances(segments: list[str], trie: dict) -> set[str]:
    """Literal segments that fill in a variable of another path, below another such literal:
    Box documents `/metadata/{scope}/{template_key}` and also `/metadata/global/boxSkillsCards`,
    whose last two segments are data, not names the API designer chose."""
    found, frontier, previous_instance = set(), [trie], False
    for index, segment in enumerate(segments):
        # A variable as the first segment (`/{entity_type}/{id}/tags`) would match every path:
        # only a variable below a literal makes other paths' segments data.
        at_root = not any(segments[:index])
        instance = not at_root and any("{}" in node for node in frontier) and not TEMPLATE_VARIABLE.fullmatch(segment)
        if instance and previous_instance:
            found.add(segment)
        previous_instance = instance
        key = "{}" if TEMPLATE_VARIABLE.fullmatch(segment) else segment
        branches = (key,) if at_root else (key, "{}")
        frontier = [child for node in frontier for child in map(node.get, branches) if child is not None]
        frontier = list({id(node): node for node in frontier}.values())
    return found


def _describe(cases: frozenset[str]) -> str:
    if not cases:
        return "mixes separators and capitals"
    if len(cases) > 1:
        return "is lowercase"
    return f"is {_STYLE[next(iter(cases))]}"


def _majority(names_by_path: list[set[str]]) -> tuple[str | None, str, bool]:
    """The case the document's names are mostly written in, how to say so, and whether it is a
    clear majority; (None, "", True) when it has no literal names. Each distinct name votes once for every case it fits. When another
    case comes near (NEAR_TIE), the names do not decide: the case more paths use does, then the
    first in CASES."""
    by_path: Counter[str] = Counter()
    for names in names_by_path:
        for name in names:
            by_path.update(segment_cases(name))
    fits = [segment_cases(name) for name in set().union(*names_by_path)]
    by_name = Counter(case for cases in fits for case in cases)
    if not by_name:
        return None, "", True
    leader = max(CASES, key=lambda case: (by_name[case], by_path[case], -CASES.index(case)))

    def near(case: str) -> bool:
        # Only the names that tell the two cases apart count: `users` fits kebab and snake alike.
        ours = sum(leader in cases and case not in cases for cases in fits)
        theirs = sum(case in cases and leader not in cases for cases in fits)
        return theirs >= NEAR_TIE * ours

    rivals = [case for case in CASES if case != leader and near(case)]
    if not rivals:
        return leader, f"this API mostly uses {_STYLE[leader]}", True
    split = [leader, *rivals]
    winner = max(split, key=lambda case: (by_path[case], -CASES.index(case)))
    if any(by_path[case] == by_path[winner] for case in split if case != winner):
        guideline = "; kebab-case is the common guideline" if winner == "kebab" else ""
        return winner, f"this API's names and paths are split between cases{guideline}", False
    return winner, f"no case has most of this API's names; more of its paths use {_STYLE[winner]}", False
