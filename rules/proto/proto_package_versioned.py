"""
## What it does
Checks that the package of every file that defines a service, message or enum ends in a
version component: `v1`, `v2`, `v1beta1`, `v2alpha`, `v1p1beta1`, `v3alpha2`. A package below
a versioned one (`google.cloud.aiplatform.v1.schema.predict`) is versioned by it. A file with
no package at all is reported too.

Packages whose last component is not a version, but which are not an API either, are left
alone: files that define options and no service
(`extend` blocks, with the messages and enums the options take, like
`google/api/annotations.proto` or `google/cloud/extended_operations.proto`). The common types packages googleapis
publishes for every API to share (`google.type`, `google.rpc`, `google.api`,
`google.longrunning`, and the packages below them) are unversioned on purpose: AIP-213 lets
them change only compatibly, forever. They are left alone as well.

## Why is this bad?
A package is the namespace clients generate code into and the name on the wire
(`/acme.orders.OrderService/GetOrder`). Without a version in it, the first incompatible change
has nowhere to go: a `v2` cannot be served beside `v1`, and every client breaks at once.
AIP-185 asks for the major version as the last component of the package, and AIP-215 for
one version per package.

Source: AIP-185 (API versioning: "the last component of the package must be the major
version"), AIP-215 (common components); buf's `PACKAGE_VERSION_SUFFIX`.

## Example
    syntax = "proto3";
    package acme.orders;

## Use instead
    syntax = "proto3";
    package acme.orders.v1;
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.proto import ProtoDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

# v1, v2, v1beta1, v1alpha, v2test, v1p1beta1: AIP-185's forms (and buf's)
_VERSION = re.compile(r"^v\d+(?:p\d+)?(?:(?:alpha|beta|test)\d*)?$")
# Shared types packages, unversioned by design (AIP-213): a change there never breaks.
_COMMON_PACKAGES = ("google.type", "google.rpc", "google.api", "google.longrunning")


@rule("proto-package-versioned", severity=WARNING, format="proto")
def proto_package_versioned(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for file in document.files:
        descriptor = file.descriptor
        if not (descriptor.message_type or descriptor.service or descriptor.enum_type):
            continue  # nothing defined
        if descriptor.extension and not descriptor.service:
            continue  # options and what they take: not an API
        if not file.package:
            yield file.node.finding(
                "no package: the file's definitions have no namespace and no version to evolve in",
                suggestion="package acme.orders.v1;",
            )
            continue
        components = file.package.split(".")
        if any(file.package == common or file.package.startswith(common + ".") for common in _COMMON_PACKAGES):
            continue
        if not any(_VERSION.match(component) for component in components):
            yield file.node.finding(
                f"package {file.package!r} does not end in a version: a breaking change can never be served beside it",
                suggestion=f"package {file.package}.v1;",
            )
