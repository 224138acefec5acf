"""The API's own knobs, read from the environment beside the graph settings."""

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    """`CLAIMGRAPH_API_TOKEN` enables mutations; `CLAIMGRAPH_API_DEBUG` adds round-trip counts.

    `CLAIMGRAPH_API_NESTED_READS=false` answers every field through the DataLoaders
    (the path a selection takes when it does not translate into one nested read).
    `CLAIMGRAPH_API_CACHE_MB` bounds the response cache (0 turns it off); debug mode
    turns it off too, since its round-trip counts describe one execution.
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

    @property
    def caches_responses(self) -> bool:
        return self.cache_mb > 0 and not self.debug
