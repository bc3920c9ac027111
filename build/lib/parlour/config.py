"""Settings, read once from the environment (prefix PARLOUR_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


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
    # Base for URLs we hand out (booking forms, files).
    public_url: str = "http://127.0.0.1:8000"
    # SQL echo, for debugging only.
    echo_sql: bool = False


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
