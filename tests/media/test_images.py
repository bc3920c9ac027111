"""Pictures of services and team members: upload, replace, serve, delete, over a real socket
(a server with two worker processes), plus the refusals (not an image, too large, no right,
another location)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from PIL import Image
from sqlalchemy import update

from parlour.auth import service as auth_service
from parlour.db import Database
from parlour.models import Membership
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant, make_staff_and_service, only_rights


def picture(kind: str = "PNG", size: tuple[int, int] = (3, 2)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 90)).save(out, format=kind)
    return out.getvalue()


def _one(data: object) -> dict[str, object]:
    """The object of a one-or-list answer."""
    found = data[0] if isinstance(data, list) else data
    assert isinstance(found, dict)
    return found


def _files(data: bytes, name: str = "p.png", mime: str = "image/png") -> dict[str, object]:
    return {"image": (name, data, mime)}


async def test_service_and_member_pictures_over_the_socket(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    staff_id, service_id = await make_staff_and_service(database, world)
    loc = world.location_id
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            form = {"company_id": str(loc), "service_id": str(service_id)}
            r = await http.post(
                "/images/service", data=form, files=_files(picture()), headers=world.headers
            )
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["success"] is True and body["meta"] == []
            data = body["data"]
            assert data["image_binded"] is True
            group = data["image_group"]
            assert data["image_group "] == group
            basic = group["images"]["basic"]
            assert (group["entity"], group["entity_id"]) == ("service", service_id)
            assert (basic["width"], basic["height"], basic["type"]) == (3, 2, "png")
            assert basic["image_group_id"] == group["id"] and basic["version"] == "basic"
            first_path = basic["path"]
            got = await http.get(first_path)
            assert got.status_code == 200 and got.content == picture()
            assert got.headers["content-type"] == "image/png"

            card = await http.get(f"/company/{loc}/services/{service_id}", headers=world.headers)
            shown = _one(card.json()["data"])["image_group"]
            assert shown["id"] == group["id"] and shown["images"]["basic"]["width"] == "3"

            # A new picture replaces the service's previous one (its bytes go too).
            jpeg = picture("JPEG", (8, 5))
            r = await http.post(
                "/images/service",
                data=form,
                files=_files(jpeg, "p.jpg", "image/jpeg"),
                headers=world.headers,
            )
            second = r.json()["data"]["image_group"]
            assert second["images"]["basic"]["type"] == "jpeg"
            assert (await http.get(first_path)).status_code == 404
            card = await http.get(f"/company/{loc}/services/{service_id}", headers=world.headers)
            assert _one(card.json()["data"])["image_group"]["id"] == second["id"]

            # A team member's picture is their avatar.
            r = await http.post(
                "/images/master",
                data={"master_id": str(staff_id)},
                files=_files(picture()),
                headers=world.headers,
            )
            assert r.status_code == 200, r.text
            member_group = r.json()["data"]["image_group"]
            avatar_url = member_group["images"]["basic"]["path"]
            staff = await http.get(f"/company/{loc}/staff/{staff_id}", headers=world.headers)
            member = staff.json()["data"]
            member = member[0] if isinstance(member, list) else member
            assert member["avatar"] == avatar_url and member["avatar_big"] == avatar_url

            # Deleting: the service shows [] again, the member has no avatar, the bytes are gone.
            for entity, gid in (("service", second["id"]), ("master", member_group["id"])):
                r = await http.request(
                    "DELETE",
                    f"/images/{entity}",
                    data={"image_group_id": str(gid)},
                    headers=world.headers,
                )
                assert r.status_code == 200 and r.json()["data"] == {"success": True}, r.text
            card = await http.get(f"/company/{loc}/services/{service_id}", headers=world.headers)
            assert _one(card.json()["data"])["image_group"] == []
            staff = await http.get(f"/company/{loc}/staff/{staff_id}", headers=world.headers)
            member = staff.json()["data"]
            member = member[0] if isinstance(member, list) else member
            assert member["avatar"] == ""
            assert (await http.get(avatar_url)).status_code == 404
            again = await http.request(
                "DELETE",
                "/images/service",
                data={"image_group_id": str(second["id"])},
                headers=world.headers,
            )
            assert again.status_code == 404 and again.json()["success"] is False


async def test_an_unbound_upload_and_bad_input(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    loc = world.location_id
    r = await client.post(
        "/images/service",
        data={"company_id": str(loc)},
        files=_files(picture()),
        headers=world.headers,
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["image_binded"] is False
    assert (data["image_group"]["entity"], data["image_group"]["entity_id"]) == ("", 0)

    cases = [
        ({"company_id": str(loc)}, _files(b"not a picture", "x.png")),  # not an image
        ({"company_id": str(loc)}, _files(picture("GIF"), "x.gif", "image/gif")),  # not jpeg/png
        ({}, _files(picture())),  # no company
        ({"company_id": "abc"}, _files(picture())),
        ({"company_id": str(loc), "service_id": "999999"}, _files(picture())),
    ]
    for form, files in cases:
        r = await client.post("/images/service", data=form, files=files, headers=world.headers)
        assert r.status_code == 422 and r.json()["success"] is False, (form, r.text)
    r = await client.post("/images/master", data={}, files=_files(picture()), headers=world.headers)
    assert r.status_code == 422
    r = await client.post("/images/other", data={}, files=_files(picture()), headers=world.headers)
    assert r.status_code in (404, 422) and r.json()["success"] is False
    big = picture("PNG", (900, 900))  # random-free but larger than the tests' 256 KB limit
    big = big + b"\0" * (300 * 1024)
    r = await client.post(
        "/images/service", data={"company_id": str(loc)}, files=_files(big), headers=world.headers
    )
    assert r.status_code == 413 and r.json()["success"] is False
    r = await client.request("DELETE", "/images/service", data={}, headers=world.headers)
    assert r.status_code == 422


async def test_rights_and_tenancy(
    client: httpx.AsyncClient, database: Database, world: Tenant, stranger: Tenant
) -> None:
    staff_id, service_id = await make_staff_and_service(database, world)
    loc = world.location_id
    form = {"company_id": str(loc), "service_id": str(service_id)}
    # Another location's user: refused for this location's service and team member.
    r = await client.post(
        "/images/service", data=form, files=_files(picture()), headers=stranger.headers
    )
    assert r.status_code == 403
    r = await client.post(
        "/images/master",
        data={"master_id": str(staff_id)},
        files=_files(picture()),
        headers=stranger.headers,
    )
    assert r.status_code == 403
    ok = await client.post(
        "/images/service", data=form, files=_files(picture()), headers=world.headers
    )
    gid = ok.json()["data"]["image_group"]["id"]
    r = await client.request(
        "DELETE", "/images/service", data={"image_group_id": str(gid)}, headers=stranger.headers
    )
    assert r.status_code == 403

    # A clerk with only the service-picture right: services yes, team members no.
    async with database.session(write=True) as session:
        user = await auth_service.create_user(
            session, login="pics@salon.test", password="s3cret-pass", name="Pics"
        )
        await auth_service.grant(session, user, world.location, role="worker")
        token = auth_service.token_of(user)
        await session.execute(
            update(Membership)
            .where(Membership.user_id == user.id)
            .values(permissions=only_rights("settings_services_edit_image_access"))
        )
    clerk = {"Authorization": f"Bearer {world.partner_token}, User {token}"}
    r = await client.post("/images/service", data=form, files=_files(picture()), headers=clerk)
    assert r.status_code == 200
    r = await client.post(
        "/images/master", data={"master_id": str(staff_id)}, files=_files(picture()), headers=clerk
    )
    assert r.status_code == 403 and r.json()["success"] is False
