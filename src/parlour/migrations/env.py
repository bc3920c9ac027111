"""Alembic environment: runs migrations on the async engine Parlour itself uses."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from parlour.config import get_settings
from parlour.db import create_engine
from parlour.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    # The CLI and the tests pass the URL explicitly; otherwise PARLOUR_DATABASE_URL.
    url = config.attributes.get("database_url") or get_settings().database_url
    return str(url)


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # Objects created by hand-written SQL in migrations (the overlap guards) are not in the
    # metadata; keep autogenerate from proposing to drop them.
    return not (reflected and name is not None and "no_overlap" in name)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    asyncio.run(_run_async())


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
