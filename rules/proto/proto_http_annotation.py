"""
## What it does
Checks every `google.api.http` binding of an RPC, the main one and each `additional_bindings`
entry, against the request message and HTTP's rules (AIP-127):

- **GET or DELETE with a `body`** (error): HTTP gives a body on them no meaning (RFC 9110
  §9.3.1, §9.3.5); proxies and caches may drop it.
- **A path variable that names no request field** (error): `{name=...}`, `{parent}`, or a
  nested path `{book.name=...}` (field `book`, a message, then its field `name`), followed
  through the message types. A variable bound to a repeated field is reported as well: a URL
  segment carries one value. Transcoding proxies refuse to start on such a binding, and clients
  generated from it cannot fill the URL.
- **A `body` that names no request field** (error); `body: "*"` is the whole request.
- **A verb as a URL segment** (warning): `/v1/books/archive`, `/v1/cancelOrder`,
  `/v1/{name=books/*}/getHealth`. A custom method puts its verb after a colon,
  `/v1/{name=books/*}:archive` (AIP-136). A segment is a verb when it spells the RPC's own
  name (`/deleteInstances` of `rpc DeleteInstances`), or when it starts with a verb of apilint's
  shared vocabulary (`rules/_verbs.py`, the one `no-verb-in-path` uses: method verbs such as
  get, create, delete and action verbs such as cancel, start, validate). A word that is also a
  noun (`archive`, `publish`, `lock`, `query`) counts only when the RPC's name starts with it
  (`rpc ArchiveBook` at `/books/archive`, not `rpc GetArchive`). Not reported: a verb before a
  plural (`/changeRequests`) or before a noun it modifies (`/restartCount`), a segment
  followed by a variable (`/resize/{name}`: a collection), and the segments inside a
  variable's pattern (`{name=projects/*/locations/*}`: resource collections). When a binding
  has a verb segment, it is a custom method written as a path, and is not also held to a
  standard method's HTTP method (one problem, one finding). Since RPCs are named verb first
  (AIP-136), a segment spelling the RPC's name counts as a verb even when the vocabulary lacks
  the word (`/testIamPermissions`, `/performMaintenance`); an RPC named by a noun is then
  reported wrongly (Compute's `rpc CalendarMode` at `/advice/calendarMode`, 1 of 169 distinct
  verb segments on googleapis).
- **A standard method on the wrong HTTP method** (warning): `Get`, `List` and `BatchGet` are
  GET, `Create` is POST, `Update` is PATCH, `Delete` is DELETE (AIP-131..135, AIP-231). A
  binding with a custom verb (`:getIamPolicy`) is a custom method, whatever its name, and is
  not held to the standard method's HTTP method. An `Update` or a `Create` on PUT is reported
  at info: PUT is HTTP's idempotent write at a name the client chooses, a full replacement or
  a create (Pub/Sub's `CreateTopic`), valid HTTP that AIP-133/134 merely do not choose.
- **A PATCH or PUT without a `body`** (warning): the request's content has nowhere to go but
  the query string. A POST without one is fine (an action with no input).
- **A request field no binding can carry** (warning): without a `body`, fields that are not in
  the path travel as query parameters, which cannot hold a repeated message or a map field.

## Why is this bad?
The HTTP binding is the REST face of the RPC, generated into gateways (ESP, Envoy's gRPC-JSON
transcoder, grpc-gateway) and REST clients. A binding that names a missing field does not
work at all; a body on a GET is lost on the way; a verb in the path and a standard method on
the wrong HTTP method break the uniform interface clients rely on to know what is safe to
retry and cache.

Source: AIP-127 (HTTP and gRPC transcoding), AIP-131..135 (standard methods' HTTP methods),
AIP-136 (custom methods: `:verb`), AIP-231; `google/api/http.proto` (path variables "must
not refer to any repeated or mapped field"; query parameters); RFC 9110 §9.3; api-linter's
`core::0127::http-annotation`, `core::0131::http-method`, `core::0136::http-uri-suffix`.

## Example
    rpc GetBook(GetBookRequest) returns (Book) {
      option (google.api.http) = { post: "/v1/{book_name=books/*}" body: "*" };
    }
    rpc ArchiveBook(ArchiveBookRequest) returns (Book) {
      option (google.api.http) = { post: "/v1/books/archive" body: "*" };
    }

## Use instead
    rpc GetBook(GetBookRequest) returns (Book) {
      option (google.api.http) = { get: "/v1/{name=books/*}" };
    }
    rpc ArchiveBook(ArchiveBookRequest) returns (Book) {
      option (google.api.http) = { post: "/v1/{name=books/*}:archive" body: "*" };
    }
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.proto import HttpBinding, Message, Method, ProtoDocument
from apilint.finding import Finding, Severity
from apilint.registry import WARNING, rule

from .._verbs import ACTION_VERBS, HEAD_NOUNS, METHOD_VERBS, NOUN_LIKE_ACTIONS, verb_phrase
from .._words import is_plural, words
from ._methods import STANDARD_HTTP, rpc_verb

_VARIABLE = re.compile(r"\{(?P<field>[^}=]*)(?:=[^}]*)?\}")
_NO_BODY = ("get", "delete")  # RFC 9110: a body there has no defined meaning
_BODY_EXPECTED = ("patch", "put")


@rule("proto-http-annotation", severity=WARNING, format="proto")
def proto_http_annotation(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for method in document.methods():
        request = document.message(method.input_type)
        for binding in method.http:
            yield from _check_binding(method, request, binding)


def _check_binding(method: Method, request: Message | None, binding: HttpBinding) -> Iterator[Finding]:
    verb = binding.verb.upper()
    path, custom = _split_custom(binding.path)
    variables = [match.group("field").strip() for match in _VARIABLE.finditer(path)]
    if binding.body and binding.verb in _NO_BODY:
        yield binding.body_node.finding(
            f"{verb} binding of {method.name} has a body: HTTP gives a {verb} body no meaning and proxies may drop it",
            suggestion="drop the body; send the fields as path variables and query parameters",
            severity=Severity.ERROR,
            span=binding.body_span,
        )
    elif not binding.body and binding.verb in _BODY_EXPECTED:
        yield binding.node.finding(
            f"{verb} binding of {method.name} has no body: what it writes has nowhere to go but the query string",
            suggestion='body: "*" (or the resource field, as Update methods do: body: "book")',
            span=binding.span,
        )
    if request is not None:
        yield from _check_fields(method, request, binding, variables)
    segment = _verb_segment(method, path)
    expected = STANDARD_HTTP.get(rpc_verb(method))
    if segment is not None:  # a custom method written as a path: not held to a standard method's verb
        yield binding.node.finding(
            f"URL segment {segment!r} of {method.name} is a verb: a custom method puts its verb after a colon "
            "so the path names only resources",
            suggestion=_custom_form(path, segment),
            span=binding.span,
        )
    elif expected and not custom and binding.verb != expected:
        # PUT is HTTP's idempotent write at a client-chosen URL: a valid full replacement or create
        put = binding.verb == "put" and expected in ("patch", "post")
        why = (
            "PUT replaces the whole resource at a name the client chooses"
            if put
            else "clients and gateways rely on the standard method's HTTP method to know what is safe to retry"
        )
        yield binding.node.finding(
            f"{method.name} is a standard method on {verb}, where AIP-131..135 expect {expected.upper()}: {why}",
            suggestion=f'{expected}: "{binding.path}"',
            severity=Severity.INFO if put else None,
            span=binding.span,
        )


def _check_fields(method: Method, request: Message, binding: HttpBinding, variables: list[str]) -> Iterator[Finding]:
    document = request.file.document
    for variable in variables:
        field, problem = _resolve(document, request, variable)
        if problem:
            yield binding.node.finding(
                f"path variable {{{variable}}} of {method.name} {problem}, so the binding cannot be transcoded",
                suggestion=f"name a singular field of {request.name} (or of a message field, as {{book.name=...}})",
                severity=Severity.ERROR,
                span=binding.span,
            )
    if binding.body and binding.body != "*" and request.field(binding.body) is None:
        yield binding.body_node.finding(
            f"body {binding.body!r} of {method.name} names no field of {request.name}: the binding cannot be transcoded",
            suggestion='body: "*" for the whole request, or the name of one of its fields',
            severity=Severity.ERROR,
            span=binding.body_span,
        )
    if not binding.body:
        in_path = {variable.split(".")[0] for variable in variables}
        stranded = [field.name for field in request.fields if field.name not in in_path and _no_query(document, field)]
        if stranded:
            yield binding.node.finding(
                f"{binding.verb.upper()} binding of {method.name} has no body, and {', '.join(stranded)} of "
                f"{request.name} cannot be a query parameter (a repeated message or a map): HTTP clients cannot set it",
                suggestion='body: "*"' if binding.verb not in _NO_BODY else "make it a POST custom method with a body",
                span=binding.span,
            )


def _resolve(document, message: Message, variable: str) -> tuple[object, str]:
    """The field a path variable (`book.name`) names, following message fields; or a problem."""
    field = None
    parts = variable.split(".")
    for index, name in enumerate(parts):
        if message is None:
            return None, f"names no field: {'.'.join(parts[:index])} is not a message"
        field = message.field(name)
        if field is None:
            return None, f"names no field of {message.name}" + (f" ({name!r})" if index else "")
        if field.repeated:
            return None, f"names the repeated field {name!r}, which a URL segment cannot hold"
        message = document.message(field.type_name) if field.type_name else None
    return field, ""


def _no_query(document, field) -> bool:
    """A repeated message or map field: the query string carries neither (google/api/http.proto)."""
    return field.repeated and document.message(field.type_name) is not None


def _split_custom(path: str) -> tuple[str, str]:
    """A template and its custom verb: `/v1/{name=books/*}:archive` -> ("/v1/{name=books/*}", "archive")."""
    depth = 0
    for index, char in enumerate(path):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == ":" and depth == 0:
            return path[:index], path[index + 1 :]
    return path, ""


def _literal_segments(path: str) -> list[tuple[str, bool]]:
    """The URL segments written literally (not variables, nor the resource patterns inside
    them), each with whether a variable follows it: then it is a collection (`/books/{book}`)."""
    segments = _VARIABLE.sub("{}", path).split("/")
    return [
        (segment, "{" in "".join(segments[index + 1 : index + 2]))
        for index, segment in enumerate(segments)
        if segment and "{" not in segment and "*" not in segment
    ]


def _verb_segment(method: Method, path: str) -> str | None:
    """The first literal URL segment that is a verb: one that spells the RPC's own name
    (`/deleteSignedUrlKey` of `DeleteSignedUrlKey`), or starts with a verb of the shared
    vocabulary and is no collection or noun compound (`/resizeRequests`, `/restart_count`)."""
    own = words(method.name)
    for segment, collection in _literal_segments(path):
        found = words(segment)
        verb, _, rest = verb_phrase(found)
        # The RPC's own name: RPCs are named verb first (AIP-136), so this is a verb even where the
        # vocabulary lacks it (`testIamPermissions`, `performMaintenance`); it errs on an RPC named
        # by a noun (Compute's `/advice/calendarMode`).
        if found == own:
            return segment
        if verb is None or collection or (rest and (is_plural(rest[-1]) or rest[-1] in HEAD_NOUNS)):
            continue
        if verb in METHOD_VERBS or verb in ACTION_VERBS or (verb in NOUN_LIKE_ACTIONS and verb == own[0]):
            return segment
    return None


def _custom_form(path: str, segment: str) -> str:
    """`/v1/{name=books/*}/archive` -> `/v1/{name=books/*}:archive` (AIP-136)."""
    found = words(segment)
    verb = found[0] + "".join(word.title() for word in found[1:])
    head, _, last = path.rpartition("/")
    if last == segment and "{" in head:
        return f"{head}:{verb} (AIP-136)"
    return (
        f"name the resource it acts on in the path, and put the verb after a colon: /v1/{{name=...}}:{verb} (AIP-136)"
    )
