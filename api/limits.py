"""The limits every request is checked against, and the checks that run once per document.

Depth, alias and token limits depend on the document alone, so they run when a document
is first seen: `DocumentLimits` parses (with the token limit) and validates (with the
depth and alias rules) each distinct query text once, keeps the outcome in a bounded
LRU map, and answers a repeat from it; no check runs per field. The cost limit
(`api.cost`) depends on variables and runs per request, over the selection only.
"""

from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import lru_cache
from typing import Any, Final

from graphql import ASTValidationRule, DocumentNode, GraphQLError, ValidationContext, parse
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

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
DOCUMENT_CACHE_SIZE: Final = 512
"""Distinct query texts whose parse and validation are kept (per process)."""


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


LIMIT_RULES: Final[tuple[type[ASTValidationRule], ...]] = (
    *(_coded(r, DEPTH_LIMIT_EXCEEDED) for r in QueryDepthLimiter(MAX_DEPTH).validation_rules),
    *(
        _coded(r, ALIAS_LIMIT_EXCEEDED)
        for r in MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules
    ),
)
"""The depth and alias rules, built once (so a validation can be cached by document)."""


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def parse_limited(query: str) -> DocumentNode:
    """Parse under the token limit; a syntax error is raised and not kept."""
    return parse(query, max_tokens=MAX_TOKENS)


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def _validation(
    schema: Any, query: str, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> tuple[GraphQLError, ...]:
    return tuple(validate_document(schema, document, (*rules, *LIMIT_RULES)))


class DocumentLimits(SchemaExtension):
    """Parse and validate (token, depth, alias limits included) once per distinct document."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS
        if context.query is not None and context.graphql_document is None:
            # on a syntax error strawberry parses it again and reports it its usual way
            with suppress(GraphQLError):
                context.graphql_document = parse_limited(context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is not None:
            errors = _validation(
                context.schema._schema,
                context.query,
                context.graphql_document,
                context.validation_rules,
            )
            context.pre_execution_errors = list(errors)
        yield


LIMITERS: Final[tuple[Callable[[], SchemaExtension], ...]] = (DocumentLimits,)
