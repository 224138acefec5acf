"""Query cost limits, built from strawberry's own extensions, one fresh instance per request.

The schema receives factories (not shared instances), as strawberry 0.341 asks, so no
state leaks between concurrent requests. The depth and alias validators report plain
GraphQL errors; `_coded` re-reports them with an `extensions.code` a client can test.
"""

from collections.abc import Callable
from typing import Any, Final

from graphql import ASTValidationRule, GraphQLError, ValidationContext
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from claimgraph.api.errors import ALIAS_LIMIT_EXCEEDED, DEPTH_LIMIT_EXCEEDED

MAX_DEPTH: Final = 10
"""Deep enough for claims → edges → node → critiques → source → claims → ..."""
MAX_ALIASES: Final = 20
MAX_TOKENS: Final = 2000
"""Room for GraphiQL's introspection query (about 400 tokens) and long hand-written queries."""
DEFAULT_PAGE_SIZE: Final = 20
MAX_PAGE_SIZE: Final = 100
MAX_SEARCH_RESULTS: Final = 100
MAX_PAPER_BYTES: Final = 1_000_000


class _CodingContext:
    """A validation context whose reported errors carry an `extensions.code`."""

    def __init__(self, inner: ValidationContext, code: str) -> None:
        self._inner = inner
        self._code = code

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def report_error(self, error: GraphQLError) -> None:
        self._inner.report_error(
            GraphQLError(
                error.message,
                error.nodes,
                extensions={**(error.extensions or {}), "code": self._code},
            )
        )


def _coded(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    class Coded(rule):  # type: ignore[valid-type,misc]
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(_CodingContext(context, code))

    Coded.__name__ = f"Coded{rule.__name__}"
    return Coded


def _with_code(extension: AddValidationRules, code: str) -> AddValidationRules:
    extension.validation_rules = [_coded(rule, code) for rule in extension.validation_rules]
    return extension


def depth_limiter() -> SchemaExtension:
    return _with_code(QueryDepthLimiter(max_depth=MAX_DEPTH), DEPTH_LIMIT_EXCEEDED)


def alias_limiter() -> SchemaExtension:
    return _with_code(MaxAliasesLimiter(max_alias_count=MAX_ALIASES), ALIAS_LIMIT_EXCEEDED)


def token_limiter() -> SchemaExtension:
    """Parse errors from this limit are coded TOKEN_LIMIT_EXCEEDED by `api.errors`."""
    return MaxTokensLimiter(max_token_count=MAX_TOKENS)


LIMITERS: Final[tuple[Callable[[], SchemaExtension], ...]] = (
    depth_limiter,
    alias_limiter,
    token_limiter,
)
