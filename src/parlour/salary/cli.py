"""``parlour salary ...``: what upstream's API cannot do for salary — create a scheme, assign it
to a team member, make or delete a payroll calculation, record a payout. Each command runs one
transaction through the salary service (the same rules as the extension routes) and prints
the new row's id."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import typer

salary_app = typer.Typer(
    help="Salary data upstream can only read: schemes, assignments, calculations, payouts.",
    no_args_is_help=True,
)

LocationOpt = Annotated[int, typer.Option("--location", help="The location's id.")]
MemberOpt = Annotated[int, typer.Option("--team-member", help="The team member's id.")]


def _run(work: Any) -> None:
    from parlour.cli import _with_db, migrate_or_fail
    from parlour.config import get_settings

    settings = get_settings()
    migrate_or_fail(settings)
    typer.echo(_with_db(settings, work))


async def _location(session: Any, location_id: int) -> Any:
    from parlour.errors import LocationNotFound
    from parlour.locations import repository as locations

    location = await locations.get_location(session, location_id)
    if location is None:
        raise LocationNotFound(f"no location {location_id}")
    return location


async def _member(session: Any, location_id: int, member_id: int) -> Any:
    from parlour.team_members import repository as members

    return await members.MEMBERS.load(session, location_id, member_id, with_deleted=True)


@salary_app.command("scheme")
def salary_scheme(
    location: LocationOpt,
    title: Annotated[str, typer.Option(help="The scheme's name.")],
    services_percent: Annotated[
        Decimal, typer.Option(help="Percent of every service (0: no rule).")
    ] = Decimal(0),
    goods_percent: Annotated[
        Decimal, typer.Option(help="Percent of every product sold (0: no rule).")
    ] = Decimal(0),
    base: Annotated[str, typer.Option(help="cost or net_cost (after discounts).")] = "net_cost",
) -> None:
    """Create a scheme of percents for every service and every product; print its id."""
    from pydantic import ValidationError

    from parlour.salary import service
    from parlour.salary.schemas import SchemeWrite

    rules = [
        {"target_type": kind, "target_id": 0, "value": value, "base": base}
        for kind, value in (("service", services_percent), ("good", goods_percent))
        if value
    ]
    try:
        body = SchemeWrite(title=title, rules=rules)
    except ValidationError as exc:
        raise typer.BadParameter(str(exc.errors()[0]["msg"])) from None

    async def work(session: Any) -> int:
        row = await service.create_scheme(session, await _location(session, location), body)
        return int(row.id)

    _run(work)


@salary_app.command("assign")
def salary_assign(
    location: LocationOpt,
    team_member: MemberOpt,
    scheme: Annotated[int, typer.Option("--scheme", help="The scheme's id.")],
    date_start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_end: Annotated[str | None, typer.Option("--to", help="Last day (none: open).")] = None,
) -> None:
    """Apply a scheme to a team member from a day on; print the assignment's id."""
    from parlour.salary import service
    from parlour.salary.schemas import AssignmentIn

    body = AssignmentIn(salary_scheme_id=scheme, date_start=date_start, date_end=date_end)

    async def work(session: Any) -> int:
        where = await _location(session, location)
        member = await _member(session, location, team_member)
        return int((await service.assign(session, where, member, body)).id)

    _run(work)


@salary_app.command("calculate")
def salary_calculate(
    location: LocationOpt,
    team_member: MemberOpt,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    comment: Annotated[str, typer.Option(help="A note on the calculation.")] = "",
) -> None:
    """Make a payroll calculation of what the team member earned in the period and was not
    calculated before; print its id."""
    from parlour.auth.access import Access
    from parlour.auth.permissions import complete
    from parlour.salary import service
    from parlour.salary.schemas import CalculationIn

    body = CalculationIn(date_from=date_from, date_to=date_to, comment=comment)

    async def work(session: Any) -> int:
        where = await _location(session, location)
        member = await _member(session, location, team_member)
        operator = Access(0, location, complete({}, "owner"), "owner")
        row = await service.create_calculation(session, where, operator, member, body)
        return int(row.id)

    _run(work)


@salary_app.command("delete-calculation")
def salary_delete_calculation(
    location: LocationOpt,
    team_member: MemberOpt,
    calculation: Annotated[int, typer.Option("--calculation", help="The calculation's id.")],
) -> None:
    """Delete a payroll calculation no payout has reached (its items can be calculated again);
    print its id."""
    from parlour.auth.access import Access
    from parlour.auth.permissions import complete
    from parlour.salary import service

    async def work(session: Any) -> int:
        where = await _location(session, location)
        member = await _member(session, location, team_member)
        operator = Access(0, where.id, complete({}, "owner"), "owner")
        await service.delete_calculation(session, where, operator, member, calculation)
        return calculation

    _run(work)


@salary_app.command("payout")
def salary_payout(
    location: LocationOpt,
    team_member: MemberOpt,
    amount: Annotated[Decimal, typer.Option(help="The sum paid out (positive).")],
    account: Annotated[int, typer.Option("--account", help="The cash desk or account id.")],
    comment: Annotated[str, typer.Option(help="A note on the payout.")] = "Salary",
) -> None:
    """Pay a team member: a finance line of expense item 3 (Salary); print its id."""
    from parlour.kit.timeutil import utcnow
    from parlour.ledger_defaults import EXPENSE_SALARY
    from parlour.payments import service as payments

    if amount <= 0:
        raise typer.BadParameter("the amount must be positive")

    async def work(session: Any) -> int:
        where = await _location(session, location)
        await _member(session, location, team_member)
        line = await payments.add_line(
            session,
            where,
            account_id=account,
            expense_id=EXPENSE_SALARY,
            amount=-amount,
            date=utcnow(),
            user_id=None,
            master_id=team_member,
            comment=comment,
        )
        return int(line.id)

    _run(work)
