"""Settings, read once from the environment (prefix PARLOUR_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLOUR_", extra="ignore")

    # SQLite is the embedded default: a file next to where the server starts.
    database_url: str = "sqlite+aiosqlite:///./parlour.db"
    # Zone given to a location created without one.
    default_timezone: str = "UTC"
    # Largest request body we read, in bytes (file uploads have their own limit).
    max_body_bytes: int = 1_048_576
    # Server state kept outside the database (the token secret).
    data_dir: Path = Path("./parlour-data")
    # Client files live on disk under this folder.
    files_dir: Path = Path("./parlour-data/files")
    max_file_bytes: int = 10 * 1_048_576
    # The page where a client tips a team member (a payment provider's tip page), with
    # {location_id} and {hash} filled in: the tip settings' landing_external. Empty: none.
    tips_landing_url: str = ""
    # Base for URLs we hand out (booking forms, files). Unset: the address each request
    # reached (scheme, host and port as the client used them).
    public_url: str | None = None
    # SQL echo, for debugging only.
    echo_sql: bool = False
    # Log level of the JSON log on stdout; PARLOUR_LOG_JSON=0 prints readable lines instead.
    log_level: str = "info"
    log_json: bool = True
    # Prometheus metrics at /metrics (off unless asked for).
    metrics: bool = False
    # Origins whose pages may call the public online-booking operations from a browser (CORS),
    # e.g. the salon's own site (B2B operations stay same-origin):
    # "https://salon.example,https://www.salon.example" or a JSON list. Empty: none.
    cors_origins: Annotated[list[str], NoDecode] = []
    # Delivery of webhooks and outbox messages (webhooks/worker.py). "auto": `parlour serve`
    # runs a worker in-process on SQLite only (PostgreSQL runs `parlour worker` processes);
    # "on" / "off" force it either way.
    delivery: str = "auto"
    # Seconds to wait between a failed attempt and the next one; after the last, the
    # delivery fails for good. JSON list in the environment: PARLOUR_WEBHOOK_BACKOFF=[5,300].
    webhook_backoff: list[float] = [5, 300, 1800, 7200, 18000, 36000]
    # Time one HTTP attempt (or SMTP/SMS hand-over) may take.
    webhook_timeout: float = 15.0
    # How long a worker holds what it claimed; a worker that dies frees it after this.
    delivery_lease: float = 60.0
    # How often an idle worker looks for due work, in seconds.
    delivery_poll: float = 1.0
    # An endpoint failing without a success for this long is disabled (its owner is told).
    webhook_disable_after: float = 3 * 86400.0
    # Outgoing e-mail (SMTP). No host: e-mails stay in the outbox unsent.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_tls: str = "none"  # none | starttls | tls
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "parlour@localhost"
    # The SMS operator's URL (upstream's operator protocol). Unset: SMS stay in the outbox.
    sms_operator_url: str | None = None
    sms_operator_key: str | None = None
    # How often a worker looks for appointment reminders that are due, in seconds.
    reminder_interval: float = 30.0

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()


def secret_key(settings: Settings | None = None) -> bytes:
    """The server secret that user tokens derive from.

    PARLOUR_SECRET_KEY wins; otherwise a random key is created once in ``secret.key`` under the
    data folder, so tokens survive restarts without the key living in the database.
    """
    import os
    import secrets

    env = os.environ.get("PARLOUR_SECRET_KEY")
    if env:
        return env.encode()
    settings = settings or get_settings()
    path = settings.data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()
