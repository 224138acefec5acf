"""Translate the selection of a root field into one nested read, and complete its answer.

The DataLoader path resolves each field through an awaitable and each nesting level
through a round trip; a page of 100 claims with their sources, evidence and critiques is
about a thousand awaitables. Here the selection under a root field is read once from the
schema's own definitions: every field is a stored property (a model field the label
stores under its name), a link `graph.projection.LINKS` knows, a field of the rebuilt
model, or a computed value; any other field (one with arguments, a resolver we have no
translation for, a directive other than @skip/@include) makes the whole root field take
the DataLoader path instead. The plan gives the `Shape` graph/ turns into Cypher (only
property and link names from the schema's tables; aliases and other request text never
reach it) and a completer that turns each row's maps into the response, keyed by
response key, with leaves serialized by the schema's own scalars and enums. The result
is handed to graphql-core as `Precompleted`, so nothing under it is resolved again.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from claimgraph.api.computed import normalized
from claimgraph.graph.projection import LINKS, MODELS, Label, Shape, link_key, model_of

BACKREF: Final = "strawberry-definition"
"""Where strawberry keeps, on each graphql-core field, the field it was made from."""

PLAIN_SCALARS: Final = frozenset({"String", "ID", "Int", "Float", "Boolean"})
"""Scalars a stored property holds as is; any other (Date) is read from the model."""

COMPUTED: Final[dict[tuple[Label, str], Callable[[Any], Any]]] = {
    (Label.CLAIM, "normalized"): normalized,
}
"""Resolver fields computed from the node's model, with the function that computes them."""


class Mismatch(Exception):
    """A row did not fit its plan (a null where the schema promises a value)."""


@dataclass(frozen=True)
class Precompleted:
    """A field's finished response value: graphql-core returns it without completing it."""

    value: Any


Getter = Callable[[Mapping[str, Any], Any], Any]
"""(the node's map, its rebuilt model or None) -> the response value of one field."""
Serialize = Callable[[Any], Any]


@dataclass(frozen=True)
class NodePlan:
    shape: Shape
    getters: tuple[tuple[str, Getter], ...]

    def complete(self, node: Mapping[str, Any]) -> dict[str, Any]:
        model = model_of(self.shape.label, node) if self.shape.whole else None
        return {key: get(node, model) for key, get in self.getters}


@dataclass(frozen=True)
class Selection:
    """What a resolver needs to read its own selection: fragments and variables."""

    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    @classmethod
    def of(cls, info: GraphQLResolveInfo[Any]) -> "Selection":
        return cls(info.fragments, info.variable_values)  # type: ignore[arg-type]

    def fields(
        self, parent: GraphQLObjectType, nodes: Sequence[FieldNode]
    ) -> dict[str, list[FieldNode]] | None:
        """Sub-fields by response key (fragments merged); None when one cannot be read."""
        out: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is None or not self._visit(parent, node.selection_set, out):
                return None
        return out

    def _visit(
        self, parent: GraphQLObjectType, selections: SelectionSetNode, out: dict[str, Any]
    ) -> bool:
        for selection in selections.selections:
            included = self._included(selection)
            if included is None:
                return False
            if not included:
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                out.setdefault(key, []).append(selection)
                continue
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    return False
                condition, inner = fragment.type_condition, fragment.selection_set
            elif isinstance(selection, InlineFragmentNode):
                condition, inner = selection.type_condition, selection.selection_set
            else:
                return False
            if condition is not None and condition.name.value != parent.name:
                return False
            if not self._visit(parent, inner, out):
                return False
        return True

    def _included(self, selection: Any) -> bool | None:
        """@skip/@include evaluated; None for any other directive."""
        included = True
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("skip", "include") or len(directive.arguments) != 1:
                return None
            value = directive.arguments[0].value
            if isinstance(value, BooleanValueNode):
                flag = value.value
            elif isinstance(value, VariableNode):
                flag = bool(self.variables.get(value.name.value))
            else:
                return None
            included = included and (flag if name == "include" else not flag)
        return included


def node_plan(
    selection: Selection, gql_type: GraphQLObjectType, nodes: Sequence[FieldNode]
) -> NodePlan | None:
    """The plan for reading `nodes`' selection of one entity type, or None."""
    try:
        label = Label(gql_type.name)
    except ValueError:
        return None
    fields = selection.fields(gql_type, nodes)
    if fields is None:
        return None
    model = MODELS[label]
    props: set[str] = set()
    links: list[tuple[str, Shape]] = []
    whole = False
    getters: list[tuple[str, Getter]] = []
    for key, same_key in fields.items():
        name = same_key[0].name.value
        if name == "__typename":
            getters.append((key, _constant(gql_type.name)))
            continue
        gql_field = gql_type.fields.get(name)
        if gql_field is None or any(node.arguments for node in same_key):
            return None
        definition = gql_field.extensions.get(BACKREF)
        python_name = getattr(definition, "python_name", None)
        if definition is None or python_name is None:
            return None
        if getattr(definition, "base_resolver", None) is None:
            direct = _leaf(gql_field.type, stored=True)
            if python_name in model.direct and direct is not None:
                props.add(python_name)
                default = model.cls.model_fields[python_name].get_default(call_default_factory=True)
                getters.append((key, _prop(python_name, default, direct)))
                continue
            serialize = _model_value(selection, gql_field.type, same_key)
            if serialize is None:
                return None
            whole = True
            getters.append((key, _attribute(python_name, serialize)))
            continue
        link = LINKS.get((label, python_name))
        if link is not None:
            child_type = get_named_type(gql_field.type)
            if not isinstance(child_type, GraphQLObjectType):
                return None
            child = node_plan(selection, child_type, same_key)
            if child is None:
                return None
            entry = (python_name, child.shape)
            if entry not in links:
                links.append(entry)
            getters.append((key, _linked(link_key(links.index(entry)), link.many, child)))
            continue
        compute = COMPUTED.get((label, python_name))
        serialize = _model_value(selection, gql_field.type, same_key) if compute else None
        if compute is None or serialize is None:
            return None
        whole = True
        getters.append((key, _computed(compute, serialize)))
    shape = Shape(label, tuple(sorted(props)), whole, tuple(links))
    return NodePlan(shape, tuple(getters))


def _constant(value: Any) -> Getter:
    return lambda node, model: value


def _constant_of(value: Any) -> Serialize:
    return lambda ignored: value


def _prop(name: str, default: Any, serialize: Serialize) -> Getter:
    """A property as stored; absent means the model's default (absent values are dropped)."""
    if default is None:
        return lambda node, model: serialize(node.get(name))

    def with_default(node: Mapping[str, Any], model: Any) -> Any:
        value = node.get(name)
        return serialize(default if value is None else value)

    return with_default


def _attribute(name: str, serialize: Serialize) -> Getter:
    return lambda node, model: serialize(getattr(model, name))


def _computed(compute: Callable[[Any], Any], serialize: Serialize) -> Getter:
    return lambda node, model: serialize(compute(model))


def _linked(key: str, many: bool, child: NodePlan) -> Getter:
    complete = child.complete
    if many:
        return lambda node, model: [complete(item) for item in node[key]]

    def single(node: Mapping[str, Any], model: Any) -> Any:
        found = node.get(key)
        return None if found is None else complete(found)

    return single


def _leaf(gql_type: GraphQLOutputType, *, stored: bool) -> Serialize | None:
    """A serializer for a scalar, an enum or a list of them; None for anything else.

    With `stored`, only what a property holds as is (plain scalars and enum values).
    """
    if isinstance(gql_type, GraphQLNonNull):
        inner = _leaf(gql_type.of_type, stored=stored)
        return None if inner is None else _required(inner)
    if isinstance(gql_type, GraphQLList):
        item = _leaf(gql_type.of_type, stored=stored)
        return None if item is None else _each(item)
    if isinstance(gql_type, GraphQLEnumType):
        names = {value.value: name for name, value in gql_type.values.items()}
        return lambda value: None if value is None else names[value]
    if isinstance(gql_type, GraphQLScalarType):
        if stored and gql_type.name not in PLAIN_SCALARS:
            return None
        serialize = gql_type.serialize
        return lambda value: None if value is None else serialize(value)
    return None


def _required(inner: Serialize) -> Serialize:
    def required(value: Any) -> Any:
        out = inner(value)
        if out is None:
            raise Mismatch("a non-null field has no value")
        return out

    return required


def _each(item: Serialize) -> Serialize:
    return lambda values: None if values is None else [item(value) for value in values]


def _model_value(
    selection: Selection, gql_type: GraphQLOutputType, nodes: Sequence[FieldNode]
) -> Serialize | None:
    """A serializer for a model's value (leaf, nested model, list), or None.

    A nested object is serialized field by field from the model's attributes, so it
    must be a type whose selected fields are all plain model fields (no resolvers).
    """
    if isinstance(gql_type, GraphQLNonNull):
        inner = _model_value(selection, gql_type.of_type, nodes)
        return None if inner is None else _required(inner)
    if isinstance(gql_type, GraphQLList):
        item = _model_value(selection, gql_type.of_type, nodes)
        return None if item is None else _each(item)
    if not isinstance(gql_type, GraphQLObjectType):
        return _leaf(gql_type, stored=False)
    fields = selection.fields(gql_type, nodes)
    if fields is None:
        return None
    parts: list[tuple[str, str | None, Serialize]] = []
    for key, same_key in fields.items():
        name = same_key[0].name.value
        if name == "__typename":
            parts.append((key, None, _constant_of(gql_type.name)))
            continue
        gql_field = gql_type.fields.get(name)
        if gql_field is None or any(node.arguments for node in same_key):
            return None
        definition = gql_field.extensions.get(BACKREF)
        if definition is None or getattr(definition, "base_resolver", None) is not None:
            return None
        serialize = _model_value(selection, gql_field.type, same_key)
        if serialize is None:
            return None
        parts.append((key, definition.python_name, serialize))

    def serialize_object(value: Any) -> Any:
        if value is None:
            return None
        return {
            key: serialize(value if attribute is None else getattr(value, attribute))
            for key, attribute, serialize in parts
        }

    return serialize_object
