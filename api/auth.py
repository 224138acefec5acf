"""Bearer-token check for mutations: reads are public, writes need CLAIMGRAPH_API_TOKEN."""

import secrets

from pydantic import SecretStr

from claimgraph.api.errors import MUTATIONS_DISABLED, UNAUTHENTICATED, ApiError


def require_token(configured: SecretStr | None, authorization: str | None) -> None:
    """Raise a coded error unless `Authorization: Bearer <token>` matches the configured one."""
    if configured is None or not configured.get_secret_value():
        raise ApiError(
            MUTATIONS_DISABLED,
            "Mutations are disabled: the server has no CLAIMGRAPH_API_TOKEN configured.",
        )
    scheme, _, given = (authorization or "").partition(" ")
    expected = configured.get_secret_value()
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise ApiError(UNAUTHENTICATED, "A valid `Authorization: Bearer <token>` is required.")
