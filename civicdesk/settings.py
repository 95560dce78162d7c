"""One frozen settings object, built once at start and passed down.

Every field can be given as an environment variable `CIVICDESK_<NAME>` (upper case), for
example `CIVICDESK_HTTP_PORT=8080`. Nothing reads the environment anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CIVICDESK_", frozen=True, extra="ignore")

    # Where the embedded stack keeps its data, pid files and generated development secrets.
    data_dir: Path = Field(default=Path(".civicdesk"), description="Data directory of the embedded stack.")
    # External services. Unset: `civicdesk up` starts the embedded noida-db and points these at it.
    kafka_bootstrap_servers: str | None = Field(default=None, description="Kafka bootstrap servers; unset = embedded broker.")
    elasticsearch_url: str | None = Field(default=None, description="Elasticsearch URL; unset = embedded engine.")
    embedded_kafka_port: int = Field(default=19092, description="Port of the embedded Kafka-protocol broker.")
    embedded_elasticsearch_port: int = Field(default=19200, description="Port of the embedded Elasticsearch-API engine.")
    topic_partitions: int = Field(default=6, ge=1, description="Partitions per topic when topics are created.")

    http_host: str = Field(default="127.0.0.1", description="Address the HTTP service listens on.")
    http_port: int = Field(default=8000, description="Port of the HTTP service.")
    public_base_url: str = Field(default="http://127.0.0.1:8000", description="URL providers call; Twilio signs it.")

    # Provider secrets. Unset = that channel's route refuses (fail closed).
    twilio_auth_token: SecretStr | None = None
    twilio_account_sid: str | None = None
    meta_app_secret: SecretStr | None = None
    meta_verify_token: SecretStr | None = None
    telegram_secret_token: SecretStr | None = None
    telegram_bot_token: SecretStr | None = None
    voice_token: SecretStr | None = None
    open311_api_key: SecretStr | None = None

    taxonomy_profile: str = Field(default="municipal", description="Taxonomy profile: municipal or ministry, or a path to a YAML file.")
    index_alias: str = Field(default="civicdesk-requests", description="Elasticsearch alias requests are written through.")
    api_keys: dict[str, str] = Field(default_factory=dict, description='JSON object key -> role, e.g. {"k1": "supervisor"}.')

    faust_app_id: str = Field(default="civicdesk", description="Faust application id (consumer group of the workers).")
    faust_store: str = Field(default="memory://", description="Faust table store: memory:// or rocksdb://.")
    worker_web_port: int = Field(default=6066, description="Faust worker web port (0 disables).")
    log_level: str = Field(default="INFO")

    @property
    def embedded_kafka(self) -> bool:
        return not self.kafka_bootstrap_servers

    @property
    def embedded_elasticsearch(self) -> bool:
        return not self.elasticsearch_url

    @property
    def kafka_servers(self) -> str:
        return self.kafka_bootstrap_servers or f"127.0.0.1:{self.embedded_kafka_port}"

    @property
    def es_url(self) -> str:
        return self.elasticsearch_url or f"http://127.0.0.1:{self.embedded_elasticsearch_port}"


def secret(value: SecretStr | None) -> str | None:
    """The secret's value, or None when unset or blank (blank counts as unset: fail closed)."""
    if value is None:
        return None
    raw = value.get_secret_value()
    return raw or None


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
