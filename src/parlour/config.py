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
