"""The one list of section routers, in upstream order.

Order matters where upstream paths share a prefix (``/company/{location_id}/staff/schedule``
before ``/company/{location_id}/staff/{team_member_id}``): literal paths are registered first
inside each section, and the sections below follow upstream's index.
"""

from __future__ import annotations

from fastapi import APIRouter

from parlour.analytics.router import router as analytics
from parlour.appointments.router import router as appointments
from parlour.auth.router import router as auth
from parlour.cabinet.router import router as cabinet
from parlour.campaigns.router import router as campaigns
from parlour.certificates.router import router as certificates
from parlour.chains.router import router as chains
from parlour.clients.router import router as clients
from parlour.custom_fields.router import router as custom_fields
from parlour.deposits.router import router as deposits
from parlour.event_schedules.router import router as event_schedules
from parlour.events.router import router as events
from parlour.fiscal.router import router as fiscal
from parlour.inventory.router import router as inventory
from parlour.locations.router import router as locations
from parlour.loyalty.router import router as loyalty
from parlour.media.router import router as media
from parlour.memberships.router import router as memberships
from parlour.notifications.router import router as notifications
from parlour.online_booking.router import router as online_booking
from parlour.outbox.router import router as outbox
from parlour.payments.router import router as payments
from parlour.products.router import router as products
from parlour.reports.router import router as reports
from parlour.salary.router import router as salary
from parlour.sales.router import router as sales
from parlour.schedules.router import router as schedules
from parlour.services.router import router as services
from parlour.system.router import router as system
from parlour.tags.router import router as tags
from parlour.team_members.router import router as team_members
from parlour.users.router import router as users
from parlour.utilities.router import router as utilities
from parlour.webhooks.router import router as webhooks

api_router = APIRouter()
for section in (
    system,
    auth,
    locations,
    services,
    team_members,
    clients,
    appointments,
    schedules,
    products,
    inventory,
    payments,
    sales,
    deposits,
    fiscal,
    reports,
    analytics,
    event_schedules,
    events,
    online_booking,
    custom_fields,
    tags,
    chains,
    loyalty,
    salary,
    certificates,
    memberships,
    users,
    notifications,
    campaigns,
    utilities,
    media,
    outbox,
    webhooks,
    cabinet,
):
    api_router.include_router(section)
