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
    http_access_log: bool = Field(default=False, description="One log line per HTTP request (uvicorn access log); off by default.")

    # Provider secrets. Unset = that channel's route refuses (fail closed).
    twilio_auth_token: SecretStr | None = None
    twilio_account_sid: str | None = None
    meta_app_secret: SecretStr | None = None
    meta_verify_token: SecretStr | None = None
    telegram_secret_token: SecretStr | None = None
    telegram_bot_token: SecretStr | None = None
    voice_token: SecretStr | None = None
    open311_api_key: SecretStr | None = None
    telegram_bot_username: str | None = Field(default=None, description="The bot's @username: group messages must mention it.")
    telegram_base_url: str = Field(default="https://api.telegram.org/bot", description="Bot API base URL (polling mode).")
    telegram_poll_timeout: int = Field(default=30, ge=0, description="getUpdates long-poll timeout, seconds.")
    imap_host: str | None = Field(default=None, description="IMAP server of the citizen mailbox; unset = no email poller.")
    imap_port: int = Field(default=993)
    imap_ssl: bool = Field(default=True, description="IMAP over TLS (port 993); false = plain IMAP (loopback tests).")
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_folder: str = Field(default="INBOX")
    imap_idle_seconds: int = Field(default=300, ge=1, description="Longest IDLE wait before re-checking (RFC 2177: < 29 min).")
    twitter_bearer_token: SecretStr | None = None
    twitter_user_id: str | None = Field(default=None, description="Numeric id of the municipality's X account (mentions).")
    twitter_query: str | None = Field(default=None, description="Recent-search query polled besides mentions.")
    twitter_poll_seconds: float = Field(default=60.0, gt=0, description="Seconds between polls.")
    twitter_api_url: str = Field(default="https://api.twitter.com", description="X API v2 host (tests point it at a local server).")

    taxonomy_profile: str = Field(default="municipal", description="Taxonomy profile: municipal or ministry, or a path to a YAML file.")
    index_alias: str = Field(default="civicdesk-requests", description="Elasticsearch alias requests are written through.")
    api_keys: dict[str, str] = Field(default_factory=dict, description='JSON object key -> role, e.g. {"k1": "supervisor"}.')

    business_calendar: str = Field(default="TR", description="Holiday calendar for business-hour targets: TR or GR.")
    sla_check_seconds: float = Field(default=60.0, gt=0, description="How often workers look for requests past their target.")
    faust_app_id: str = Field(default="civicdesk", description="Faust application id (consumer group of the workers).")
    processing_guarantee: str = Field(default="at_least_once", pattern="^(at_least_once|exactly_once)$",
                                      description="Faust processing guarantee; exactly_once needs broker transactions.")
    faust_store: str = Field(default="memory://", description="Faust table store: memory:// or rocksdb://.")
    kafka_session_timeout: float = Field(default=30.0, gt=0, description="Consumer-group session timeout, seconds: how soon a dead worker's partitions move to another.")
    worker_metrics_port: int = Field(default=9466, description="Prometheus /metrics port of a Faust worker (0 disables).")
    sink_metrics_port: int = Field(default=9465, description="Prometheus /metrics port of the index sink (0 disables).")
    worker_web_port: int = Field(default=6066, description="Faust worker web port (0 disables).")
    log_level: str = Field(default="INFO")

    # Outbound connectors: replies on the citizen's own channel (connectors/outbound). Every
    # provider base URL is a setting so tests point the official SDKs at local fake servers.
    # Telegram reuses telegram_bot_token/telegram_base_url, X reuses twitter_api_url.
    outbound_group_id: str = Field(default="civicdesk-outbound", description="Consumer group of `civicdesk outbound`.")
    outbound_max_attempts: int = Field(default=5, ge=1, description="Sends per message before a transient failure is given up.")
    outbound_backoff_seconds: float = Field(default=1.0, ge=0, description="First retry delay; doubles per attempt.")
    outbound_backoff_max_seconds: float = Field(default=60.0, ge=0, description="Longest retry delay (and Retry-After honoured).")
    twilio_api_base_url: str = Field(default="https://api.twilio.com", description="Twilio REST API host.")
    twilio_sms_from: str | None = Field(default=None, description="Sender number (E.164) for SMS replies.")
    twilio_whatsapp_from: str | None = Field(default=None, description="WhatsApp sender number (E.164) on Twilio.")
    whatsapp_provider: str = Field(default="twilio", pattern="^(twilio|cloud)$",
                                   description="WhatsApp API when a message does not say: twilio or cloud.")
    whatsapp_template_content_sid: str | None = Field(default=None, description="Twilio ContentSid sent outside the 24-hour window.")
    whatsapp_template_name: str | None = Field(default=None, description="Cloud API template sent outside the 24-hour window.")
    whatsapp_template_language: str = Field(default="tr", description="Template language when the message has none.")
    whatsapp_phone_number_id: str | None = Field(default=None, description="Cloud API sender phone number id.")
    whatsapp_access_token: SecretStr | None = None
    meta_page_access_token: SecretStr | None = None
    meta_graph_base_url: str = Field(default="https://graph.facebook.com", description="Graph API host.")
    meta_graph_version: str = Field(default="v21.0", description="Graph API version in send URLs.")
    smtp_host: str | None = Field(default=None, description="SMTP server for email replies; unset = email replies fail.")
    smtp_port: int = Field(default=587)
    smtp_starttls: bool = Field(default=True, description="STARTTLS before login; false only for loopback tests.")
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str | None = Field(default=None, description="From address of email replies.")
    twitter_consumer_key: str | None = None
    twitter_consumer_secret: SecretStr | None = None
    twitter_access_token: str | None = None
    twitter_access_token_secret: SecretStr | None = None

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


def markdown_table() -> str:
    """The README's configuration table, generated from the fields above."""
    rows = []
    for name, f in Settings.model_fields.items():
        default = f.default_factory() if f.default_factory is not None else f.default  # type: ignore[call-arg]
        shown = "(unset)" if default is None else f"`{default}`"
        if name in {"twilio_auth_token", "meta_app_secret", "meta_verify_token", "telegram_secret_token",
                    "telegram_bot_token", "voice_token", "open311_api_key"} or "password" in name or "secret" in name:
            shown = "(unset; secret)"
        rows.append(f"| `{name}` | `CIVICDESK_{name.upper()}` | {shown} | {f.description or ''} |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table())
