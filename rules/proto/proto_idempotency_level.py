"""
## What it does
Checks the `idempotency_level` option of RPCs, which tells clients, proxies and gateways what
is safe to retry:

- An RPC whose name says it only reads (`Get`, `List`, `BatchGet`, `Search`, `Lookup`,
  `Read`, `Fetch`, `Find`, `Retrieve`; not `ReadModifyWriteRow`, nor a read that starts a
  long-running operation) and declares no level is reported at its name: it should declare
  `NO_SIDE_EFFECTS`, as a **warning** when another RPC of the service declares a level: the
  service uses the option and this read was forgotten. A service that declares no level on any
  RPC gets one finding at **info**, at its name, naming its reads (see below): that is one
  choice, not one slip per RPC. A read that declares `IDEMPOTENT` is true but weaker
  than it could be (a retry is allowed, a cacheable GET is not): info too.
- A contradiction is reported at the option, as a **warning**: `NO_SIDE_EFFECTS` on an RPC
  whose name says it changes state (`Create`, `Update`, `Delete`, `Cancel`, `Set`, ...) or that
  returns a `google.longrunning.Operation`; and `NO_SIDE_EFFECTS` on an RPC whose
  `google.api.http` binding is PUT, PATCH or DELETE. A POST binding is reported at info: a read
  that needs a request body cannot be a GET (AIP-136), so the mismatch may be deliberate.

Not reported: mutations that declare nothing, and `IDEMPOTENT` on any mutation. Whether an
`Update` or `Delete` is idempotent depends on what it does (an `Update` with `allow_missing`
creates, a retried `Delete` answers `NOT_FOUND`, an etag makes either conditional), and a
`Create` with a `request_id` (AIP-155) is idempotent too: the name cannot tell.

Why a service that never declares a level is info: googleapis declares it on none of its 1,514
RPCs; Google configures retries per method in each API's gRPC service config
(`retryPolicy`) instead, which a linter of `.proto` files cannot see. There the finding is true
but not a defect, so it stays below the CI gate; raise the rule to warning in config when your
`.proto` files are where retry safety is declared.

## Why is this bad?
Clients retry only what they know is safe: a timeout on a read can be retried, a timeout on a
payment cannot (the seed notes: retry transient failures, "but only idempotent operations").
`idempotency_level` is that knowledge in the contract, where every generated client can read
it: descriptor.proto's own words are that "HTTP based RPC implementation may choose GET verb
for safe methods, and PUT verb for idempotent methods", and Connect does send
`NO_SIDE_EFFECTS` RPCs as cacheable HTTP GETs. Undeclared, every caller must guess; declared
wrongly, a gateway retries or caches a call that changes state, which is worse than not
declaring it.

Source: `google/protobuf/descriptor.proto` (`MethodOptions.idempotency_level`); the seed
notes' resilience advice (retry only idempotent operations); AIP-131/132 (Get and List have
no side effects), AIP-127 and AIP-136 (reads map to GET); RFC 9110 §9.2 (safe and idempotent
methods).

## Example
    service BookService {
      rpc GetBook(GetBookRequest) returns (Book);
      rpc DeleteBook(DeleteBookRequest) returns (google.protobuf.Empty) {
        option idempotency_level = NO_SIDE_EFFECTS;
      }
    }

## Use instead
    service BookService {
      rpc GetBook(GetBookRequest) returns (Book) {
        option idempotency_level = NO_SIDE_EFFECTS;
      }
      rpc DeleteBook(DeleteBookRequest) returns (google.protobuf.Empty) {
        option idempotency_level = IDEMPOTENT;
      }
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.proto import METHOD_IDEMPOTENCY_LEVEL, METHOD_OPTIONS, Method, ProtoDocument, Service
from apilint.finding import Finding, Severity
from apilint.registry import WARNING, rule

from ._methods import is_mutation, is_read

_WRITE_VERBS = {"put", "patch", "delete"}
_UNDECLARED = "IDEMPOTENCY_UNKNOWN"


@rule("proto-idempotency-level", severity=WARNING, format="proto")
def proto_idempotency_level(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for file in document.files:
        for service in file.services:
            if all(method.idempotency_level == _UNDECLARED for method in service.methods):
                yield from _never_declared(service)
                continue
            for method in service.methods:
                level = method.idempotency_level
                if level == "NO_SIDE_EFFECTS":
                    yield from _contradictions(method)
                elif is_read(method):
                    yield from _missing(method, level)


def _never_declared(service: Service) -> Iterator[Finding]:
    """A service that uses the option nowhere: one finding for the choice, not one per read."""
    reads = [method.name for method in service.methods if is_read(method)]
    if not reads:
        return
    named = ", ".join(reads[:3]) + (f" and {len(reads) - 3} other{'s' * (len(reads) > 4)}" if len(reads) > 3 else "")
    yield service.node.finding(
        f"service {service.name} declares no idempotency_level on any RPC: its reads ({named}) do not say in "
        "the contract that they are safe to retry",
        suggestion="option idempotency_level = NO_SIDE_EFFECTS; in each read (or configure retries in the gRPC service config)",
        severity=Severity.INFO,
    )


def _missing(method: Method, level: str) -> Iterator[Finding]:
    option = "option idempotency_level = NO_SIDE_EFFECTS;"
    if level == "IDEMPOTENT":
        yield _at_option(method).finding(
            f"RPC {method.name} reads, but declares only IDEMPOTENT: NO_SIDE_EFFECTS would also let "
            "gateways send it as a cacheable GET",
            suggestion=option,
            severity=Severity.INFO,
        )
    else:
        declaring = next(other.name for other in method.service.methods if other.idempotency_level != _UNDECLARED)
        yield method.node.finding(
            f"RPC {method.name} reads but declares no idempotency_level, unlike {declaring} in its service: "
            "clients cannot tell it is safe to retry",
            suggestion=option,
        )


def _contradictions(method: Method) -> Iterator[Finding]:
    if is_mutation(method):
        yield _at_option(method).finding(
            f"RPC {method.name} changes state but declares NO_SIDE_EFFECTS: a gateway may retry or cache it",
            suggestion="option idempotency_level = IDEMPOTENT; only if a repeat changes nothing more; else drop it",
        )
        return
    verbs = {binding.verb for binding in method.http}
    if verbs & _WRITE_VERBS:
        shown = ", ".join(sorted(verb.upper() for verb in verbs & _WRITE_VERBS))
        yield _at_option(method).finding(
            f"RPC {method.name} declares NO_SIDE_EFFECTS but its HTTP binding is {shown}, a method that "
            "changes state: one of the two is wrong",
            suggestion="map a read to GET (AIP-127), or declare what the write really is",
        )
    elif "post" in verbs and "get" not in verbs:
        yield _at_option(method).finding(
            f"RPC {method.name} declares NO_SIDE_EFFECTS but its HTTP binding is POST: HTTP clients and caches "
            "treat it as unsafe",
            suggestion="map it to GET unless it needs a request body (AIP-136)",
            severity=Severity.INFO,
        )


def _at_option(method: Method):
    return method.part(METHOD_OPTIONS, METHOD_IDEMPOTENCY_LEVEL)
