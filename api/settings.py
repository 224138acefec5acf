"""The API's own knobs, read from the environment beside the graph settings."""

import os

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    """`CLAIMGRAPH_API_TOKEN` enables mutations; `CLAIMGRAPH_API_DEBUG` adds round-trip counts.

    `CLAIMGRAPH_API_NESTED_READS=false` answers every field through the DataLoaders
    (the path a selection takes when it does not translate into one nested read).
    `CLAIMGRAPH_API_CACHE_MB` bounds the response cache (0 turns it off); debug mode
    turns it off too, since its round-trip counts describe one execution.
    `CLAIMGRAPH_API_REQUEST_SECONDS` bounds a whole query, `CLAIMGRAPH_API_MAX_RESPONSE_MB`
    its answer and `CLAIMGRAPH_API_MAX_BODY_MB` any request body (a paper file of 1 MB
    travels JSON-escaped inside one); `CLAIMGRAPH_API_WORKERS` is how many processes
    `claimgraph serve` starts.
    """

    model_config = SettingsConfigDict(extra="ignore")

    api_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CLAIMGRAPH_API_TOKEN")
    )
    debug: bool = Field(default=False, validation_alias=AliasChoices("CLAIMGRAPH_API_DEBUG"))
    nested_reads: bool = Field(
        default=True, validation_alias=AliasChoices("CLAIMGRAPH_API_NESTED_READS")
    )
    cache_mb: int = Field(
        default=64, ge=0, validation_alias=AliasChoices("CLAIMGRAPH_API_CACHE_MB")
    )

    request_seconds: float = Field(
        default=30.0, gt=0, validation_alias=AliasChoices("CLAIMGRAPH_API_REQUEST_SECONDS")
    )
    max_response_mb: float = Field(
        default=16.0, gt=0, validation_alias=AliasChoices("CLAIMGRAPH_API_MAX_RESPONSE_MB")
    )
    max_body_mb: float = Field(
        default=4.0, gt=0, validation_alias=AliasChoices("CLAIMGRAPH_API_MAX_BODY_MB")
    )
    workers: int | None = Field(
        default=None, ge=1, validation_alias=AliasChoices("CLAIMGRAPH_API_WORKERS")
    )

    @property
    def max_response_bytes(self) -> int:
        return int(self.max_response_mb * 2**20)

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * 2**20)

    def worker_count(self) -> int:
        """CLAIMGRAPH_API_WORKERS, or one process per core up to four (the API is stateless)."""
        return self.workers or max(1, min(4, os.cpu_count() or 1))

    @property
    def caches_responses(self) -> bool:
        return self.cache_mb > 0 and not self.debug
