"""Identifier words: `getUsers`, `get_users`, `get-users`, `GET_USERS` -> ["get", "users"].

Shared by the rules that read intent from names (paths, operationIds, summaries, enum values),
so they all split the same way: an upper-case run before a capitalised word ends one letter
early (`URLs` -> ["ur", "ls"], `HTTPServer` -> ["http", "server"]).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(text: str) -> list[str]:
    """The lower-case words of an identifier or phrase, digits as their own words."""
    return [word.lower() for word in _WORD.findall(text)]
