"""strawberry's pydantic integration, typed so mypy sees the classes as written.

`strawberry.experimental.pydantic.type` returns a class mypy cannot use as a type
without strawberry's mypy plugin, so `from_pydantic` wraps it as an identity decorator.
It also makes the generated `from_pydantic` hand each instance its pydantic model as the
private field `model`, including nested ones strawberry converts on its own, so
resolvers read typed model fields rather than untyped dataclass attributes.
"""

import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry
from pydantic import BaseModel

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
        generated = cast(Convert, getattr(made, "from_pydantic"))  # noqa: B009

        def with_model(instance: BaseModel, extra: dict[str, Any] | None = None) -> Any:
            return generated(instance, {"model": instance, **(extra or {})})

        setattr(made, "from_pydantic", staticmethod(with_model))  # noqa: B010
        return made

    return wrap


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
