"""The ``parlour`` command: serve, migrate, demo, partner and user management."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from parlour.config import get_settings

app = typer.Typer(
    help="Parlour: an Altegio-compatible business-management server.", no_args_is_help=True
)
partner_app = typer.Typer(help="Partner (integration) tokens.", no_args_is_help=True)
user_app = typer.Typer(help="Users who log in with POST /auth.", no_args_is_help=True)
app.add_typer(partner_app, name="partner")
app.add_typer(user_app, name="user")

# The Alembic history ships inside the package, so an installed wheel can migrate.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["database_url"] = url
    return cfg


def run_migrations(url: str | None = None) -> None:
    """Apply pending Alembic migrations (creates the SQLite file if needed)."""
    from alembic import command

    command.upgrade(_alembic_config(url or get_settings().database_url), "head")


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    run_migrations()
    typer.echo("database is up to date")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Apply pending migrations, then start the HTTP server."""
    import uvicorn

    run_migrations()
    uvicorn.run(
        "parlour.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@app.command()
def demo(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Create a demo chain, location, partner token and user, and print them."""
    from parlour.demo import create_demo

    run_migrations()
    info = asyncio.run(create_demo(get_settings().database_url))
    if as_json:
        typer.echo(json.dumps(info))
        return
    for key, value in info.items():
        typer.echo(f"{key}: {value}")
    typer.echo(
        "\nTry: curl -H 'Authorization: Bearer {p}, User {u}' "
        "http://127.0.0.1:8000/api/v1/company/{loc}".format(
            p=info["partner_token"], u=info["user_token"], loc=info["location_id"]
        )
    )


@partner_app.command("create")
def partner_create(name: Annotated[str, typer.Option(help="The integration's name.")]) -> None:
    """Create a partner and print its token (shown once)."""
    from parlour.auth import service

    async def go() -> str:
        from parlour.db import Database

        db = Database(get_settings().database_url)
        try:
            async with db.session(write=True) as session:
                _, token = await service.create_partner(session, name)
                return token
        finally:
            await db.dispose()

    run_migrations()
    typer.echo(asyncio.run(go()))


@user_app.command("create")
def user_create(
    login: Annotated[str, typer.Option(help="Email or phone number.")],
    password: Annotated[str, typer.Option(help="Password.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    location: Annotated[int | None, typer.Option(help="Make the user a member.")] = None,
) -> None:
    """Create a user, optionally a member of a location; prints the user token."""
    from parlour.auth import service
    from parlour.db import Database
    from parlour.errors import ParlourError
    from parlour.models import Location

    async def go() -> str:
        db = Database(get_settings().database_url)
        try:
            async with db.session(write=True) as session:
                user = await service.create_user(session, login=login, password=password, name=name)
                if location is not None:
                    loc = await session.get(Location, location)
                    if loc is None:
                        raise typer.BadParameter(f"no location {location}")
                    await service.grant(session, user, loc)
                return service.token_of(user)
        finally:
            await db.dispose()

    run_migrations()
    try:
        typer.echo(asyncio.run(go()))
    except ParlourError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None


@user_app.command("password")
def user_password(
    login: Annotated[str, typer.Option(help="Email or phone number.")],
    password: Annotated[str, typer.Option(help="The new password.")],
) -> None:
    """Change a user's password; prints the new user token (the old one stops working)."""
    from parlour.auth import service
    from parlour.db import Database

    async def go() -> str | None:
        db = Database(get_settings().database_url)
        try:
            async with db.session(write=True) as session:
                user = await service.find_user_by_login(session, login)
                if user is None:
                    return None
                return await service.set_password(session, user, password)
        finally:
            await db.dispose()

    run_migrations()
    token = asyncio.run(go())
    if token is None:
        typer.echo(f"error: no user {login!r}", err=True)
        raise typer.Exit(1)
    typer.echo(token)


def main() -> None:  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()
