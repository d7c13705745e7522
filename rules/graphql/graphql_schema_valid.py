"""
## What it does
Reports what the GraphQL specification's validation finds wrong in a schema: a field or
type defined twice, a reference to a type that does not exist, an object that does not
implement its interface's fields, a directive used where it is not allowed.

## Why is this bad?
Servers refuse to start on an invalid schema, and tools (code generators, graphql-core,
graphql-js) refuse to read it. apilint still builds what it can and runs its other
rules, so one mistake does not hide the rest; only a syntax error stops it.

One cause is one finding: a directive no file declares (one defined in server code, such
as a rate-limit directive) is reported at its first use, the others related; a type that
lacks several fields of its interface, once, naming them. The same definition written in
two files of a schema, character for character, is not reported: tools that merge schema
files (graphql-tools' `mergeTypeDefs`) fold it into one.

A rule of the specification's working draft that its last edition (October 2021) does not
have is a warning, and its message says so: today that is "an implementation may not
deprecate a field its interface does not deprecate" (graphql-spec#1053), which GitHub's,
Shopify's and Braintree's public schemas break and graphql-js 16 servers accept. It is not
reported on a type retired as a whole, one whose own fields (those none of its interfaces
declares) are all deprecated: GraphQL cannot deprecate an object type, so deprecating every
field it can, interface fields included, is how GitHub retires Projects (classic) and Team
Discussions, and Braintree its `InStoreContext`. The rule is kept for the field deprecated
alone (GitHub's `PullRequestReview.databaseId`), which clients reading the interface miss.

Source: GraphQL specification, "Type System" (validation of type definitions and
extensions), as implemented by graphql-core.

## Example
    type User {
      name: String
      name: String
    }

## Use instead
    type User {
      name: String
    }
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import ERROR, WARNING, rule

# graphql-core names the first definition first, and the interface before the type that
# fails it: these findings go at the last place it names, where the user edits.
_AT_LAST = (
    (re.compile(r"There can be only one|can only be defined once|Must provide only one"), "first defined here"),
    (re.compile(r"^Interface field .* expect"), "the interface's field"),
)


# Rules of the specification's working draft, not of its last edition (October 2021), that
# graphql-core enforces: servers on graphql-js 16 accept what they reject, and big public schemas
# (GitHub, Shopify, Braintree) break them. A warning, with a word on where the rule comes from.
_DRAFT_RULES = ((re.compile(r"is not deprecated, so implementation field"), "graphql-spec#1053"),)
_DEPRECATED_IMPLEMENTATION = re.compile(r"so implementation field (\w+)\.\w+ must not be deprecated")


def _retired_as_a_whole(schema: GraphQLSchemaDocument, type_name: str) -> bool:
    """Every field of the type that none of its interfaces declares is deprecated (and it has one)."""
    type_ = schema.schema.type_map.get(type_name)
    interface_fields = {name for interface in getattr(type_, "interfaces", ()) for name in interface.fields}
    own = [field for name, field in (getattr(type_, "fields", None) or {}).items() if name not in interface_fields]
    return bool(own) and all(field.deprecation_reason is not None for field in own)


# Errors of one cause that graphql-core reports once per place: one finding, the other places
# related. A directive defined in server code (Wiki.js's `@rateLimit`) is unknown at every use;
# a type whose fields another schema stitches in (Parabol's `_xGitHubIssue`) lacks each of
# its interface's fields. (pattern, message, label of the other uses)
_ONE_CAUSE = (
    (
        re.compile(r"^Unknown directive '@(\w+)'\.$"),
        "Unknown directive '@{0}' ({n} uses): declare it in the schema (`directive @{0} on ...`)",
        "also used here",
    ),
    (
        re.compile(r"^Interface field (\w+)\.(\w+) expected but (\w+) does not provide it\.$"),
        "{2} does not provide the fields of interface {0} it implements: {fields}",
        "",  # the fields' own places are related already
    ),
)
_DEFINED_TWICE = re.compile(r"^There can be only one (?:type|directive) named '@?(\w+)'\.$")


@rule("graphql-schema-valid", severity=ERROR, format="graphql")
def graphql_schema_valid(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    groups: dict[tuple, list[tuple[Finding, tuple[str, ...]]]] = {}
    for error in schema.sdl_errors:
        deprecated = _DEPRECATED_IMPLEMENTATION.search(error.message)
        if deprecated and _retired_as_a_whole(schema, deprecated.group(1)):
            continue
        if _DEFINED_TWICE.match(error.message) and _same_text(schema, error.nodes or ()):
            continue  # one definition written in two files, which tools that merge files fold into one
        at_last = next((label for pattern, label in _AT_LAST if pattern.search(error.message)), None)
        if at_last is None:
            finding = schema.error_finding(error)
        else:
            finding = schema.error_finding(error, primary=-1, related_label=at_last)
        finding = finding if finding is not None else schema.root.finding(error.message)
        draft = next((change for pattern, change in _DRAFT_RULES if pattern.search(error.message)), None)
        if draft is not None:
            finding.message += f" (a rule of the specification's working draft, {draft}; graphql-js 16 servers accept it)"
            finding.severity = WARNING
        cause = next(((index, match) for index, (pattern, *_) in enumerate(_ONE_CAUSE) if (match := pattern.match(error.message))), None)
        if cause is None:
            yield finding
            continue
        index, match = cause
        key = (index, *match.groups()) if index == 0 else (index, match.group(1), match.group(3))
        groups.setdefault(key, []).append((finding, match.groups()))
    for (index, *_), members in groups.items():
        (first, names), others = members[0], members[1:]
        if others:
            _, message, label = _ONE_CAUSE[index]
            # The interface's fields the type lacks (the second name of their errors); unused otherwise.
            fields = ", ".join(member_names[1] for _, member_names in members if len(member_names) > 1)
            first.message = message.format(*names, n=len(members), fields=fields)
            if index == 0:  # the other uses of the directive
                first.related += tuple((other.node, label, other.span) for other, _ in others)
            else:  # the other interface fields the type lacks
                first.related += tuple(place for other, _ in others for place in other.related)
        yield first


def _same_text(schema: GraphQLSchemaDocument, nodes) -> bool:
    """Are the definitions these nodes name (graphql-core gives a definition or its name)
    written the same, character for character?"""
    from graphql import print_ast

    texts = set()
    for node in nodes:
        source = schema.source_of(node)
        if source is None or source.document is None:
            return False
        definition = next((d for d in source.document.definitions if d is node or getattr(d, "name", None) is node), None)
        if definition is None:
            return False
        texts.add(print_ast(definition))
    return len(texts) == 1
