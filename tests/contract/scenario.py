"""One walk through every implemented operation against a running server, recording answers.

The walk seeds the states the contract must hold in: created and updated entities, and the
empty states on purpose (a member without position, user or avatar; a client without card or
custom fields; a service without date limits; a deleted appointment). Each call is recorded
with the route template it used, so answers can be matched to their operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.contract import (
    scenario_analytics,
    scenario_backoffice,
    scenario_certificates,
    scenario_checkout,
    scenario_ledgers,
    scenario_loyalty,
    scenario_loyaltyvisit,
    scenario_memberships,
    scenario_salary,
    scenario_salfix,
)
from tests.fixtures.factories import Tenant


@dataclass
class Answer:
    method: str
    template: str
    state: str
    status: int
    content_type: str
    body: Any


@dataclass
class Walk:
    http: httpx.Client
    tenant: Tenant
    answers: list[Answer] = field(default_factory=list)

    def call(
        self,
        method: str,
        template: str,
        state: str,
        *,
        ids: dict[str, Any] | None = None,
        expect: int | tuple[int, ...] = (200, 201, 202, 204),
        partner: bool = False,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        url = template.format(**{"location_id": self.tenant.location_id, **(ids or {})})
        if headers is None:
            headers = self.tenant.partner_headers if partner else self.tenant.headers
        wanted = (expect,) if isinstance(expect, int) else expect
        # No retry: a write is committed before it is answered, so the next read sees it.
        r = self.http.request(method, url, headers=headers, **kwargs)
        assert r.status_code in wanted, f"{method} {url} [{state}]: {r.status_code} {r.text}"
        ctype = r.headers.get("content-type", "")
        body = r.json() if ctype.startswith("application/json") and r.content else None
        self.answers.append(Answer(method, template, state, r.status_code, ctype, body))
        return body


def run(http: httpx.Client, t: Tenant) -> list[Answer]:
    w = Walk(http, t)
    day = datetime.now(UTC).date() + timedelta(days=3)
    day_s = day.isoformat()

    # --- system, auth, locations ---------------------------------------------------------
    w.call(
        "POST", "/auth", "login", json={"login": t.user.email, "password": t.password}, partner=True
    )
    w.call("GET", "/companies", "list", partner=True)
    # Webhooks on for everything from here on: every later change also writes its event
    # (the address refuses connections; deliveries just wait in the log).
    w.call("GET", "/hooks_settings/{location_id}", "empty")
    hook_flags = dict.fromkeys(
        ("salon", "service_category", "service", "good", "master", "client", "record"), 1
    )
    hook_flags.update(dict.fromkeys(("finances_operation", "goods_operations_sale"), True))
    w.call(
        "POST",
        "/hooks_settings/{location_id}",
        "replaced",
        json={"urls": ["http://127.0.0.1:9/hooks"], "active": 1, "self_sending": 1, **hook_flags},
    )
    w.call(
        "GET",
        "/company/{location_id}",
        "read",
        params={"show_groups": 1, "showBookforms": 1},
        partner=True,
    )
    w.call("PUT", "/company/{location_id}", "updated", json={"title": "Parlour Uptown"})
    created = w.call("POST", "/companies", "created", json={"title": "Second", "country_id": 1})
    second = created["data"]["id"]
    w.call("DELETE", "/company/{location_id}", "deleted", ids={"location_id": second})

    # --- positions and team members --------------------------------------------------------
    pos = w.call(
        "POST", "/company/{location_id}/positions/quick", "created", json={"title": "Administrator"}
    )["data"]
    w.call("GET", "/company/{location_id}/staff/positions", "list")
    bare = w.call(
        "POST", "/staff/{location_id}", "empty: no position, user or avatar", json={"name": "Bare"}
    )["data"]
    full = w.call(
        "POST",
        "/staff/{location_id}",
        "created: position, user, avatar",
        json={
            "name": "Basil",
            "specialization": "stylist",
            "position_id": pos["id"],
            "user_id": t.user.id,
            "avatar": "https://img.test/basil.jpg",
            "weight": 3,
        },
    )["data"]
    quick = w.call(
        "POST",
        "/company/{location_id}/staff/quick",
        "created",
        json={"name": "Quick", "specialization": "barber", "position_id": pos["id"]},
    )["data"]
    w.call(
        "PUT",
        "/staff/{location_id}/{team_member_id}",
        "updated",
        ids={"team_member_id": full["id"]},
        json={"information": "Senior", "weight": 5},
    )
    w.call("GET", "/staff/{location_id}", "list", partner=True)
    for mid, state in ((bare["id"], "empty"), (full["id"], "full")):
        w.call(
            "GET",
            "/staff/{location_id}/{team_member_id}",
            state,
            ids={"team_member_id": mid},
            partner=True,
        )
        w.call(
            "GET",
            "/company/{location_id}/staff/{team_member_id}",
            state,
            ids={"team_member_id": mid},
        )
    w.call(
        "GET",
        "/staff/{location_id}/{team_member_id}",
        "0 means all",
        ids={"team_member_id": 0},
        partner=True,
    )
    w.call(
        "GET",
        "/company/{location_id}/staff/{team_member_id}",
        "0 means all",
        ids={"team_member_id": 0},
    )
    w.call("GET", "/company/{location_id}/staff", "list")

    w.call("GET", "/companies", "my+include", params={"my": 1, "include": ["staff", "positions"]})

    # --- categories and services -----------------------------------------------------------
    cat = w.call(
        "POST",
        "/service_categories/{location_id}",
        "created",
        json={"title": "Hair", "staff": [full["id"]]},
    )["data"]
    w.call("GET", "/service_category/{location_id}/{id}", "read", ids={"id": cat["id"]})
    w.call(
        "PUT",
        "/service_category/{location_id}/{id}",
        "updated",
        ids={"id": cat["id"]},
        json={"title": "Hair care", "weight": 2},
    )
    for tpl, part in (
        ("/company/{location_id}/service_categories/{id}", False),
        ("/service_categories/{location_id}/{id}", True),
    ):
        w.call("GET", tpl, "one", ids={"id": cat["id"]}, partner=part)
        w.call("GET", tpl, "0 means all", ids={"id": 0}, partner=part)
    w.call("GET", "/company/{location_id}/service_categories", "all")
    w.call("GET", "/service_categories/{location_id}", "all", partner=True)
    w.call(
        "GET",
        "/chain/{chain_id}/service_categories",
        "list",
        ids={"chain_id": t.chain.id},
        params={"include": "services"},
        partner=True,
    )
    plain = w.call(
        "POST",
        "/services/{location_id}",
        "empty: no dates, no staff",
        json={"title": "Plain", "price_min": 10, "price_max": 10, "duration": 1800},
    )["data"]
    svc = w.call(
        "POST",
        "/services/{location_id}",
        "created: staff, dates, discount",
        json={
            "title": "Haircut",
            "category_id": cat["id"],
            "price_min": 30,
            "price_max": 50,
            "duration": 3600,
            "discount": 12.5,
            "is_need_limit_date": True,
            "date_from": day_s,
            "date_to": (day + timedelta(days=30)).isoformat(),
            "staff": [{"id": full["id"], "seance_length": 3600}],
        },
    )["data"]
    w.call(
        "PATCH",
        "/services/{location_id}/{service_id}",
        "updated",
        ids={"service_id": svc["id"]},
        json={"comment": "Wash included"},
    )
    w.call(
        "PUT",
        "/services/{location_id}/{service_id}",
        "updated",
        ids={"service_id": svc["id"]},
        json={"weight": 4},
    )
    w.call("GET", "/services/{location_id}", "list", partner=True)
    for sid, state in ((svc["id"], "one"), (plain["id"], "empty"), (0, "0 means all")):
        w.call(
            "GET",
            "/services/{location_id}/{service_id}",
            state,
            ids={"service_id": sid},
            partner=True,
        )
        w.call(
            "GET", "/company/{location_id}/services/{service_id}", state, ids={"service_id": sid}
        )
    w.call("GET", "/company/{location_id}/services", "all")
    link_tpl = "/company/{location_id}/services/{service_id}/staff"
    w.call(
        "POST",
        link_tpl,
        "created",
        ids={"service_id": plain["id"]},
        json={"master_id": quick["id"], "seance_length": 1800},
    )
    w.call(
        "PUT",
        link_tpl + "/{team_member_id}",
        "updated",
        ids={"service_id": plain["id"], "team_member_id": quick["id"]},
        json={"seance_length": 2700},
    )
    w.call(
        "DELETE",
        link_tpl + "/{team_member_id}",
        "deleted",
        ids={"service_id": plain["id"], "team_member_id": quick["id"]},
    )
    w.call(
        "POST",
        "/company/{location_id}/services/links",
        "updated",
        json={
            "service_id": plain["id"],
            "team_member_settings": [{"team_member_id": quick["id"], "hours": 0, "minutes": 45}],
        },
    )
    w.call(
        "GET",
        "/company/{location_id}/staff/{team_member_id}",
        "with services_links",
        ids={"team_member_id": quick["id"]},
    )

    # --- schedules and calendar ------------------------------------------------------------
    sched = [
        {
            "date": (day + timedelta(days=i)).isoformat(),
            "is_working": True,
            "slots": [{"from": "09:00", "to": "18:00"}],
        }
        for i in range(3)
    ]
    end = (day + timedelta(days=2)).isoformat()
    for mid in (full["id"], quick["id"]):
        w.call(
            "PUT",
            "/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}",
            "set",
            ids={"team_member_id": mid, "start_date": day_s, "end_date": end},
            json=sched,
        )
    w.call(
        "GET",
        "/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}",
        "read",
        ids={"team_member_id": full["id"], "start_date": day_s, "end_date": end},
    )
    w.call(
        "PUT",
        "/schedule/{location_id}/{team_member_id}",
        "set one day",
        ids={"team_member_id": full["id"]},
        json={
            "date": (day + timedelta(days=3)).isoformat(),
            "is_working": True,
            "slots": [{"from": "10:00", "to": "14:00"}],
        },
    )
    w.call(
        "GET",
        "/company/{location_id}/staff/schedule",
        "list",
        params={"start_date": day_s, "end_date": end},
    )
    w.call(
        "PUT",
        "/company/{location_id}/staff/schedule",
        "set",
        json={
            "schedules_to_set": [
                {
                    "staff_id": bare["id"],
                    "dates": [day_s],
                    "slots": [{"from": "09:00", "to": "12:00"}],
                }
            ],
            "schedules_to_delete": [],
        },
    )
    w.call("GET", "/timetable/dates/{location_id}/{date}", "read", ids={"date": day_s})
    w.call(
        "GET",
        "/timetable/seances/{location_id}/{team_member_id}/{date}",
        "read",
        ids={"team_member_id": full["id"], "date": day_s},
    )
    w.call("GET", "/company/{location_id}/settings/timetable", "read")
    w.call("PATCH", "/company/{location_id}/settings/timetable", "updated", json={"record_type": 1})
    w.call("GET", "/resources/{location_id}", "list")

    # --- online booking settings and the public booking flow -----------------------------
    w.call("GET", "/company/{location_id}/settings/online", "read")
    w.call(
        "PATCH", "/company/{location_id}/settings/online", "updated", json={"seance_delay_step": 0}
    )
    w.call("GET", "/company/{location_id}/settings/timeslots", "read")
    form = w.call(
        "POST", "/company/{location_id}/booking_forms", "created", json={"title": "Main form"}
    )["data"]
    w.call("GET", "/company/{location_id}/booking_forms", "list")
    w.call(
        "GET", "/company/{location_id}/booking_forms/{form_id}", "read", ids={"form_id": form["id"]}
    )
    w.call(
        "PATCH",
        "/company/{location_id}/booking_forms/{form_id}",
        "updated",
        ids={"form_id": form["id"]},
        json={"title": "Renamed form"},
    )
    w.call("GET", "/bookform/{id}", "read", ids={"id": form["id"]}, partner=True)
    w.call("GET", "/i18n/{lang_code}", "read", ids={"lang_code": "en-US"}, partner=True)
    w.call("GET", "/privacy_policy/{location_id}", "read", partner=True)
    w.call("GET", "/book_services/{location_id}", "list", partner=True)
    w.call("GET", "/book_staff/{location_id}", "list", partner=True)
    w.call(
        "GET",
        "/book_staff_seances/{location_id}/{team_member_id}",
        "read",
        ids={"team_member_id": full["id"]},
        partner=True,
    )
    w.call("GET", "/book_dates/{location_id}", "read", partner=True)
    w.call(
        "GET",
        "/book_times/{location_id}/{team_member_id}/{date}",
        "list",
        ids={"team_member_id": full["id"], "date": day_s},
        partner=True,
    )
    appt = {
        "id": 1,
        "services": [svc["id"]],
        "staff_id": full["id"],
        "datetime": f"{day_s}T11:00:00",
    }
    w.call(
        "POST", "/book_check/{location_id}", "valid", json={"appointments": [appt]}, partner=True
    )
    booked = w.call(
        "POST",
        "/book_record/{location_id}",
        "created",
        json={"phone": "+13155550175", "fullname": "James Smith", "appointments": [appt]},
        partner=True,
    )["data"][0]
    w.call(
        "GET",
        "/book_record/{location_id}/{record_id}/{record_hash}",
        "read",
        ids={"record_id": booked["record_id"], "record_hash": booked["record_hash"]},
        partner=True,
    )
    w.call(
        "PUT",
        "/book_record/{location_id}/{record_id}",
        "moved",
        ids={"record_id": booked["record_id"]},
        json={"datetime": f"{day_s}T15:00:00", "record_hash": booked["record_hash"]},
        partner=True,
    )

    # --- custom fields, clients ------------------------------------------------------------
    cf_tpl = "/custom_fields/{field_category}/{location_id}"
    field_ = w.call(
        "POST",
        cf_tpl,
        "created",
        ids={"field_category": "client"},
        json={
            "type": "text",
            "code": "hobby",
            "title": "Hobby",
            "user_can_edit": True,
            "show_in_ui": True,
        },
    )["data"]
    w.call(
        "POST",
        cf_tpl,
        "created",
        ids={"field_category": "record"},
        json={
            "type": "text",
            "code": "note",
            "title": "Note",
            "user_can_edit": True,
            "show_in_ui": True,
        },
    )
    w.call(
        "PUT",
        cf_tpl + "/{field_id}",
        "updated",
        ids={"field_category": "client", "field_id": field_["id"]},
        json={"title": "Hobbies"},
    )
    w.call("GET", cf_tpl, "list", ids={"field_category": "client"})
    empty_client = w.call(
        "POST",
        "/clients/{location_id}",
        "empty: no card, no custom fields",
        json={"name": "Empty", "phone": "+13155550111"},
    )["data"]
    rich = w.call(
        "POST",
        "/clients/{location_id}",
        "created: card, custom fields",
        json={
            "name": "Rich",
            "phone": "+13155550112",
            "card": "555000",
            "custom_fields": {"hobby": "chess"},
        },
    )["data"]
    for cid, state in ((empty_client["id"], "empty"), (rich["id"], "full")):
        w.call("GET", "/client/{location_id}/{id}", state, ids={"id": cid})
    w.call(
        "PUT",
        "/client/{location_id}/{id}",
        "updated",
        ids={"id": rich["id"]},
        json={"name": "Richard", "phone": "+13155550112"},
    )
    w.call("GET", "/clients/{location_id}", "list")
    w.call(
        "POST",
        "/company/{location_id}/clients/search",
        "list",
        json={"page": 1, "page_size": 25, "fields": ["id", "name", "phone"]},
    )
    w.call(
        "POST",
        "/clients/{location_id}/bulk",
        "created",
        json=[{"name": "Bulk", "phone": "+13155550113"}],
    )
    ctpl = "/clients/{location_id}/clients/{client_id}/comments"
    comment = w.call(
        "POST", ctpl, "created", ids={"client_id": rich["id"]}, json={"text": "Prefers mornings"}
    )["data"]
    w.call("GET", ctpl, "list", ids={"client_id": rich["id"]})
    w.call(
        "DELETE",
        ctpl + "/{comment_id}",
        "deleted",
        ids={"client_id": rich["id"], "comment_id": comment["id"]},
    )
    ftpl = "/company/{location_id}/clients/files/{client_id}"
    upload = w.call(
        "POST",
        ftpl,
        "created",
        ids={"client_id": rich["id"]},
        files={"file": ("notes.txt", b"hello", "text/plain")},
    )["data"]
    w.call("GET", ftpl, "list", ids={"client_id": rich["id"]})
    file_id = upload["id"] if isinstance(upload, dict) else upload[0]["id"]
    w.call(
        "GET", ftpl + "/{file_id}", "download", ids={"client_id": rich["id"], "file_id": file_id}
    )
    w.call(
        "DELETE", ftpl + "/{file_id}", "deleted", ids={"client_id": rich["id"], "file_id": file_id}
    )
    w.call("GET", "/groups", "list")
    w.call(
        "GET",
        "/group/{chain_id}/clients",
        "found",
        ids={"chain_id": t.chain.id},
        params={"phone": "13155550112"},
    )

    # --- appointments, visits, comments ----------------------------------------------------
    body = {
        "staff_id": full["id"],
        "services": [{"id": svc["id"]}],
        "client": {"phone": "+13155550112", "name": "Richard"},
        "datetime": f"{day_s}T09:00:00",
        "seance_length": 3600,
    }
    plain_rec = w.call("POST", "/records/{location_id}", "created: no custom fields", json=body)[
        "data"
    ][0]
    rec = w.call(
        "POST",
        "/records/{location_id}",
        "created: custom fields",
        json={**body, "datetime": f"{day_s}T13:00:00", "custom_fields": {"note": "window seat"}},
    )["data"][0]
    for rid, state in ((plain_rec["id"], "empty custom fields"), (rec["id"], "custom fields")):
        w.call("GET", "/record/{location_id}/{record_id}", state, ids={"record_id": rid})
    w.call(
        "PUT",
        "/record/{location_id}/{record_id}",
        "updated",
        ids={"record_id": rec["id"]},
        json={**body, "datetime": f"{day_s}T16:00:00", "comment": "moved"},
    )
    w.call("GET", "/records/{location_id}", "list")
    w.call("GET", "/records/partner", "list", params={"company_id": t.location_id})
    w.call("GET", "/visits/{visit_id}", "read", ids={"visit_id": rec["visit_id"]})
    w.call(
        "GET",
        "/visit/details/{location_id}/{record_id}/{visit_id}",
        "read",
        ids={"record_id": rec["id"], "visit_id": rec["visit_id"]},
    )
    w.call(
        "PUT",
        "/visits/{visit_id}/{record_id}",
        "updated",
        ids={"visit_id": rec["visit_id"], "record_id": rec["id"]},
        json={"attendance": 2, "comment": "confirmed"},
    )
    w.call("GET", "/attendance/receipt_print/{visit_id}", "pdf", ids={"visit_id": rec["visit_id"]})
    w.call(
        "POST",
        "/company/{location_id}/clients/visits/search",
        "list",
        json={
            "client_id": rich["id"],
            "from": None,
            "to": None,
            "payment_statuses": [],
            "attendance": None,
        },
    )
    w.call(
        "POST",
        "/comments/{location_id}/{team_member_id}",
        "created",
        ids={"team_member_id": full["id"]},
        json={"mark": 5, "name": "James", "text": "Great cut"},
    )
    w.call("GET", "/comments/{location_id}", "list")
    w.call(
        "DELETE", "/record/{location_id}/{record_id}", "deleted", ids={"record_id": plain_rec["id"]}
    )
    # A deleted appointment is gone for every single-item verb; only lists can show it.
    for method, kw in (("GET", {}), ("PUT", {"json": body}), ("DELETE", {})):
        w.call(
            method,
            "/record/{location_id}/{record_id}",
            "deleted record",
            ids={"record_id": plain_rec["id"]},
            expect=404,
            **kw,
        )
    w.call("GET", "/records/{location_id}", "with deleted", params={"with_deleted": 1})

    # --- users, permissions, notification settings, utilities ----------------------------
    w.call("GET", "/user/permissions/{location_id}", "own")
    w.call("GET", "/company/{location_id}/users/roles", "list")
    w.call(
        "POST",
        "/user/invite/{location_id}",
        "invited",
        json={
            "invites": [
                {
                    "name": "Ida",
                    "search": "ida@contract.test",
                    "position": "Administrator",
                    "user_role": "administrator",
                    "user_permissions": [{"slug": "clients_access", "value": True}],
                }
            ]
        },
    )
    w.call("GET", "/company/{location_id}/users", "with pending", params={"filter[is_approved]": 0})
    messages = w.call("GET", "/company/{location_id}/outbox", "invitation")["data"]
    code = next(m for m in messages if m["kind"] == "user_invitation")["payload"]["code"]
    ida = w.call(
        "POST",
        "/user/invite/accept",
        "accepted",
        json={"code": code, "password": "pw-12345"},
        partner=True,
    )["data"]
    ids = {"user_id": ida["id"]}
    w.call("GET", "/company/{location_id}/users", "list")
    w.call("GET", "/company_users/{location_id}", "list")
    w.call("GET", "/company/{location_id}/users/{user_id}/roles", "list", ids=ids)
    # meta is {} here, as upstream's sample shows (not the [] of other reads).
    w.call("GET", "/company/{location_id}/users/{user_id}/permissions", "values", ids=ids)
    w.call(
        "PUT",
        "/company/{location_id}/users/{user_id}/permissions",
        "updated",
        ids=ids,
        json={
            "user_role": "manager",
            "user_permissions": [{"slug": "billing_access", "value": True}],
        },
    )
    second = w.call("POST", "/companies", "second", json={"title": "Second"})["data"]
    links = {"user_company_links": [{"company_id": second["id"]}]}
    w.call(
        "POST",
        "/company/{location_id}/users/{user_id}/copy_to_companies",
        "copied",
        ids=ids,
        json=links,
    )
    w.call(
        "POST",
        "/company/{location_id}/users/{user_id}/remove_from_companies",
        "removed",
        ids=ids,
        json=links,
    )
    w.call("GET", "/notification_settings/{location_id}/notification_types", "list")
    w.call("GET", "/notification_settings/{location_id}/users/{user_id}", "read", ids=ids)
    w.call(
        "POST",
        "/notification_settings/{location_id}/users/{user_id}",
        "updated",
        ids=ids,
        json={"notification_types": [{"type": "record_move_admin", "channels": {"push": 0}}]},
    )
    w.call("GET", "/validation/validate_phone/{phone}", "valid", ids={"phone": "+13155550175"})
    w.call("GET", "/license/{location_id}", "read")
    w.call("DELETE", "/company/{location_id}/users/{user_id}", "removed", ids=ids)
    ledgers = scenario_ledgers.run(
        w,
        client_id=rich["id"],
        master_id=full["id"],
        record_id=rec["id"],
        visit_id=rec["visit_id"],
        service_id=svc["id"],
    )
    scenario_backoffice.run(w, master_id=full["id"], service_id=svc["id"], client_id=rich["id"])
    loyalty = scenario_loyalty.run(
        w,
        client_id=rich["id"],
        client_phone="+13155550112",
        product_id=ledgers["shampoo"]["good_id"],
        service_id=svc["id"],
    )
    scenario_certificates.run(
        w, client_id=rich["id"], client_phone="+13155550112", service_id=svc["id"]
    )
    w.call(
        "GET",
        "/visit/details/{location_id}/{record_id}/{visit_id}",
        "paid",
        ids={"record_id": rec["id"], "visit_id": rec["visit_id"]},
    )
    scenario_checkout.run(
        w,
        client_id=rich["id"],
        record_id=rec["id"],
        visit_id=rec["visit_id"],
        good_id=int(ledgers["shampoo"]["good_id"]),
        phone="+13155550112",
    )
    scenario_salary.run(
        w,
        master_id=full["id"],
        service_id=svc["id"],
        good_id=int(ledgers["shampoo"]["good_id"]),
        day=day,
    )
    scenario_salfix.run(
        w,
        master_id=full["id"],
        storage_id=ledgers["shop"]["id"],
        good_id=int(ledgers["shampoo"]["good_id"]),
    )
    scenario_analytics.run(w, master_id=full["id"])
    scenario_loyaltyvisit.run(
        w,
        staff_id=full["id"],
        service_id=svc["id"],
        phone="+13155550112",
        day=day + timedelta(days=1),
        inviter_phone="+13155550166",
    )
    scenario_memberships.run(
        w, client_id=rich["id"], client_phone="+13155550112", service_id=svc["id"]
    )
    # --- tags ---------------------------------------------------------------------------------
    event_tag = w.call(
        "POST",
        "/labels/{location_id}",
        "created",
        json={"title": "Beginners", "color": "#00aa00", "entity": 3, "icon": "leaf"},
    )["data"]
    spare_tag = w.call(
        "POST", "/labels/{location_id}", "created: query form", params={"title": "Spare"}
    )["data"]
    w.call(
        "PUT",
        "/labels/{location_id}/{tag_id}",
        "updated",
        ids={"tag_id": event_tag["id"]},
        json={"color": "#008800"},
    )
    w.call("GET", "/labels/{location_id}/{entity}", "list", ids={"entity": 3})
    w.call("GET", "/labels/{location_id}/{entity}", "empty", ids={"entity": 2})
    w.call(
        "POST",
        "/labels/{location_id}/clients/create",
        "created",
        json={"title": "Regular", "color": "#1f1038"},
    )
    w.call("GET", "/labels/{location_id}/clients", "list")
    w.call("DELETE", "/labels/{location_id}/{tag_id}", "deleted", ids={"tag_id": spare_tag["id"]})

    # --- group events ------------------------------------------------------------------------
    yoga = w.call(
        "POST",
        "/services/{location_id}",
        "created: group service",
        json={
            "title": "Yoga",
            "category_id": cat["id"],
            "price_min": 20,
            "price_max": 20,
            "duration": 3600,
            "capacity": 8,
            "staff": [{"id": full["id"], "seance_length": 3600}],
        },
    )["data"]
    ev_day = (day + timedelta(days=5)).isoformat()
    ev_body = {
        "date": f"{ev_day} 10:00",
        "service_id": yoga["id"],
        "staff_id": full["id"],
        "capacity": 4,
        "force": False,
        "label_ids": [event_tag["id"]],
    }
    event = w.call("POST", "/activity/{location_id}", "created", json=ev_body)["data"]
    ev = {"event_id": event["id"]}
    w.call(
        "PUT",
        "/activity/{location_id}/{event_id}",
        "updated",
        ids=ev,
        json={**ev_body, "date": f"{ev_day}T11:00:00", "capacity": 5},
    )
    w.call(
        "POST",
        "/activity/{location_id}/{event_id}/book",
        "booked",
        ids=ev,
        partner=True,
        json={"fullname": "Yogi", "phone": "+13155550120"},
    )
    w.call(
        "POST",
        "/records/{location_id}",
        "created: seat in a group event",
        json={**body, "activity_id": event["id"]},
    )
    w.call("GET", "/activity/{location_id}/{event_id}", "with seats", ids=ev)
    window = {"from": day_s, "till": (day + timedelta(days=10)).isoformat()}
    w.call("GET", "/activity/{location_id}/search", "found", params=window, partner=True)
    w.call("GET", "/activity/{location_id}/search_dates", "found", params=window, partner=True)
    w.call("GET", "/activity/{location_id}/search_dates_range", "found", partner=True)
    w.call("GET", "/activity/{location_id}/filters", "found", partner=True)
    w.call("GET", "/activity/{location_id}/services", "found", partner=True)
    strategy = w.call(
        "POST",
        "/activity/{location_id}/duplication_strategy",
        "created",
        json={"title": "Mon Thu", "repeat_mode_id": 5, "days": [1, 4], "interval": 1},
    )["data"]
    st = {"strategy_id": strategy["id"]}
    w.call(
        "POST",
        "/activity/{location_id}/duplication_strategy/{strategy_id}",
        "updated",
        ids=st,
        json={"title": "Daily", "repeat_mode_id": 1},
    )
    w.call("GET", "/activity/{location_id}/duplication_strategy", "list")
    w.call(
        "POST",
        "/activity/{location_id}/{event_id}/duplicate",
        "copied with clients",
        ids=ev,
        json={
            "duplication_strategy_id": strategy["id"],
            "from": ev_day,
            "count": 2,
            "content_type": 2,
        },
    )
    w.call(
        "DELETE", "/activity/{location_id}/duplication_strategy/{strategy_id}", "deleted", ids=st
    )
    w.call("DELETE", "/activity/{location_id}/{event_id}", "deleted", ids=ev)

    # --- event schedules and client series ----------------------------------------------------
    first = day + timedelta(days=40 - day.weekday())  # a Monday about six weeks ahead
    origin = w.call(
        "POST",
        "/activity/{location_id}",
        "created: series original",
        json={**ev_body, "date": f"{first.isoformat()} 18:00", "capacity": 2},
    )["data"]
    stpl = "/company/{location_id}/schedules"
    series = {
        "events_master_id": full["id"],
        "events_time": "18:00:00",
        "events_duration": 3600,
        "events_capacity": 2,
        "labels_ids": [event_tag["id"]],
    }
    sched = w.call(
        "POST",
        stpl,
        "created",
        json={
            "original_entity_type": "activity",
            "original_entity_id": origin["id"],
            "date_end": (first + timedelta(days=10)).isoformat(),
            "days": [{**series, "day_of_week": "mon"}, {**series, "day_of_week": "thu"}],
        },
    )["data"]
    sid = {"schedule_id": sched["id"]}
    w.call(
        "GET",
        stpl + "/search/{entity_type}/{entity_id}",
        "found",
        ids={"entity_type": "activity", "entity_id": origin["id"]},
        params={"include": "days"},
    )
    w.call(
        "PATCH",
        stpl + "/{schedule_id}",
        "updated",
        ids=sid,
        json={"date_end": (first + timedelta(days=14)).isoformat()},
    )
    sat = w.call(
        "POST",
        stpl + "/{schedule_id}/days",
        "created",
        ids=sid,
        json={**series, "day_of_week": "sat", "events_time": "09:00:00"},
    )["data"]
    mon_id = sched["days"][0]["id"]
    w.call(
        "PATCH",
        stpl + "/{schedule_id}/days/{day_id}",
        "updated",
        ids={**sid, "day_id": mon_id},
        json={"events_capacity": 3, "force": False},
    )
    w.call(
        "GET", stpl + "/{schedule_id}/days/{day_id}/events", "list", ids={**sid, "day_id": mon_id}
    )
    cs_body = {"client_id": rich["id"], "schedule_days_ids": [mon_id]}
    cs = w.call("POST", stpl + "/{schedule_id}/client_schedules", "created", ids=sid, json=cs_body)[
        "data"
    ]
    cs_ids = {**sid, "client_schedule_id": cs["id"]}
    w.call(
        "PATCH",
        stpl + "/{schedule_id}/client_schedules/{client_schedule_id}",
        "updated",
        ids=cs_ids,
        json={"schedule_days_ids": [mon_id, sched["days"][1]["id"]]},
    )
    w.call(
        "DELETE",
        stpl + "/{schedule_id}/client_schedules/{client_schedule_id}",
        "deleted",
        ids=cs_ids,
    )
    w.call(
        "DELETE", stpl + "/{schedule_id}/days/{day_id}", "deleted", ids={**sid, "day_id": sat["id"]}
    )
    w.call("DELETE", stpl + "/{schedule_id}", "deleted", ids=sid)

    # --- client accounts: SMS code, sign-in, cabinet -----------------------------------
    phone = "+13155550166"
    w.call(
        "GET",
        "/booking/user/phone_confirmation",
        "sent",
        params={"company_id": t.location_id, "phone": phone},
        partner=True,
    )
    sms = w.call("GET", "/company/{location_id}/outbox", "code")["data"]
    code = [m for m in sms if m["kind"] == "phone_confirmation"][-1]["payload"]["code"]
    token = w.call(
        "POST", "/user/auth", "signed in", json={"phone": phone, "code": code}, partner=True
    )["data"]["user_token"]
    w.call(
        "POST",
        "/booking/auth",
        "password",
        json={"login": t.user.email, "password": t.password},
        partner=True,
    )
    client_headers = {"Authorization": f"Bearer {t.partner_token}, User {token}"}
    w.call("GET", "/booking/user/data", "own", headers=client_headers)
    w.call(
        "GET",
        "/user/loyalty_cards/{chain_id}",
        "own",
        ids={"chain_id": loyalty["chain_id"]},
        headers=client_headers,
    )
    w.call("PUT", "/booking/user", "updated", json={"name": "Cab"}, headers=client_headers)
    w.call(
        "PUT",
        "/booking/user/password",
        "changed",
        json={"new_password": "cab-pass-1"},
        headers=client_headers,
    )

    # A review of the walk's online booking (its hash is the record token).
    review = "/master_record_review/{record_token}"
    token_ids = {"record_token": booked["record_hash"]}
    w.call("GET", review, "form", ids=token_ids, partner=True)
    w.call("POST", review, "submitted", ids=token_ids, json={"rating": 5}, partner=True)
    # The client's own bookings: the walk's online booking, by its hash.
    mine = "/user/records/{record_id}/{record_hash}"
    hashed = {"record_id": booked["record_id"], "record_hash": booked["record_hash"]}
    w.call("GET", mine, "by hash", ids=hashed, partner=True)
    w.call("DELETE", mine, "cancelled", ids=hashed, partner=True)

    # --- deletes last ------------------------------------------------------------------------
    w.call(
        "DELETE",
        cf_tpl + "/{field_id}",
        "deleted",
        ids={"field_category": "client", "field_id": field_["id"]},
    )
    w.call(
        "DELETE",
        "/company/{location_id}/booking_forms/{form_id}",
        "deleted",
        ids={"form_id": form["id"]},
    )
    w.call("DELETE", "/client/{location_id}/{id}", "deleted", ids={"id": empty_client["id"]})
    w.call(
        "DELETE", "/services/{location_id}/{service_id}", "deleted", ids={"service_id": plain["id"]}
    )
    extra_cat = w.call(
        "POST", "/service_categories/{location_id}", "created", json={"title": "Spare"}
    )["data"]
    w.call("DELETE", "/service_category/{location_id}/{id}", "deleted", ids={"id": extra_cat["id"]})
    w.call(
        "DELETE",
        "/staff/{location_id}/{team_member_id}",
        "deleted",
        ids={"team_member_id": bare["id"]},
    )
    _webhooks(w)
    return w.answers


def _webhooks(w: Walk) -> None:
    """The webhook log, endpoints, replay and test event (Parlour extensions)."""
    w.call("GET", "/hooks_settings/{location_id}", "set")
    endpoint = w.call("GET", "/company/{location_id}/hooks/endpoints", "list")["data"][0]
    ids = {"endpoint_id": endpoint["id"]}
    w.call(
        "PUT",
        "/company/{location_id}/hooks/endpoints/{endpoint_id}",
        "signing",
        ids=ids,
        json={"signing": True},
    )
    events = w.call("GET", "/company/{location_id}/hooks/events", "list")["data"]
    assert {e["body"]["resource"] for e in events} >= {"client", "record", "service", "master"}
    w.call("GET", "/company/{location_id}/hooks/deliveries", "list")
    w.call(
        "POST",
        "/company/{location_id}/hooks/events/{event_id}/replay",
        "replayed",
        ids={"event_id": events[0]["id"]},
    )
    w.call(
        "POST",
        "/company/{location_id}/hooks/replay",
        "range",
        json={"start": "2000-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z"},
    )
    w.call("POST", "/company/{location_id}/hooks/test", "sent", json={})
    w.call("POST", "/delivery/status", "statuses", json=[{"id": "0", "status": 1}], partner=True)
