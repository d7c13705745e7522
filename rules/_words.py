"""Identifier words: `getUsers`, `get_users`, `get-users`, `GET_USERS` -> ["get", "users"].

Shared by every format's rules that read intent from names (paths, operationIds, summaries,
enum values, GraphQL fields), so they all split the same way: an upper-case run before a
capitalised word ends one letter early (`URLs` -> ["ur", "ls"], `HTTPServer` -> ["http", "server"]).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(text: str) -> list[str]:
    """The lower-case words of an identifier or phrase, digits as their own words."""
    return list(_split(text))


# Cached: rules split the same path segments, operationIds and summaries over and over.
@lru_cache(maxsize=16384)
def _split(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD.findall(text))


def first_words(text: str, count: int) -> list[str]:
    """`words(text)[:count]`, without splitting the rest of a long text."""
    return [match.group().lower() for match in islice(_WORD.finditer(text), count)]


def without_tags(text: str) -> str:
    """Prose with its HTML tags blanked (`<b>Sets</b> the status` -> ` Sets  the status`)."""
    return _TAG.sub(" ", text)


def is_plural(word: str) -> bool:
    """`labels`, `requests`; not `address`, `status`, `analysis` or a short word (`bus`, `gas`)."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def singular(word: str) -> str:
    return word[:-1] if is_plural(word) else word


def bare_verb(word: str) -> str:
    """A third-person verb without its -s, as a name says it: "Deletes", "Queries", "Publishes"."""
    if word.endswith(("ss", "us", "is")):
        return word
    for ending, replacement in (("ies", "y"), ("shes", "sh"), ("ches", "ch"), ("sses", "ss"), ("s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + replacement
    return word
