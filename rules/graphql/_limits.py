"""What the four limit rules share: the declared limits, the type graph, list sizes, and the
depth and cost of an operation.

Limits are declared in the configuration (`graphql:` section: `max-depth`, `max-cost`,
`max-page-size`, `slicing-arguments`) or in the schema, with `schema @maxDepth(value:)` and the
IBM GraphQL Cost Directives (`@listSize`, `@cost`, https://ibm.github.io/graphql-specs/cost-spec.html).
Directives are read from the SDL as written: a schema need not declare them to use them, and a
schema loaded from introspection JSON carries none (its limits come from the configuration).
graphql-core is imported inside the functions, as everywhere in rules/.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument, fragment_spreads

from ._schema import is_list

if TYPE_CHECKING:
    from graphql import GraphQLField, GraphQLNamedType
    from graphql.language import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode



def directive_arguments(ast_nodes: list[Any], name: str) -> dict[str, Any] | None:
    """The literal arguments of the first `@name` on these AST nodes (a definition and its
    extensions), as Python values; None when none carries it."""
    from graphql import value_from_ast_untyped

    for ast_node in ast_nodes:
        for directive in getattr(ast_node, "directives", None) or ():
            if directive.name.value == name:
                return {argument.name.value: value_from_ast_untyped(argument.value) for argument in directive.arguments}
    return None


def _ast_nodes(thing: Any) -> list[Any]:
    return [node for node in (thing.ast_node, *(getattr(thing, "extension_ast_nodes", None) or ())) if node is not None]


def declared_max_depth(schema: GraphQLSchemaDocument) -> int:
    """`graphql.max-depth`, else `schema @maxDepth(value:)`; 0 when neither declares one."""
    if schema.settings["max-depth"]:
        return schema.settings["max-depth"]
    arguments = directive_arguments(_ast_nodes(schema.schema), "maxDepth") or {}
    value = arguments.get("value")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


@dataclass(frozen=True)
class ListSize:
    """What a field's `@listSize` says (empty when it has none)."""

    assumed_size: int | None = None
    slicing_arguments: tuple[str, ...] | None = None  # None: the configured names apply
    sized_fields: tuple[str, ...] | None = None  # None: a connection's edges and nodes


def list_size_of(field: "GraphQLField") -> ListSize:
    arguments = directive_arguments(_ast_nodes(field), "listSize") if field.ast_node else None
    if arguments is None:
        return ListSize()
    slicing, sized = arguments.get("slicingArguments"), arguments.get("sizedFields")
    return ListSize(
        _positive_int(arguments.get("assumedSize")),
        tuple(map(str, slicing)) if isinstance(slicing, list) else None,
        tuple(map(str, sized)) if isinstance(sized, list) else None,
    )


def slicing_arguments(field: "GraphQLField", list_size: ListSize, settings: dict) -> list[str]:
    """The arguments of `field` that set the size of the list it returns (or sizes, for a
    connection): the names `@listSize(slicingArguments:)` gives, else its single-valued
    number arguments (Int, Float, or a custom scalar) whose name a `graphql.slicing-arguments`
    pattern matches (`first`, Artsy's `size`, GitHub's `maxRepositories` by `max*`)."""
    from fnmatch import fnmatchcase

    from graphql import get_named_type, is_scalar_type

    if list_size.slicing_arguments is not None:
        return [name for name in list_size.slicing_arguments if name in field.args]
    return [
        name
        for name, argument in field.args.items()
        if not is_list(argument.type)
        and is_scalar_type(get_named_type(argument.type))
        and get_named_type(argument.type).name not in _NOT_A_SIZE
        and any(fnmatchcase(name, pattern) for pattern in settings["slicing-arguments"])
    ]


# Built-in scalars that cannot hold a list's size (`count: Boolean` asks for a count). Float
# can: schemas made from JavaScript take `limit: Float` (Artsy's positron).
_NOT_A_SIZE = frozenset({"Boolean", "String", "ID"})


def ids_argument(field: "GraphQLField") -> str | None:
    """The required list-of-IDs argument that names the items the field returns (GitHub's and
    Shopify's `nodes(ids: [ID!]!)`), if it has one: the list holds what the client lists, no
    more than writing one lookup per id would."""
    from graphql import get_named_type, is_non_null_type

    for name, argument in field.args.items():
        if is_non_null_type(argument.type) and is_list(argument.type) and get_named_type(argument.type).name == "ID":
            return name
    return None


def is_connection(type_: "GraphQLNamedType") -> bool:
    """A Relay connection: an object (or interface) with a list of `edges`, or a list of `nodes`
    and a `pageInfo` (GitHub's `Query.nodes(ids:)` alone does not make Query one)."""
    fields = getattr(type_, "fields", None) or {}
    if "edges" in fields and is_list(fields["edges"].type):
        return True
    return "nodes" in fields and is_list(fields["nodes"].type) and "pageInfo" in fields


def sized_fields(type_: "GraphQLNamedType", list_size: ListSize) -> tuple[str, ...]:
    """The lists of `type_` that the slicing arguments of a field returning it size: those
    `@listSize(sizedFields:)` names, else, on a connection, all its lists (`edges`, `nodes`,
    and shortcuts such as SWAPI's `FilmCharactersConnection.characters`)."""
    if list_size.sized_fields is not None:
        return list_size.sized_fields
    if not is_connection(type_):
        return ()
    return tuple(name for name, field in type_.fields.items() if is_list(field.type))


def root_types(schema: GraphQLSchemaDocument, *operations: str) -> list["GraphQLNamedType"]:
    found = (getattr(schema.schema, f"{operation}_type") for operation in operations)
    return [type_ for type_ in found if type_ is not None]


def elided(steps: list[str], shown: int = 12) -> list[str]:
    """A path for a message: a long one keeps its first and last `shown // 2` steps."""
    if len(steps) <= shown:
        return steps
    return [*steps[: shown // 2], f"({len(steps) - shown} more)", *steps[-(shown // 2) :]]


# The type graph --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """An edge of the type graph: a field (`User.friends`) or a type condition (`... on User`)."""

    source: str  # the type the step leaves
    target: str  # the named type it reaches
    field: str | None  # None for a type condition (an interface or union to one of its types)
    multiplies: bool = False  # the field returns a list: each item nests its own selection

    @property
    def text(self) -> str:
        return f"{self.source}.{self.field}" if self.field else f"... on {self.target}"


def is_retired(name: str, field: "GraphQLField") -> bool:
    """Deprecated, or named with a leading `_` (Artsy's `_do_not_use_...`, `_unused_...`): a
    poor example for a message when another will do."""
    return name.startswith("_") or field.deprecation_reason is not None


def _steps(schema: Any, type_: Any, avoid_retired: bool = False) -> list[Step]:
    """Where a selection on `type_` can go: its fields of object, interface or union type, and
    for an interface or union, its possible types (`... on T`). `avoid_retired`: without the
    deprecated fields and those whose name starts with `_` (Artsy's `_do_not_use_...`)."""
    from graphql import get_named_type, is_abstract_type, is_composite_type

    steps = []
    for name, field in (getattr(type_, "fields", None) or {}).items():
        if avoid_retired and is_retired(name, field):
            continue
        target = get_named_type(field.type)
        if is_composite_type(target) and not name.startswith("__"):
            steps.append(Step(type_.name, target.name, name, is_list(field.type) and ids_argument(field) is None))
    if is_abstract_type(type_):
        steps.extend(Step(type_.name, possible.name, None) for possible in schema.get_possible_types(type_))
    return steps


def query_graph(
    schema: GraphQLSchemaDocument, avoid_retired: bool = False
) -> tuple[dict[str, list[Step]], dict[str, Step | None]]:
    """The type graph a query or subscription can walk, in breadth-first order from its roots
    (Query, then Subscription), and the step that first reached each type (None for a root).
    Mutation is left out: what a mutation returns echoes what it was given."""
    roots = root_types(schema, "query", "subscription")
    graph: dict[str, list[Step]] = {}
    came_from: dict[str, Step | None] = {}
    queue = deque(type_.name for type_ in roots)
    for root in queue:
        came_from.setdefault(root, None)
    while queue:
        name = queue.popleft()
        graph[name] = _steps(schema.schema, schema.schema.type_map[name], avoid_retired)
        for step in graph[name]:
            if step.target not in came_from:
                came_from[step.target] = step
                queue.append(step.target)
    return graph, came_from


def multiplying_cycle(schema: GraphQLSchemaDocument) -> list[Step] | None:
    """A path from Query (or Subscription) into a cycle of the type graph that passes through a
    list, then round the cycle; None without one. A cycle of single objects (GitHub's
    `Query.relay: Query`) only deepens a query by one object a level; through a list, each
    level multiplies it. The cycle is the one whose first type is nearest the root, the
    shortest through it; one without deprecated or `_`-named fields when there is one.
    Linear in the schema: breadth-first walks and Tarjan's components."""
    for avoid_retired in (True, False):
        graph, came_from = query_graph(schema, avoid_retired)
        component = _components(graph, [name for name, step in came_from.items() if step is None])
        multiplying = {
            component[step.source]
            for steps in graph.values()
            for step in steps
            if step.multiplies and component.get(step.source, -1) == component.get(step.target, -2)
        }
        entry = next((name for name in graph if component.get(name) in multiplying), None)  # `graph` is in walk order
        if entry is not None:
            path: list[Step] = []
            step = came_from[entry]
            while step is not None:
                path.append(step)
                step = came_from[step.source]
            return path[::-1] + _path_back_through_a_list(graph, entry)
    return None


def _path_back_through_a_list(graph: dict[str, list[Step]], start: str) -> list[Step]:
    """The shortest walk from `start` back to itself through a list (there is one: `start` is
    in a component with a list inside it). Breadth-first over (type, passed a list yet)."""
    came_from: dict[tuple[str, bool], tuple[tuple[str, bool], Step]] = {}
    queue = deque([(start, False)])
    while queue:
        state = queue.popleft()
        for step in graph[state[0]]:
            reached = (step.target, state[1] or step.multiplies)
            if reached in came_from or reached == (start, False):
                continue
            came_from[reached] = (state, step)
            if reached == (start, True):
                path = []
                while reached != (start, False):
                    reached, step = came_from[reached]
                    path.append(step)
                return path[::-1]
            queue.append(reached)
    raise AssertionError(f"{start} is on no cycle through a list")


def _components(graph: dict[str, list[Step]], roots: list[str]) -> dict[str, int]:
    """The strongly connected component of each type that lies on a cycle (a number), by
    Tarjan's algorithm without recursion (GitHub's type graph is deeper than Python's stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component_of: dict[str, int] = {}
    for root in roots:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            name, steps = work[-1]
            for step in steps:
                target = step.target
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[name] = min(low[name], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[name])
                if low[name] == index[name]:
                    component = []
                    while not component or component[-1] != name:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    if len(component) > 1 or any(step.target == name for step in graph[name]):
                        component_of.update(dict.fromkeys(component, index[name]))
    return component_of


# Operations ------------------------------------------------------------------------------------


def operations_and_fragments(
    schema: GraphQLSchemaDocument,
) -> tuple[list[tuple[Any, "OperationDefinitionNode"]], dict[str, "FragmentDefinitionNode"]]:
    """Every operation (with its source) in the schema's operations files, and every fragment by
    name (see `GraphQLSchemaDocument.fragments`)."""
    operations = [
        (operations_file.source, definition)
        for operations_file in schema.operations
        for definition in operations_file.source.document.definitions
        if definition.kind == "operation_definition"
    ]
    return operations, schema.fragments


def fragments_in_order(names: list[str], fragments: dict[str, "FragmentDefinitionNode"]) -> list[str]:
    """These fragments and those they spread, directly or through other fragments, each after
    those it spreads (a fragment in a cycle comes after the rest of the cycle). Measured in this
    order, a fragment's spreads are known when it is reached: the walk recurses through a
    fragment's own text only, never down a chain of fragments (valid operations nest them
    hundreds deep, more than Python's stack)."""
    order: list[str] = []
    state: dict[str, bool] = {}  # False: being walked; True: placed in `order`
    for root in names:
        if root in state or root not in fragments:
            continue
        state[root] = False
        work = [(root, iter(fragment_spreads(fragments[root].selection_set)))]
        while work:
            name, children = work[-1]
            for child in children:
                if child not in state and child in fragments:
                    state[child] = False
                    work.append((child, iter(fragment_spreads(fragments[child].selection_set))))
                    break
            else:
                work.pop()
                state[name] = True
                order.append(name)
    return order


class DepthCounter:
    """The depth of an operation as graphql-depth-limit counts it (as graphql-eslint's
    selection-set-depth, envelop and GraphQL Armor do too): root fields are level 0, each
    nested selection set one more, fragments count as if written out, and introspection fields
    (`__schema`, `__type`, `__typename`) are not counted, nor anything under them."""

    def __init__(self, fragments: dict[str, "FragmentDefinitionNode"]):
        self._memo: dict[str, tuple[int, tuple[str, ...]]] = {}
        for name in fragments_in_order(list(fragments), fragments):
            self._memo[name] = self.depth(fragments[name].selection_set)

    def depth(self, selection_set: "SelectionSetNode") -> tuple[int, tuple[str, ...]]:
        """(depth, the names of the fields down to the deepest one)."""
        best: tuple[int, tuple[str, ...]] = (0, ())
        for selection in selection_set.selections:
            if selection.kind == "field":
                name = selection.name.value
                if name.startswith("__"):
                    continue
                if selection.selection_set is None:
                    found = (0, (name,))
                else:
                    depth, path = self.depth(selection.selection_set)
                    found = (depth + 1, (name, *path))
            elif selection.kind == "inline_fragment":
                found = self.depth(selection.selection_set)
            else:
                # not measured yet: the fragment is in a cycle with this one (or undefined)
                found = self._memo.get(selection.name.value, (0, ()))
            if found[0] > best[0] or not best[1]:
                best = found
        return best


# A list's size and where it came from: "" when the operation gives it, else a note for the
# message (`reactions ×10 (assumed: assumed-list-size)`).
Sized = tuple[int, str]


class CostEstimator:
    """The estimated cost of an operation, after the IBM GraphQL Cost Directives (see
    graphql-operation-cost's docs for the formula)."""

    def __init__(self, schema: GraphQLSchemaDocument, fragments: dict[str, "FragmentDefinitionNode"]):
        self.schema = schema.schema
        self.settings = schema.settings
        self.fragments = fragments
        self.max_page_size = schema.settings["max-page-size"]
        self._variables: dict[str, Any] = {}
        self._memo: dict[tuple[str, Any], tuple[int, tuple[str, ...]]] = {}
        self._open: set[str] = set()

    def cost(self, operation: "OperationDefinitionNode") -> tuple[int, tuple[str, ...]]:
        """(estimated cost, the most expensive path: field names, `×N` where a list multiplies,
        with a note where N is assumed rather than given)."""
        from graphql import value_from_ast_untyped

        root = getattr(self.schema, f"{operation.operation.value}_type")
        if root is None:
            return 0, ()
        self._variables = {
            variable.variable.name.value: value_from_ast_untyped(variable.default_value)
            for variable in operation.variable_definitions or ()
            if variable.default_value is not None
        }
        self._memo = {}  # a fragment's cost depends on the operation's variables
        for name in fragments_in_order(fragment_spreads(operation.selection_set), self.fragments):
            target = self.schema.get_type(self.fragments[name].type_condition.name.value)
            self._memo[(name, None)] = self._selections(self.fragments[name].selection_set, target, None) if target else (0, ())
        return self._selections(operation.selection_set, root, None)

    def _selections(self, selection_set: "SelectionSetNode", parent: Any, sized: tuple[tuple[str, ...], Sized] | None):
        """The cost of a selection set on type `parent`; `sized`: (the child fields a connection's
        slicing argument sizes, that size). Selections add up, except those on different object
        types of an interface or union (`... on Issue`, `... on Project`): an item is one of
        them, so the costliest counts."""
        from graphql import is_abstract_type, is_object_type

        groups: dict[str | None, list] = {}  # None: every item; a type's name: items of that type
        for selection in selection_set.selections:
            condition = None
            if selection.kind == "field":
                found = self._field(selection, parent, sized)
            elif selection.kind == "inline_fragment":
                condition = selection.type_condition.name.value if selection.type_condition else None
                target = self.schema.get_type(condition) if condition else parent
                found = self._selections(selection.selection_set, target, sized) if target is not None else (0, ())
            else:
                fragment = self.fragments.get(selection.name.value)
                condition = fragment.type_condition.name.value if fragment else None
                found = self._fragment(selection.name.value, sized)
            target = self.schema.get_type(condition) if condition else None
            if not (is_abstract_type(parent) and is_object_type(target) and target is not parent):
                condition = None
            group = groups.setdefault(condition, [0, (0, ())])
            group[0] += found[0]
            if found[0] > group[1][0]:  # a path ends at its last field that costs something
                group[1] = found
        common = groups.pop(None, [0, (0, ())])
        alternative = max(groups.values(), key=lambda group: group[0], default=[0, (0, ())])
        best = max(common[1], alternative[1], key=lambda found: found[0])
        return common[0] + alternative[0], best[1]

    def _fragment(self, name: str, sized: tuple[tuple[str, ...], Sized] | None) -> tuple[int, tuple[str, ...]]:
        key = (name, sized)
        if sized is None:  # measured in order before the operation; not yet: in a cycle with this one
            return self._memo.get(key, (0, ()))
        if key not in self._memo:  # inside a connection: its sized fields are the operation's
            fragment = self.fragments.get(name)
            target = self.schema.get_type(fragment.type_condition.name.value) if fragment else None
            if target is None or name in self._open:
                return 0, ()
            self._open.add(name)
            self._memo[key] = self._selections(fragment.selection_set, target, sized)
            self._open.discard(name)
        return self._memo[key]

    def _field(self, node: "FieldNode", parent: Any, sized: tuple[tuple[str, ...], Sized] | None):
        from graphql import get_named_type

        name = node.name.value
        field = (getattr(parent, "fields", None) or {}).get(name)
        if field is None:  # __typename, or a field the schema lacks (graphql-operation-valid's)
            return 0, ()
        target = get_named_type(field.type)
        list_size = list_size_of(field)
        slicing = slicing_arguments(field, list_size, self.settings)
        if sized is not None and name in sized[0]:
            size, note = sized[1]
        elif is_list(field.type):
            size, note = self._list_size(node, field, list_size, slicing)
        else:
            size, note = 1, ""
        inner = None
        if not is_list(field.type) and slicing:
            inner = (sized_fields(target, list_size), self._list_size(node, field, list_size, slicing))
        below, path = self._selections(node.selection_set, target, inner) if node.selection_set else (0, ())
        step = f"{name} ×{size} ({note})" if note else f"{name} ×{size}" if size != 1 else name
        return size * (self._weight(field, target) + below), (step, *path)

    def _list_size(self, node: "FieldNode", field: "GraphQLField", list_size: ListSize, slicing: list[str]) -> Sized:
        """The size of the list a field returns (or its connection's lists): what the operation's
        slicing arguments (or list of ids) give, else the slicing arguments' defaults in the
        schema, else an assumed size: @listSize(assumedSize:); for a field that takes a slicing
        argument, the server's page size; for a plain list, `graphql.assumed-list-size`. Never
        more than the page size."""
        from graphql import value_from_ast_untyped

        given = self._given_size(node, slicing, ids_argument(field))
        if given is not None:
            return self._bounded(given), ""
        written = (field.args[name].ast_node for name in slicing)  # the SDL's `= 25`, as written
        defaults = [_positive_int(value_from_ast_untyped(ast.default_value)) for ast in written if ast and ast.default_value]
        defaults = [value for value in defaults if value is not None]
        if defaults:
            return self._bounded(max(defaults)), "argument default"
        if list_size.assumed_size is not None:
            return self._bounded(list_size.assumed_size), "assumed: @listSize"
        if slicing and self.max_page_size:
            return self.max_page_size, "assumed: max-page-size"
        return self._bounded(self.settings["assumed-list-size"]), "assumed: assumed-list-size"

    def _given_size(self, node: "FieldNode", slicing: list[str], ids: str | None) -> int | None:
        """The largest slicing argument the operation gives the field, or the number of ids it
        lists (a literal, or a variable's default value); None when it gives none it can read."""
        from graphql import value_from_ast_untyped

        sizes = []
        for argument in node.arguments or ():
            if argument.name.value not in (*slicing, ids):
                continue
            if argument.value.kind == "variable":
                value = self._variables.get(argument.value.name.value)
            else:
                value = value_from_ast_untyped(argument.value)
            if argument.name.value == ids:
                value = len(value) if isinstance(value, list) else None
            elif isinstance(value, float) and value.is_integer():
                value = int(value)  # `limit: Float` (Artsy's positron)
            if _positive_int(value) is not None:
                sizes.append(value)
        return max(sizes) if sizes else None

    def _bounded(self, size: int) -> int:
        """A list's size, capped by the server's page size."""
        return min(size, self.max_page_size) if self.max_page_size else size

    def _weight(self, field: "GraphQLField", target: Any) -> int:
        from graphql import is_composite_type

        for thing in (field, target):
            arguments = directive_arguments(_ast_nodes(thing), "cost") if thing.ast_node else None
            if arguments is not None:
                weight = arguments.get("weight")
                try:  # the spec declares `weight: String!`; some servers use Int
                    return max(0, int(float(weight)))
                except (TypeError, ValueError):
                    break
        return 1 if is_composite_type(target) else 0


def queried_fields(schema: GraphQLSchemaDocument) -> Iterator[tuple[Any, str, "GraphQLField"]]:
    """(type, field name, field) of every field of an object or interface type that a query or
    subscription can reach, and of the interfaces those implement, in walk order."""
    from graphql import is_interface_type, is_object_type

    graph, _ = query_graph(schema)
    names = dict.fromkeys(graph)
    for name in graph:
        names.update(dict.fromkeys(interface.name for interface in getattr(schema.schema.type_map[name], "interfaces", ())))
    for name in names:
        type_ = schema.schema.type_map[name]
        if is_object_type(type_) or is_interface_type(type_):
            for field_name, field in type_.fields.items():
                yield type_, field_name, field
