"""strawberry's pydantic integration, typed so mypy sees the classes as written.

`strawberry.experimental.pydantic.type` returns a class mypy cannot use as a type
without strawberry's mypy plugin, so `from_pydantic` wraps it as an identity decorator.
It also replaces the generated `from_pydantic`: each instance gets its pydantic model as
the private field `model` (nested ones too), so resolvers read typed model fields rather
than untyped dataclass attributes; and the conversion plan of every type (which fields
hold nested models, lists or optionals of them) is worked out once per type instead of
once per field of every instance, which was a quarter of a large query's CPU.
"""

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry
from pydantic import BaseModel
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.lazy_type import LazyType
from strawberry.types.private import is_private

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
Convert = Callable[[BaseModel, dict[str, Any] | None], Any]


def from_pydantic(
    model: type[BaseModel], *, name: str, description: str | None = None
) -> Callable[[type[T]], type[T]]:
    """A GraphQL object type with every field of `model` (all_fields), plus what the class adds."""
    decorator = strawberry.experimental.pydantic.type(
        model=model,
        name=name,
        description=description or inspect.cleandoc(model.__doc__ or "") or None,
        all_fields=True,
    )

    def wrap(cls: type[T]) -> type[T]:
        made = cast(type[T], decorator(cls))

        def with_model(instance: BaseModel, extra: dict[str, Any] | None = None) -> Any:
            return _plan_of(made).build(instance, extra or {})

        setattr(made, "from_pydantic", staticmethod(with_model))  # noqa: B010
        return made

    return wrap


Converter = Callable[[Any], Any]


@dataclasses.dataclass(frozen=True)
class _Plan:
    """How to make one GraphQL object from its model: fields to copy, convert, keep private."""

    cls: type[Any]
    copied: tuple[str, ...]
    converted: tuple[tuple[str, Converter], ...]
    private: tuple[str, ...]

    def build(self, instance: BaseModel, extra: dict[str, Any]) -> Any:
        kwargs = {name: getattr(instance, name) for name in self.copied}
        for name, convert in self.converted:
            kwargs[name] = convert(getattr(instance, name))
        for name in self.private:
            if name in extra:
                kwargs[name] = extra[name]
            elif name == "model":
                kwargs[name] = instance
            elif hasattr(instance, name):
                kwargs[name] = getattr(instance, name)
        return self.cls(**kwargs)


_PLANS: dict[type[Any], _Plan] = {}


def _plan_of(cls: type[Any]) -> _Plan:
    """The type's plan, made on first use (field types resolve only once the schema exists)."""
    plan = _PLANS.get(cls)
    if plan is None:
        copied: list[str] = []
        converted: list[tuple[str, Converter]] = []
        for field in cls.__strawberry_definition__.fields:
            if not field.init:
                continue
            convert = _converter(field.type)
            if convert is None:
                copied.append(field.python_name)
            else:
                converted.append((field.python_name, convert))
        private = tuple(f.name for f in dataclasses.fields(cls) if is_private(f.type))
        plan = _PLANS[cls] = _Plan(cls, tuple(copied), tuple(converted), private)
    return plan


def _converter(field_type: Any) -> Converter | None:
    """None where the model's value serves as it is (scalars, enums, lists of those)."""
    if isinstance(field_type, StrawberryOptional):
        inner = _converter(field_type.of_type)
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if isinstance(field_type, StrawberryList):
        item = _converter(field_type.of_type)
        if item is None:
            return None
        return lambda values: [item(value) for value in values]
    if isinstance(field_type, LazyType):
        field_type = field_type.resolve_type()
    if isinstance(field_type, type) and hasattr(field_type, "_pydantic_type"):
        nested = cast(Convert, getattr(field_type, "from_pydantic"))  # noqa: B009
        return lambda value: nested(value, None)
    return None


def build(cls: type[T], instance: BaseModel, **private: Any) -> T:
    """An instance of a pydantic-derived type, with its private fields set."""
    convert = cast(Convert, getattr(cls, "from_pydantic"))  # noqa: B009
    return cast(T, convert(instance, private))


def described(description: str) -> Callable[[F], F]:
    """`@strawberry.field(description=...)`, typed: strawberry's decorator form is not."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def described_mutation(description: str) -> Callable[[F], F]:
    """`@strawberry.mutation(description=...)`, typed like `described`."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))
