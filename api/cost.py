"""What a request may cost, computed from its selection before anything runs.

Depth, alias and token limits do not bound fan-out: ten nested lists of a hundred items
are within all three and ask for 10^20 objects. As GitHub's and Shopify's GraphQL APIs
do, every object field costs one per object it can return: a list field multiplies what
is under it by its page size (`first`, or the connection's default page) or, for a list
without paging, by the bound declared below; nesting multiplies. Scalars cost nothing.
The walk reads the operation's fields against the schema's types, so a field added to a
derived type is counted with the default bound without anyone listing it here.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
    is_composite_type,
    value_from_ast,
)
from strawberry.extensions import SchemaExtension

from claimgraph.api.errors import COST_LIMIT_EXCEEDED
from claimgraph.api.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from claimgraph.api.router import record_cost

MAX_COST: Final = 100_000
"""Objects one request may ask for: a page of 100 claims with sources, evidence and
critiques with their sources costs 3,301."""

DEFAULT_LIST_BOUND: Final = 20
"""Items assumed of a list field that has no paging and no bound of its own below."""

LIST_BOUNDS: Final[dict[tuple[str, str], int]] = {
    ("Query", "sources"): 100,
    ("Query", "quantities"): 100,
    ("Query", "critiques"): 200,
    ("Query", "flags"): 200,
    ("Query", "conflicts"): 200,
    ("Query", "sourceCritiques"): 100,
    ("Source", "claims"): 100,
    ("Source", "critiques"): 50,
    ("Source", "citedBy"): 50,
    ("Quantity", "claims"): 100,
    ("Reconciliation", "pooledClaims"): 100,
    ("Claim", "evidence"): 10,
    ("Claim", "cites"): 10,
    ("Claim", "critiques"): 10,
    ("Claim", "flags"): 10,
    ("Claim", "decompositions"): 5,
    ("Critique", "targets"): 10,
    ("Conflict", "claims"): 2,
}
"""Declared bounds of unpaged lists (by type and field): what the corpus' largest holds,
with room. An actual list longer than its bound is still answered; the time and response
size limits are what hold such a request back."""


@dataclass(frozen=True)
class Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    """The cost of one (validated) operation with its variables."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _selection_cost(Walk(schema, fragments, variables), root, operation.selection_set, None)


def _selection_cost(
    walk: Walk, parent: GraphQLCompositeType, selections: SelectionSetNode, page: int | None
) -> int:
    total = 0
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(walk, parent, selection, page)
            continue
        condition: NamedTypeNode | None
        if isinstance(selection, FragmentSpreadNode):
            fragment = walk.fragments.get(selection.name.value)
            if fragment is None:
                continue
            condition, inner = fragment.type_condition, fragment.selection_set
        elif isinstance(selection, InlineFragmentNode):
            condition, inner = selection.type_condition, selection.selection_set
        else:
            continue
        on = walk.schema.get_type(condition.name.value) if condition is not None else parent
        if on is not None and is_composite_type(on):
            total += _selection_cost(walk, on, inner, page)
    return total


def _field_cost(walk: Walk, parent: GraphQLCompositeType, node: FieldNode, page: int | None) -> int:
    name = node.name.value
    if not isinstance(parent, GraphQLObjectType) or node.selection_set is None:
        return 0  # a scalar, or a field of a union/interface read through its fragments
    field = parent.fields.get(name)
    if field is None:
        return 0
    named = get_named_type(field.type)
    if not is_composite_type(named):
        return 0
    first = _first(walk, field.args, node)
    if _is_list(field.type):
        if name == "edges" and page is not None:
            bound = page
        elif first is not None:
            bound = first
        else:
            bound = LIST_BOUNDS.get((parent.name, name), DEFAULT_LIST_BOUND)
        child_page = None
    else:
        bound = 1
        paged = "first" in field.args
        child_page = (DEFAULT_PAGE_SIZE if first is None else first) if paged else None
    under = _selection_cost(walk, named, node.selection_set, child_page)
    return bound * (1 + under)


def _first(walk: Walk, args: Mapping[str, Any], node: FieldNode) -> int | None:
    """The value of a `first` argument as given (literal or variable), else its default."""
    definition = args.get("first")
    if definition is None:
        return None
    for argument in node.arguments or ():
        if argument.name.value == "first":
            value = value_from_ast(argument.value, definition.type, dict(walk.variables))
            if not isinstance(value, int) or value < 0:
                return None
            return min(value, MAX_PAGE_SIZE)  # a larger page is refused as such, not by cost
    default = definition.default_value
    return default if isinstance(default, int) else None


def _is_list(output: GraphQLOutputType) -> bool:
    if isinstance(output, GraphQLNonNull):
        output = output.of_type
    return isinstance(output, GraphQLList)


class CostLimit(SchemaExtension):
    """Compute the operation's cost before it executes; refuse it over MAX_COST."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is not None and operation is not None:
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            cost = operation_cost(
                context.schema._schema, operation, fragments, context.variables or {}
            )
            record_cost(cost)
            if cost > MAX_COST:
                error = GraphQLError(
                    f"This query may return up to {cost:,} objects, over the limit of "
                    f"{MAX_COST:,}; ask for smaller pages or fewer nested lists.",
                    extensions={"code": COST_LIMIT_EXCEEDED, "cost": cost, "maxCost": MAX_COST},
                )
                context.result = ExecutionResult(data=None, errors=[error])
        yield
