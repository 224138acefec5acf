"""The API's own knobs, read from the environment beside the graph settings."""

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    """`CLAIMGRAPH_API_TOKEN` enables mutations; `CLAIMGRAPH_API_DEBUG` adds round-trip counts."""

    model_config = SettingsConfigDict(extra="ignore")

    api_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CLAIMGRAPH_API_TOKEN")
    )
    debug: bool = Field(default=False, validation_alias=AliasChoices("CLAIMGRAPH_API_DEBUG"))
