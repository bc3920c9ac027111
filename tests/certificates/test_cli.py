"""``parlour loyalty certificate``: a certificate sold from the command line, as the
extension route sells it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parlour.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from parlour.config import get_settings

    monkeypatch.setenv("PARLOUR_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("PARLOUR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_sell_a_certificate(env: Path) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from parlour.config import get_settings
    from parlour.db import Database
    from parlour.models import (
        Certificate,
        CertificateType,
        CertificateTypeLocation,
        Chain,
        GoodsCategory,
        Location,
        LocationChain,
        Product,
        Unit,
    )

    async def arrange() -> tuple[int, int]:
        db = Database(get_settings().database_url)
        try:
            async with db.session(write=True) as s:
                chain = Chain(title="Chain")
                s.add(chain)
                await s.flush()
                loc = Location(
                    title="Salon",
                    timezone_name="UTC",
                    main_group_id=chain.id,
                    social={},
                    phones=[],
                    photos=[],
                )
                s.add(loc)
                await s.flush()
                s.add(LocationChain(location_id=loc.id, chain_id=chain.id))
                unit = Unit(location_id=loc.id, title="Piece")
                category = GoodsCategory(location_id=loc.id, title="Gift certificates")
                s.add_all([unit, category])
                await s.flush()
                product = Product(
                    location_id=loc.id,
                    category_id=category.id,
                    title="Gift 500",
                    sale_unit_id=unit.id,
                    service_unit_id=unit.id,
                )
                kind = CertificateType(
                    chain_id=chain.id, title="Gift 500", balance=Decimal(500), service_ids=[]
                )
                s.add_all([product, kind])
                await s.flush()
                s.add(
                    CertificateTypeLocation(
                        type_id=kind.id, location_id=loc.id, product_id=product.id
                    )
                )
                return loc.id, kind.id
        finally:
            await db.dispose()

    async def sold(certificate_id: int) -> Certificate | None:
        db = Database(get_settings().database_url)
        try:
            async with db.session() as s:
                return await s.get(Certificate, certificate_id)
        finally:
            await db.dispose()

    runner.invoke(app, ["migrate"])
    loc, kind = asyncio.run(arrange())
    base = ["loyalty", "certificate", "--location", str(loc), "--type", str(kind)]
    made = runner.invoke(app, [*base, "--phone", "+13155550175"])
    assert made.exit_code == 0, made.output
    certificate_id, code = made.stdout.split()
    row = asyncio.run(sold(int(certificate_id)))
    assert row is not None and row.number == code and row.balance == 500
    assert row.created_at <= datetime.now(UTC)
    taken = runner.invoke(app, [*base, "--phone", "+13155550175", "--number", code])
    assert taken.exit_code == 1 and "already sold" in taken.output
    nobody = runner.invoke(app, base)
    assert nobody.exit_code == 1 and "phone" in nobody.output
