"""
## What it does
Flags response status codes that do not exist in HTTP: numbers outside
100–599, codes that are not in the IANA HTTP Status Code Registry, and
malformed keys such as `2xx`, `20X` or `6XX`.

Accepted keys are registered codes, `default`, and (OpenAPI 3.x only) the
ranges `1XX` to `5XX` with an uppercase `X`; Swagger 2.0 has no ranges.
Vendor extensions (`x-...`) under `responses` are ignored. 306 and 418 are
reported as reserved-but-unused codes (RFC 9110 §15.4.7, §15.5.19). Option
`allow` (default `[]`) lists extra codes or keys to accept, such as `418` or
an in-house `499`.

## Why is this bad?
Clients, proxies and generated SDKs dispatch on the status code and know only
the registered ones: an unregistered `299` or `420` falls back to the class
default (`2xx` success, `4xx` client error) at best, and `600` or `2xx` is not
a status code at all, so code generators drop the response or fail. The
OpenAPI Specification allows only `1XX`–`5XX` with an uppercase `X` as ranges.

Source: RFC 9110 §15 (Status Codes) and the IANA HTTP Status Code Registry;
OpenAPI Specification, Responses Object ("uppercase wildcard character X").

## Example
    responses:
      "299": {description: partly ok}
      "2xx": {description: ok}
      "600": {description: error}

## Use instead
    responses:
      "200": {description: ok}
      "207": {description: partly ok}
      "5XX": {description: error}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import ERROR, Option, rule

# IANA HTTP Status Code Registry (RFC 9110 plus its extensions), without the
# "(Unused)" entries 306 and 418, which are reported separately.
_REGISTERED = frozenset(
    {100, 101, 102, 103, 104}
    | {200, 201, 202, 203, 204, 205, 206, 207, 208, 226}
    | {300, 301, 302, 303, 304, 305, 307, 308}
    | set(range(400, 418)) | {421, 422, 423, 424, 425, 426, 428, 429, 431, 451}
    | {500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511}
)
_UNUSED = {306: "306 (Unused) is reserved by RFC 9110 §15.4.7", 418: "418 (Unused) is reserved by RFC 9110 §15.5.19"}
_RANGE = re.compile(r"[1-5]XX")


@rule("status-code-valid", severity=ERROR, format="openapi", options={"allow": Option([], items=(str, int))})
def status_code_valid(api: OpenAPI, options: dict) -> Iterator[Finding]:
    allowed = {str(code) for code in options.get("allow") or []}
    reported: set[tuple[int, tuple]] = set()  # a path-level $ref'd operation is seen once
    for operation in api.operations:
        listed = operation.data.get("responses")
        if not isinstance(listed, dict):
            continue
        for key in listed:
            code = str(key)
            if code == "default" or code.startswith("x-") or code in allowed:
                continue
            node = operation.node.child("responses", key)
            if node in reported:
                continue
            problem = _problem(code, api.is_swagger)
            if problem:
                reported.add(node)
                yield node.finding(f"{operation.label}: {problem}", suggestion=_suggestion(code, api.is_swagger))


def _problem(code: str, swagger: bool) -> str | None:
    if code.isascii() and code.isdigit():  # not "²", which int() refuses
        number = int(code)
        if number in _REGISTERED:
            return None
        if number in _UNUSED:
            return f"status code {_UNUSED[number]} and must not be used"
        if not 100 <= number <= 599:
            return f"{code} is not an HTTP status code (they range from 100 to 599)"
        return f"status code {code} is not registered with IANA; clients will treat it as a generic {code[0]}xx"
    if _RANGE.fullmatch(code):
        return f"Swagger 2.0 does not support status code ranges such as {code}" if swagger else None
    if re.fullmatch(r"[1-5][xX]{2}|[1-5][0-9xX][0-9xX]", code):
        if swagger:
            return f"{code!r} is not a status code; Swagger 2.0 does not support ranges"
        return f"{code!r} is not a valid status code range; OpenAPI allows only 1XX to 5XX with an uppercase X"
    return f"{code!r} is not an HTTP status code, a range (1XX to 5XX) or `default`"


def _suggestion(code: str, swagger: bool) -> str | None:
    if swagger:
        return "use a registered status code or `default`"
    if re.fullmatch(r"[1-5][xX]{2}", code):
        return f"write {code[0]}XX"
    if re.fullmatch(r"[1-5][0-9xX][0-9xX]", code):
        return f"write {code[0]}XX, or list the registered codes one by one"
    return "use a registered status code, a range such as 4XX, or `default`"
