"""Demo gift certificates: a 1000 certificate type (pays for anything, a year from the sale)
in each chain of the location, sold once to the first demo client with a phone."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.certificates import service
from parlour.certificates.schemas import CertificateSale, CertificateTypeWrite
from parlour.clients import repository as clients_repo
from parlour.locations import repository as locations_repo
from parlour.loyalty import repository as loyalty_repo
from parlour.models import Location


async def seed_demo(session: AsyncSession, location: Location) -> None:
    buyers = [c for c in await clients_repo.CLIENTS.all(session, location.id) if c.phone]
    for chain_id in await loyalty_repo.chain_ids_of(session, location.id):
        chain = await locations_repo.CHAINS.load(session, chain_id)
        kind = await service.create_type(
            session,
            chain,
            CertificateTypeWrite.model_validate(
                {
                    "title": "Gift certificate 1000",
                    "balance": 1000,
                    "is_multi": True,
                    "item_type_id": 0,
                    "is_allow_empty_code": False,
                    "balance_edit_type_id": 2,
                    "service_ids": [],
                    "salon_ids": [location.id],
                    "expiration": {"type_id": 2, "timeout": 1, "timeout_unit_id": 4},
                    "online_sale": {"is_enabled": False},
                }
            ),
        )
        if buyers:
            await service.sell(
                session,
                location,
                None,
                CertificateSale(certificate_type_id=kind["id"], client_id=buyers[0].id),
            )
