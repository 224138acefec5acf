"""Errors a client can act on carry `extensions.code`; anything unexpected is masked.

Resolvers raise `ApiError` (or let a graph or paper-file error through); `ErrorCodes`
gives every error in a response a code, and `MaskUnexpected` replaces errors we did not
anticipate by a generic message so no internals (Cypher, paths, tracebacks) leak.
"""

from collections.abc import Iterator
from typing import Any, Final

from graphql import GraphQLError, GraphQLSyntaxError
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.extensions import MaskErrors, SchemaExtension

from claimgraph.graph.read_runner import DatabaseUnavailable, QueryTimedOut
from claimgraph.graph.search import SearchTooComplex

BAD_USER_INPUT: Final = "BAD_USER_INPUT"
BAD_CURSOR: Final = "BAD_CURSOR"
PAGE_SIZE_EXCEEDED: Final = "PAGE_SIZE_EXCEEDED"
BAD_PAPER_FILE: Final = "BAD_PAPER_FILE"
PAYLOAD_TOO_LARGE: Final = "PAYLOAD_TOO_LARGE"
MUTATIONS_DISABLED: Final = "MUTATIONS_DISABLED"
UNAUTHENTICATED: Final = "UNAUTHENTICATED"
DATABASE_UNAVAILABLE: Final = "DATABASE_UNAVAILABLE"
QUERY_TIMEOUT: Final = "QUERY_TIMEOUT"
DEPTH_LIMIT_EXCEEDED: Final = "DEPTH_LIMIT_EXCEEDED"
ALIAS_LIMIT_EXCEEDED: Final = "ALIAS_LIMIT_EXCEEDED"
TOKEN_LIMIT_EXCEEDED: Final = "TOKEN_LIMIT_EXCEEDED"
GRAPHQL_PARSE_FAILED: Final = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED: Final = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_SERVER_ERROR: Final = "INTERNAL_SERVER_ERROR"
VALUE_OUT_OF_RANGE: Final = "VALUE_OUT_OF_RANGE"
SEARCH_TOO_COMPLEX: Final = "SEARCH_TOO_COMPLEX"
COST_LIMIT_EXCEEDED: Final = "COST_LIMIT_EXCEEDED"
REQUEST_TIMEOUT: Final = "REQUEST_TIMEOUT"
RESPONSE_TOO_LARGE: Final = "RESPONSE_TOO_LARGE"


class ApiError(Exception):
    """An error meant for the client: its message and extensions are shown as they are."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": code, **details}


KNOWN_FAILURES: Final[dict[type[Exception], tuple[str, str]]] = {
    DatabaseUnavailable: (DATABASE_UNAVAILABLE, "The graph database is unavailable; retry later."),
    ServiceUnavailable: (DATABASE_UNAVAILABLE, "The graph database is unavailable; retry later."),
    SessionExpired: (DATABASE_UNAVAILABLE, "The graph database is unavailable; retry later."),
    QueryTimedOut: (QUERY_TIMEOUT, "The query took too long and was stopped."),
    SearchTooComplex: (
        SEARCH_TOO_COMPLEX,
        "The search text has more terms than the full-text index can match at once; "
        "search with fewer words.",
    ),
}
"""Exceptions from below the API that a client should see, with their code and message."""


def _known(error: GraphQLError) -> tuple[str, str] | None:
    original = error.original_error
    if original is None:
        return None
    for kind, coded in KNOWN_FAILURES.items():
        if isinstance(original, kind):
            return coded
    return None


def is_unexpected(error: GraphQLError) -> bool:
    """Mask an error raised by code (not by validation) unless it is ours or known."""
    original = error.original_error
    if original is None or isinstance(original, (ApiError, GraphQLError)):
        return False
    return _known(error) is None


def code_of(error: GraphQLError) -> str | None:
    """The code an error gets when it has none yet; None leaves it to masking."""
    known = _known(error)
    if known is not None:
        return known[0]
    if error.original_error is not None:
        return None
    if isinstance(error, GraphQLSyntaxError):
        return (
            TOKEN_LIMIT_EXCEEDED
            if "contains more than" in error.message
            else (GRAPHQL_PARSE_FAILED)
        )
    return GRAPHQL_VALIDATION_FAILED


class ErrorCodes(SchemaExtension):
    """Give every error of a response an `extensions.code` (and a plain message if known)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None) or []
        for index, error in enumerate(errors):
            if "code" in (error.extensions or {}):
                continue
            known = _known(error)
            if known is not None:
                errors[index] = GraphQLError(
                    known[1], error.nodes, path=error.path, extensions={"code": known[0]}
                )
                continue
            code = code_of(error)
            if code is not None:
                error.extensions = {**(error.extensions or {}), "code": code}


class MaskUnexpected(MaskErrors):
    """strawberry's MaskErrors for unanticipated errors only, with a code on the result."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_SERVER_ERROR}
        return masked
