"""
## What it does
Reports a streaming RPC (client, server or bidirectional) whose comment says nothing about
the life of its stream: when it ends, what happens on an error or a cancellation, flow control,
ordering, or how long it may stay open. A comment passes when it uses any of these words:

- ending: end, ends, ended, terminate(s/d), termination, close(s/d), closing, complete(s/d),
  completion, finish(es/ed), half-close, EOF, "until", "last message", "final message",
  "final response";
- errors and cancellation: cancel(s/led/lation), abort(s/ed), "on error", "an error occurs",
  re-establish, reconnect, resume;
- flow control: flow control, backpressure (back-pressure), flush, window, buffer(s/ed);
- ordering: "in order" (also "in key order", "in the same order"; not "in order to"),
  ordered, ordering, out-of-order, in sequence;
- liveness and limits: timeout, deadline, keepalive (keep-alive), heartbeat, idle, max or
  maximum duration, "at most", "long-lived".

The words are matched whole (`end` does not match `endpoint`), and "order" only as ordering:
an orders API says "the order" in every comment. Unary RPCs are not checked.

Info by default (the issue's bar): a streaming RPC whose stream is just a large result sent in
pieces ("returns the result set as a stream") ends when the result does, which a reader may
find obvious; the finding asks for a sentence, it does not say the design is wrong.

## Why is this bad?
A stream is a long-lived call with a protocol of its own, and its comment is the only place
that protocol is written down. A client that does not know when the server ends the stream,
whether it must half-close first, what an error mid-stream means, or whether it must reconnect
after a server-side close, either hangs, leaks the call, or drops messages. The seed notes on
real-time channels ask the same of SSE and WebSockets: say who closes, and how a client
reconnects.

Source: the seed notes (real-time options: long-lived streams, reconnects; resilience:
timeouts and deadlines on every call); gRPC's core concepts (a stream ends with the server's
status; half-close; deadlines and cancellation); AIP-192 (documentation: every method
documents its behaviour).

## Example
    // Streams changes to a document.
    rpc Listen(stream ListenRequest) returns (stream ListenResponse);

## Use instead
    // Streams changes to a document, in commit order. The server ends the stream with
    // UNAVAILABLE when it rebalances; reconnect with the last resume token. The client
    // ends it by half-closing.
    rpc Listen(stream ListenRequest) returns (stream ListenResponse);
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.proto import Method, ProtoDocument
from apilint.finding import Finding
from apilint.registry import INFO, rule

_LIFECYCLE = re.compile(
    r"\b(?:"
    r"end(?:s|ed)?|terminat(?:e|es|ed|ion)|clos(?:e|es|ed|ing)|half-close[sd]?|complet(?:e|es|ed|ion)"
    r"|finish(?:es|ed)?|eof|until|(?:last|final) (?:message|response)"
    r"|cancel(?:s|led|ed|lation)?|abort(?:s|ed)?|on error|an error occurs|re-?establish(?:es|ed)?|reconnect(?:s|ed)?"
    r"|resum(?:e|es|ed|ption)"
    r"|flow control|back-?pressure|flush(?:es|ed)?|window|buffer(?:s|ed)?"
    # ordering, not the noun (an orders API says "order" everywhere) nor "in order to"
    r"|ordered|ordering|out-of-order|in sequence|in\s+(?:[\w-]+\s+){0,2}order(?!\s+to\b)"
    r"|time-?outs?|deadlines?|keep-?alives?|heartbeats?|idle|max(?:imum)? duration|at most|long-lived"
    r")\b",
    re.IGNORECASE,
)


@rule("proto-streaming-documented", severity=INFO, format="proto")
def proto_streaming_documented(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for method in document.methods():
        if method.streaming and not _LIFECYCLE.search(method.comments):
            yield method.node.finding(
                f"{_kind(method)} RPC {method.name} does not say when its stream ends, or what happens on an "
                "error or a cancellation: clients must guess how to close, resume or pace it",
                suggestion="say in its comment who ends the stream and when, and what an error or a disconnect means",
            )


def _kind(method: Method) -> str:
    if method.proto.client_streaming and method.proto.server_streaming:
        return "bidirectional streaming"
    return "client-streaming" if method.proto.client_streaming else "server-streaming"
