"""The ``parlour`` command: serve, migrate, demo, and what an operator needs (locations,
partner tokens, users, backups).

Startup problems (a malformed or unreachable database URL, a data folder that cannot be
written) end with one line on stderr and exit code 2, never a traceback. Passwords are read
from a prompt or from stdin, never from the command line (where other users of the machine
and the shell history would see them).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from parlour.config import Settings, get_settings
from parlour.salary.cli import salary_app

app = typer.Typer(
    help="Parlour: an Altegio-compatible business-management server.", no_args_is_help=True
)
partner_app = typer.Typer(help="Partner (integration) tokens.", no_args_is_help=True)
user_app = typer.Typer(help="Users who log in with POST /auth.", no_args_is_help=True)
location_app = typer.Typer(help="Locations (upstream: companies).", no_args_is_help=True)
app.add_typer(partner_app, name="partner")
app.add_typer(user_app, name="user")
ledger_app = typer.Typer(
    help="What upstream can only read: storages, accounts, units, suppliers, expense items.",
    no_args_is_help=True,
)
app.add_typer(location_app, name="location")
app.add_typer(ledger_app, name="ledger")
loyalty_app = typer.Typer(
    help="Loyalty data upstream can only read: card types.", no_args_is_help=True
)
app.add_typer(loyalty_app, name="loyalty")
app.add_typer(salary_app, name="salary")
memberships_app = typer.Typer(
    help="Memberships (upstream: abonements): types and selling one.", no_args_is_help=True
)
app.add_typer(memberships_app, name="memberships")

T = TypeVar("T")
EXIT_STARTUP = 2


def fail(message: str, code: int = EXIT_STARTUP) -> NoReturn:
    typer.echo(f"parlour: {message}", err=True)
    raise typer.Exit(code)


def _safe_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid URL>"


def _reason(exc: BaseException) -> str:
    """The first line of the underlying driver error, without SQLAlchemy's decorations."""
    inner = getattr(exc, "orig", None) or exc.__cause__ or exc
    text = str(inner).strip().splitlines()
    first = text[0] if text else type(inner).__name__
    return (
        f"{type(inner).__name__}: {first}" if not first.startswith(type(inner).__name__) else first
    )


def check_database_url(url: str) -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        fail(f"PARLOUR_DATABASE_URL {url!r} is not a database URL")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        fail(
            f"PARLOUR_DATABASE_URL {_safe_url(url)}: only sqlite+aiosqlite:// and "
            "postgresql+asyncpg:// are supported"
        )


def check_writable(folder: Path, what: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".parlour-write-check-"):
            pass
    except OSError as exc:
        fail(f"{what} {folder} is not writable: {exc.strerror or exc}")


def preflight(settings: Settings) -> None:
    """Everything that would otherwise fail later, at the first request: checked at start."""
    check_database_url(settings.database_url)
    check_writable(settings.data_dir, "data folder (PARLOUR_DATA_DIR)")
    check_writable(settings.files_dir, "files folder (PARLOUR_FILES_DIR)")


def _alembic_config(url: str) -> Any:
    """The Alembic config for ``url`` (kept here for callers that predate parlour.migrate)."""
    from parlour.migrate import alembic_config

    return alembic_config(url)


def run_migrations(url: str | None = None) -> None:
    """Apply pending Alembic migrations (creates the SQLite file if needed)."""
    from parlour.migrate import run_migrations as upgrade

    upgrade(url or get_settings().database_url)


def migrate_or_fail(settings: Settings) -> None:
    preflight(settings)
    try:
        run_migrations(settings.database_url)
    except Exception as exc:
        fail(f"cannot use the database {_safe_url(settings.database_url)}: {_reason(exc)}")


def _with_db(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``work(session)`` in one write transaction; ParlourErrors become one-line errors."""
    from parlour.db import Database
    from parlour.errors import ParlourError

    async def go() -> T:
        db = Database(settings.database_url)
        try:
            async with db.session(write=True) as session:
                return await work(session)
        finally:
            await db.dispose()

    try:
        return asyncio.run(go())
    except ParlourError as exc:
        fail(exc.message, code=1)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        fail("the password is empty", code=1)
    return password


PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin (no prompt)."
    ),
]


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    migrate_or_fail(get_settings())
    typer.echo("database is up to date")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Apply pending migrations, then start the HTTP server."""
    import uvicorn

    from parlour.observability import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    migrate_or_fail(settings)
    if settings.metrics and workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Workers add their counts up in files here, so /metrics is whole whichever one answers.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="parlour-metrics-")
    uvicorn.run(
        "parlour.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,  # keep the JSON logging configured above
        log_level=settings.log_level,
        access_log=False,  # the app writes one richer line per request
    )


@app.command()
def demo(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    url: Annotated[
        str | None,
        typer.Option(help="The server's address for the hint (default: PARLOUR_PUBLIC_URL)."),
    ] = None,
) -> None:
    """Create (once) the demo business and print its partner token, user and location.

    Running it again finds the same demo (by its owner, even after a rename) and prints a new
    partner token for it; nothing else is created twice."""
    from parlour.demo import create_demo
    from parlour.kit.request_context import public_base_url

    settings = get_settings()
    migrate_or_fail(settings)
    info = asyncio.run(create_demo(settings.database_url))
    if as_json:
        typer.echo(json.dumps(info))
        return
    for key, value in info.items():
        typer.echo(f"{key}: {value}")
    base = public_base_url(url or settings.public_url)
    typer.echo(
        "\nTry: curl -H 'Authorization: Bearer {p}, User {u}' {base}/api/v1/company/{loc}".format(
            p=info["partner_token"], u=info["user_token"], loc=info["location_id"], base=base
        )
    )
    typer.echo(f"Staff calendar (sign in as {info['user_login']}): {base}/app/")
    if info.get("bookform_id"):
        typer.echo(f"Booking widget: {base}/bookform/{info['bookform_id']}")


@partner_app.command("create")
def partner_create(name: Annotated[str, typer.Option(help="The integration's name.")]) -> None:
    """Create a partner and print its token (shown once)."""
    from parlour.auth import service

    async def work(session: Any) -> str:
        _, token = await service.create_partner(session, name)
        return token

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@partner_app.command("list")
def partner_list() -> None:
    """List partners: id, state, creation time and name (tokens are kept hashed only)."""
    from sqlalchemy import select

    from parlour.models import Partner

    async def work(session: Any) -> list[Partner]:
        return list((await session.execute(select(Partner).order_by(Partner.id))).scalars())

    settings = get_settings()
    migrate_or_fail(settings)
    for p in _with_db(settings, work):
        state = "active" if p.active else "revoked"
        typer.echo(f"{p.id}\t{state}\t{p.created_at.isoformat(timespec='seconds')}\t{p.name}")


@partner_app.command("revoke")
def partner_revoke(partner_id: Annotated[int, typer.Argument(help="The partner's id.")]) -> None:
    """Revoke a partner token: every request with it is refused (running servers notice within
    30 seconds, the length of their token cache)."""
    from parlour.models import Partner

    async def work(session: Any) -> bool:
        partner = await session.get(Partner, partner_id)
        if partner is None:
            return False
        partner.active = False
        return True

    settings = get_settings()
    migrate_or_fail(settings)
    if not _with_db(settings, work):
        fail(f"no partner {partner_id}", code=1)
    typer.echo(f"partner {partner_id} revoked")


@user_app.command("create")
def user_create(
    login: Annotated[str, typer.Option(help="Email or phone number.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    location: Annotated[int | None, typer.Option(help="Make the user a member.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user, optionally a member of a location; prints the user token. The password
    is asked for (or read from stdin with --password-stdin)."""
    from parlour.auth import service
    from parlour.errors import NotFound
    from parlour.models import Location

    password = read_password(password_stdin)

    async def work(session: Any) -> str:
        user = await service.create_user(session, login=login, password=password, name=name)
        if location is not None:
            loc = await session.get(Location, location)
            if loc is None:
                raise NotFound(f"no location {location}")
            await service.grant(session, user, loc)
        return service.token_of(user)

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@user_app.command("list")
def user_list() -> None:
    """List users: id, state, login, name and the locations they are a member of."""
    from sqlalchemy import select

    from parlour.models import Membership, User

    async def work(session: Any) -> list[tuple[User, list[int]]]:
        users = list((await session.execute(select(User).order_by(User.id))).scalars())
        rows = (await session.execute(select(Membership.user_id, Membership.location_id))).all()
        places: dict[int, list[int]] = {}
        for user_id, location_id in rows:
            places.setdefault(user_id, []).append(location_id)
        return [(u, sorted(places.get(u.id, []))) for u in users]

    settings = get_settings()
    migrate_or_fail(settings)
    for user, locations in _with_db(settings, work):
        state = "active" if user.is_approved else "revoked"
        where = ",".join(str(i) for i in locations) or "-"
        typer.echo(f"{user.id}\t{state}\t{user.login}\t{user.name}\tlocations:{where}")


@user_app.command("revoke")
def user_revoke(login: Annotated[str, typer.Option(help="Email or phone number.")]) -> None:
    """Revoke a user: their token stops working and login is refused until `user password`
    sets a new password."""
    from parlour.auth import service

    async def work(session: Any) -> bool:
        user = await service.find_user_by_login(session, login)
        if user is None:
            return False
        await service.revoke_user(session, user)
        return True

    settings = get_settings()
    migrate_or_fail(settings)
    if not _with_db(settings, work):
        fail(f"no user {login!r}", code=1)
    typer.echo(f"user {login} revoked")


@user_app.command("password")
def user_password(
    login: Annotated[str, typer.Option(help="Email or phone number.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password (asked for, or read from stdin); prints the new user token (the
    old one stops working)."""
    from parlour.auth import service

    password = read_password(password_stdin)

    async def work(session: Any) -> str | None:
        user = await service.find_user_by_login(session, login)
        if user is None:
            return None
        return await service.set_password(session, user, password)

    settings = get_settings()
    migrate_or_fail(settings)
    token = _with_db(settings, work)
    if token is None:
        fail(f"no user {login!r}", code=1)
    typer.echo(token)


@location_app.command("create")
def location_create(
    title: Annotated[str, typer.Option(help="The location's name.")],
    timezone: Annotated[
        str | None, typer.Option(help="IANA zone (default: PARLOUR_DEFAULT_TIMEZONE).")
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="Login of a user who becomes its owner.")
    ] = None,
    chain: Annotated[int | None, typer.Option(help="Chain (group) id to add it to.")] = None,
) -> None:
    """Create a location (upstream: company) and print its id."""
    from parlour.auth import service
    from parlour.errors import NotFound, ValidationFailed
    from parlour.kit.timeutil import zone
    from parlour.ledger_defaults import seed_location
    from parlour.models import Chain, Location, LocationChain

    settings = get_settings()
    zone_name = timezone or settings.default_timezone
    if not title.strip():
        fail("the title is empty", code=1)

    async def work(session: Any) -> int:
        try:
            zone(zone_name)
        except Exception:
            raise ValidationFailed.field("timezone", f"unknown time zone {zone_name!r}") from None
        user = None
        if owner is not None:
            user = await service.find_user_by_login(session, owner)
            if user is None:
                raise NotFound(f"no user {owner!r}")
        group = None
        if chain is not None:
            group = await session.get(Chain, chain)
            if group is None:
                raise NotFound(f"no chain {chain}")
        location = Location(
            title=title.strip(),
            public_title=title.strip(),
            timezone_name=zone_name,
            main_group_id=group.id if group else None,
        )
        session.add(location)
        await session.flush()
        if group is not None:
            session.add(LocationChain(location_id=location.id, chain_id=group.id))
        if user is not None:
            await service.grant(session, user, location)
        await seed_location(session, location.id)
        return int(location.id)

    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="File to write the backup to.")],
) -> None:
    """Back up the database while the server runs: SQLite's online backup, or pg_dump's custom
    format on PostgreSQL."""
    from parlour import backup as backups

    settings = get_settings()
    check_database_url(settings.database_url)
    try:
        backups.backup(settings.database_url, target)
    except backups.BackupError as exc:
        fail(str(exc), code=1)
    typer.echo(f"backup written to {target}")


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="A file written by `parlour backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the current data without asking.")
    ] = False,
) -> None:
    """Replace the database's contents with a backup (stop the server first)."""
    from parlour import backup as backups

    settings = get_settings()
    check_database_url(settings.database_url)
    if not yes:
        typer.confirm(
            f"Replace everything in {_safe_url(settings.database_url)} with {source}?", abort=True
        )
    try:
        backups.restore(settings.database_url, source)
    except backups.BackupError as exc:
        fail(str(exc), code=1)
    typer.echo(f"restored from {source}")


LocationOption = Annotated[int, typer.Option("--location", help="The location's id.")]
TitleOption = Annotated[str, typer.Option(help="The name shown in lists.")]


def _add_ledger_row(location_id: int, title: str, make: Callable[[str], Any]) -> None:
    """Create one row of a location's ledger reference data and print its id."""
    from parlour.errors import LocationNotFound
    from parlour.models import Location

    if not title.strip():
        fail("the title is empty", code=1)

    async def work(session: Any) -> int:
        if await session.get(Location, location_id) is None:
            raise LocationNotFound(f"no location {location_id}")
        row = make(title.strip())
        session.add(row)
        await session.flush()
        return int(row.id)

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@loyalty_app.command("card-type")
def loyalty_card_type(
    chain: Annotated[int, typer.Option("--chain", help="The chain's id.")],
    title: TitleOption,
) -> None:
    """Create a loyalty card type in a chain and print its id."""
    from parlour.errors import ChainNotFound
    from parlour.models import Chain, LoyaltyCardType

    if not title.strip():
        fail("the title is empty", code=1)

    async def work(session: Any) -> int:
        if await session.get(Chain, chain) is None:
            raise ChainNotFound(f"no chain {chain}")
        row = LoyaltyCardType(chain_id=chain, title=title.strip())
        session.add(row)
        await session.flush()
        return int(row.id)

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@loyalty_app.command("referral-program")
def loyalty_referral_program(
    chain: Annotated[int, typer.Option("--chain", help="The chain's id.")],
    location: Annotated[
        list[int], typer.Option("--location", help="A location it runs in (repeatable).")
    ],
    reward: Annotated[float, typer.Option("--reward", help="The inviter's reward.")],
    title: Annotated[str, typer.Option("--title", help="The program's title.")] = "Referral",
    percent: Annotated[
        bool, typer.Option("--percent", help="The reward is a percent of the paid visit.")
    ] = False,
    discount: Annotated[
        float, typer.Option("--discount", help="The invited client's discount, percent.")
    ] = 0,
    card_type: Annotated[
        list[int] | None, typer.Option("--card-type", help="A card type it serves (repeatable).")
    ] = None,
) -> None:
    """Create a chain's referral program and print its id."""
    from parlour.loyalty import visits
    from parlour.loyalty.schemas import ReferralProgramWrite
    from parlour.models import Chain

    try:
        body = ReferralProgramWrite(
            title=title,
            value_unit="percent" if percent else "amount",
            inviter_value=str(reward),
            invited_discount_percent=str(discount),
            loyalty_card_type_ids=card_type or [],
            company_ids=location,
        )
    except ValueError as exc:
        fail(str(exc).splitlines()[0], code=1)

    async def work(session: Any) -> int:
        from parlour.errors import ChainNotFound

        found = await session.get(Chain, chain)
        if found is None:
            raise ChainNotFound(f"no chain {chain}")
        program = await visits.create_referral_program(session, found, body)
        return int(program["id"])

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@loyalty_app.command("certificate")
def loyalty_certificate(
    location: LocationOption,
    certificate_type: Annotated[
        int, typer.Option("--type", help="The certificate type's id (chain operations).")
    ],
    phone: Annotated[str, typer.Option("--phone", help="The buyer's phone.")] = "",
    client: Annotated[int, typer.Option("--client", help="The buyer's client id.")] = 0,
    number: Annotated[
        str, typer.Option("--number", help="The code (generated when not given).")
    ] = "",
) -> None:
    """Sell a gift certificate to a client (as POST /company/{location_id}/loyalty/certificates
    does) and print its id and code."""
    from pydantic import ValidationError

    from parlour.certificates import service
    from parlour.certificates.schemas import CertificateSale
    from parlour.errors import LocationNotFound
    from parlour.models import Location

    try:
        body = CertificateSale(
            certificate_type_id=certificate_type,
            client_id=client,
            phone=phone or None,
            number=number or None,
        )
    except ValidationError as exc:
        fail(str(exc.errors()[0]["msg"]), code=1)

    async def work(session: Any) -> str:
        row = await session.get(Location, location)
        if row is None:
            raise LocationNotFound(f"no location {location}")
        sold = await service.sell(session, row, None, body)
        return f"{sold['id']} {sold['number']}".strip()

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@memberships_app.command("type")
def memberships_type(
    chain: Annotated[int, typer.Option("--chain", help="The chain's id.")],
    title: TitleOption,
    service: Annotated[list[str], typer.Option("--service", help="SERVICE_ID:VISITS, repeatable.")],
    cost: Annotated[float, typer.Option(help="The price it sells at.")] = 0,
    period: Annotated[int, typer.Option(help="How long it is valid (0: no limit).")] = 0,
    unit: Annotated[int, typer.Option(help="Period unit: 1 day, 2 week, 3 month, 4 year.")] = 3,
    freeze_limit: Annotated[
        int, typer.Option(help="Days it may be frozen in all (0: it does not freeze).")
    ] = 0,
    united: Annotated[
        int, typer.Option(help="Visits shared by the services (0: each its own count).")
    ] = 0,
) -> None:
    """Create a membership type in a chain (and its goods item in each location); print its
    id."""
    from decimal import Decimal

    from pydantic import ValidationError as PydanticError

    from parlour.errors import ChainNotFound
    from parlour.memberships import service as memberships
    from parlour.memberships.schemas import TypeWrite
    from parlour.models import Chain

    links: dict[str, int] = {}
    for item in service:
        sid, _, visits = item.partition(":")
        if not sid.isdigit() or not visits.isdigit():
            fail(f"--service {item!r}: expected SERVICE_ID:VISITS", code=1)
        links[sid] = int(visits)
    try:
        body = TypeWrite(
            title=title,
            cost=Decimal(str(cost)),
            period=period,
            period_unit_id=unit if period else 0,
            allow_freeze=freeze_limit > 0,
            freeze_limit=freeze_limit,
            is_united_balance=united > 0,
            united_balance_services_count=united,
            services=links,
        )
    except PydanticError as exc:
        fail(f"invalid membership type: {exc.errors()[0]['msg']}", code=1)

    async def work(session: Any) -> int:
        row = await session.get(Chain, chain)
        if row is None:
            raise ChainNotFound(f"no chain {chain}")
        kind = await memberships.create_type(session, row, body)
        return int(kind.id)

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@memberships_app.command("sell")
def memberships_sell(
    location: LocationOption,
    type_id: Annotated[int, typer.Option("--type", help="The membership type's id.")],
    client: Annotated[int, typer.Option("--client", help="The client's id at the location.")],
    number: Annotated[str, typer.Option(help="Its code (default: generated).")] = "",
) -> None:
    """Sell a membership to a client: a goods sale document (paid at its checkout) and the
    membership. Prints the membership's id, code and the document's id."""
    from parlour.errors import LocationNotFound
    from parlour.memberships import service as memberships
    from parlour.memberships.schemas import MembershipSell
    from parlour.models import Location

    body = MembershipSell(abonement_type_id=type_id, client_id=client, number=number or None)

    async def work(session: Any) -> str:
        where = await session.get(Location, location)
        if where is None:
            raise LocationNotFound(f"no location {location}")
        row = await memberships.sell(session, where, None, body)
        return f"{row.id} {row.number or '-'} {row.document_id}"

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


@ledger_app.command("storage")
def ledger_storage(
    location: LocationOption,
    title: TitleOption,
    for_sale: Annotated[bool, typer.Option(help="The default storage for sales.")] = False,
    for_service: Annotated[
        bool, typer.Option(help="Consumables of services are written off from it.")
    ] = False,
) -> None:
    """Create a storage and print its id."""
    from parlour.models import Storage

    _add_ledger_row(
        location,
        title,
        lambda t: Storage(
            location_id=location, title=t, for_sale=for_sale, for_service=for_service
        ),
    )


@ledger_app.command("account")
def ledger_account(
    location: LocationOption,
    title: TitleOption,
    non_cash: Annotated[bool, typer.Option(help="A card or bank account (else cash).")] = False,
) -> None:
    """Create an account (cash desk) and print its id."""
    from parlour.models import Account

    _add_ledger_row(
        location, title, lambda t: Account(location_id=location, title=t, type=int(non_cash))
    )


@ledger_app.command("unit")
def ledger_unit(
    location: LocationOption,
    title: TitleOption,
    short: Annotated[str, typer.Option(help="The short form (ml, pcs).")] = "",
) -> None:
    """Create a unit of measure and print its id."""
    from parlour.models import Unit

    _add_ledger_row(
        location, title, lambda t: Unit(location_id=location, title=t, short_title=short)
    )


@ledger_app.command("supplier")
def ledger_supplier(location: LocationOption, title: TitleOption) -> None:
    """Create a supplier and print its id."""
    from parlour.models import Supplier

    _add_ledger_row(location, title, lambda t: Supplier(location_id=location, title=t))


@ledger_app.command("expense")
def ledger_expense(location: LocationOption, title: TitleOption) -> None:
    """Create an expense item of the location and print its id."""
    from parlour.models import Expense

    _add_ledger_row(location, title, lambda t: Expense(location_id=location, title=t))


@ledger_app.command("defaults")
def ledger_defaults(location: LocationOption) -> None:
    """Give a location the default units, storages and accounts a new location gets."""
    from parlour.errors import LocationNotFound
    from parlour.ledger_defaults import seed_location
    from parlour.models import Location

    async def work(session: Any) -> None:
        if await session.get(Location, location) is None:
            raise LocationNotFound(f"no location {location}")
        await seed_location(session, location)

    settings = get_settings()
    migrate_or_fail(settings)
    _with_db(settings, work)
    typer.echo(f"defaults added to location {location}")


def main() -> None:  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()


@app.command("outbox")
def outbox_list(
    location: Annotated[int | None, typer.Option(help="Only this location's messages.")] = None,
    after: Annotated[int, typer.Option(help="Only messages after this id.")] = 0,
    count: Annotated[int, typer.Option(help="At most this many.")] = 100,
    unsent: Annotated[bool, typer.Option(help="Only messages not sent yet.")] = False,
) -> None:
    """Print the messages waiting in the outbox (invitation links, verification codes,
    notifications), one JSON object a line, oldest first."""
    from parlour.outbox import repository, service

    async def work(session: Any) -> list[dict[str, Any]]:
        if location is not None:
            rows = await repository.of_location(session, location, after_id=after, limit=count)
            rows = [r for r in rows if not unsent or r.sent_at is None]
        else:
            rows = list(await repository.every(session, after_id=after, limit=count, unsent=unsent))
        return [service.render(r) for r in rows]

    settings = get_settings()
    migrate_or_fail(settings)
    for item in _with_db(settings, work):
        typer.echo(json.dumps(item, ensure_ascii=False))


@app.command("worker")
def delivery_worker(
    once: Annotated[
        bool, typer.Option("--once", help="One round of deliveries, then exit.")
    ] = False,
) -> None:
    """Deliver webhooks, e-mails, SMS and reminders until stopped (SIGTERM/SIGINT finish
    the attempts in flight). Run as many as wanted, on as many machines, against PostgreSQL;
    on SQLite `parlour serve` already runs one."""
    import asyncio
    import signal

    from parlour.db import Database
    from parlour.observability import configure_logging
    from parlour.webhooks import capture
    from parlour.webhooks.worker import Worker

    settings = get_settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    check_database_url(settings.database_url)

    async def run() -> None:
        database = Database(settings.database_url)
        capture.install(database)
        worker = Worker(database, settings)
        try:
            if once:
                await worker.tick()
                return
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            await worker.run(stop)
        finally:
            await database.dispose()

    asyncio.run(run())
