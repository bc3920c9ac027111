"""The contract walk through pictures (a service's and a team member's, then their removal,
with the service read in its "pictured" state), the team members' tip settings and the SMS and
e-mail campaigns."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def run(w: Walk, *, master_id: int, service_id: int, client_id: int) -> None:
    loc = str(w.tenant.location_id)
    picture = {"image": ("pic.png", _png(), "image/png")}
    pictured = w.call(
        "POST",
        "/images/{entity}",
        "service",
        ids={"entity": "service"},
        data={"company_id": loc, "service_id": str(service_id)},
        files=picture,
    )["data"]
    group = pictured["image_group"]
    w.call(
        "GET",
        "/image_groups/{image_group_id}/{name}",
        "download",
        ids={"image_group_id": group["id"], "name": "basic.png"},
        headers={},
    )
    w.call(
        "GET",
        "/company/{location_id}/services/{service_id}",
        "pictured",
        ids={"service_id": service_id},
    )
    unbound = w.call(
        "POST",
        "/images/{entity}",
        "unbound",
        ids={"entity": "service"},
        data={"company_id": loc},
        files=picture,
    )["data"]
    avatar = w.call(
        "POST",
        "/images/{entity}",
        "master",
        ids={"entity": "master"},
        data={"master_id": str(master_id)},
        files=picture,
    )["data"]
    for entity, group in (("service", pictured), ("service", unbound), ("master", avatar)):
        w.call(
            "DELETE",
            "/images/{entity}",
            "deleted",
            ids={"entity": entity},
            data={"image_group_id": str(group["image_group"]["id"])},
        )

    tips = w.call("GET", "/tips/{location_id}/settings", "list")["data"]
    ids = {"master_tips_settings_id": tips[0]["id"]}
    w.call("GET", "/tips/{location_id}/settings/{master_tips_settings_id}/enable", "on", ids=ids)
    w.call("POST", "/tips/{location_id}/settings/{master_tips_settings_id}/disable", "off", ids=ids)

    by_id = {"client_ids": [client_id], "text": "See you soon"}
    w.call("POST", "/sms/clients/by_id/{location_id}", "sent", json=by_id)
    w.call(
        "POST",
        "/sms/clients/by_filter/{location_id}",
        "sent",
        params={"fullname": "a"},
        json={"text": "Spring offer"},
    )
    w.call("POST", "/email/clients/by_id/{location_id}", "sent", json={**by_id, "subject": "Hello"})
    w.call(
        "POST",
        "/email/clients/by_filter/{location_id}",
        "sent",
        json={"subject": "News", "text": "We moved"},
    )
