"""The product and extension writes against a running server over a real socket: what each
answer says is what the database holds afterwards."""

from __future__ import annotations

from pathlib import Path

import httpx

from parlour.db import Database
from parlour.models import GoodsCategory, Product
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant


async def test_product_writes_over_a_socket(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    loc = world.location_id
    h = world.headers
    with running_server(database_url, tmp_path, workers=1) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            pcs = (
                await http.post(
                    f"/units/{loc}", json={"title": "Piece", "short_title": "pcs"}, headers=h
                )
            ).json()["data"]
            storage = await http.post(
                f"/storages/{loc}", json={"title": "Shop", "for_sale": 1}, headers=h
            )
            assert storage.status_code == 201
            for url, body in (
                (f"/suppliers/{loc}", {"title": "Acme"}),
                (f"/accounts/{loc}", {"title": "Till", "type": 0}),
                (f"/expenses/{loc}", {"title": "Rent"}),
            ):
                assert (await http.post(url, json=body, headers=h)).status_code == 201
            cat = (
                await http.post(f"/goods_categories/{loc}", json={"title": "Hair"}, headers=h)
            ).json()["data"]
            r = await http.put(
                f"/goods_categories/{loc}/{cat['id']}", json={"title": "Hair care"}, headers=h
            )
            assert r.status_code == 200
            body = {
                "title": "Shampoo",
                "category_id": cat["id"],
                "cost": "12.30",
                "sale_unit_id": pcs["id"],
                "service_unit_id": pcs["id"],
            }
            created = await http.post(f"/goods/{loc}", json=body, headers=h)
            assert created.status_code == 201, created.text
            pid = created.json()["data"][0]["good_id"]
            r = await http.put(f"/goods/{loc}/{pid}", json={**body, "cost": 13}, headers=h)
            assert r.json()["data"][0]["cost"] == "13"
            bad = await http.put(f"/goods/{loc}/{pid}", json={**body, "cost": "x"}, headers=h)
            assert bad.status_code == 422
            assert (await http.delete(f"/goods/{loc}/{pid}", headers=h)).status_code == 204
            spare = (
                await http.post(f"/goods_categories/{loc}", json={"title": "Spare"}, headers=h)
            ).json()["data"]
            r = await http.delete(f"/goods_categories/{loc}/{spare['id']}", headers=h)
            assert r.status_code == 204
    async with database.session() as session:
        product = await session.get(Product, int(pid))
        assert product is not None and product.deleted and str(product.cost) == "13.00"
        kept = await session.get(GoodsCategory, cat["id"])
        assert kept is not None and kept.title == "Hair care" and not kept.deleted
        gone = await session.get(GoodsCategory, spare["id"])
        assert gone is not None and gone.deleted
