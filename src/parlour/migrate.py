"""The Alembic history that ships inside the package, and what the database's revision is."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

# Inside the package (not the repository root), so an installed wheel can migrate.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database_url"] = url
    return cfg


def run_migrations(url: str) -> None:
    """Apply pending Alembic migrations (creates the SQLite file if needed)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


@lru_cache
def head_revisions() -> frozenset[str]:
    """The revision(s) this code expects the database to be at."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(script.get_heads())
