"""Gift certificate statements. Types and certificates are chain data (``scope="chain_id"``);
a location reaches those of the chains it belongs to, and a type only in its locations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import CertificateNotFound, CertificateTypeNotFound
from parlour.kit.repository import Scoped, paginate
from parlour.models import (
    Certificate,
    CertificateType,
    CertificateTypeLocation,
    GoodsCategory,
    Product,
    RecordService,
    SaleLoyaltyTransaction,
    Service,
    StorageDocument,
    Unit,
)

TYPES = Scoped(CertificateType, scope="chain_id", not_found=CertificateTypeNotFound)
CERTIFICATES = Scoped(Certificate, scope="chain_id", not_found=CertificateNotFound)


async def page_of_types(
    session: AsyncSession,
    chain_ids: Sequence[int],
    *,
    title: str | None,
    location_id: int | None,
    ids: Sequence[int] | None = None,
    offset: int,
    limit: int,
) -> tuple[list[CertificateType], int]:
    stmt = TYPES.select(chain_ids)
    if title:
        stmt = stmt.where(func.lower(CertificateType.title).contains(title.lower()))
    if ids is not None:
        stmt = stmt.where(CertificateType.id.in_(list(ids)))
    if location_id is not None:
        here = select(CertificateTypeLocation.type_id).where(
            CertificateTypeLocation.location_id == location_id
        )
        stmt = stmt.where(CertificateType.id.in_(here))
    return await paginate(session, stmt, offset=offset, limit=limit, order_by=(CertificateType.id,))


async def links_of(
    session: AsyncSession, type_ids: Sequence[int]
) -> dict[int, list[CertificateTypeLocation]]:
    """Each type's locations (with the product it is sold as there), by location id."""
    out: dict[int, list[CertificateTypeLocation]] = {t: [] for t in type_ids}
    if not type_ids:
        return out
    stmt = (
        select(CertificateTypeLocation)
        .where(CertificateTypeLocation.type_id.in_(list(type_ids)))
        .order_by(CertificateTypeLocation.location_id)
    )
    for row in (await session.execute(stmt)).scalars():
        out[row.type_id].append(row)
    return out


async def delete_link(session: AsyncSession, link: CertificateTypeLocation) -> None:
    await session.delete(link)


async def issued_count(session: AsyncSession, type_id: int) -> int:
    """Certificates ever sold of the type (deleted ones too)."""
    stmt = select(func.count(Certificate.id)).where(Certificate.type_id == type_id)
    return int((await session.execute(stmt)).scalar_one())


async def issued_counts(session: AsyncSession, type_ids: Sequence[int]) -> dict[int, int]:
    if not type_ids:
        return {}
    stmt = (
        select(Certificate.type_id, func.count(Certificate.id))
        .where(Certificate.type_id.in_(list(type_ids)))
        .group_by(Certificate.type_id)
    )
    return {int(t): int(n) for t, n in (await session.execute(stmt)).all()}


async def by_phone(
    session: AsyncSession, chain_ids: Sequence[int], phone: str
) -> list[Certificate]:
    return await CERTIFICATES.all(session, chain_ids, Certificate.phone == phone)


async def number_taken(session: AsyncSession, chain_id: int, number: str) -> bool:
    return await CERTIFICATES.count(session, chain_id, Certificate.number == number) > 0


async def lock(session: AsyncSession, chain_ids: Sequence[int], certificate_id: int) -> Certificate:
    """The live certificate, its row locked until the transaction ends (PostgreSQL ``FOR
    UPDATE``; SQLite's write transaction already holds the database's one write lock)."""
    stmt = CERTIFICATES.select(chain_ids, Certificate.id == certificate_id).with_for_update()
    row = (await session.execute(stmt)).scalar_one_or_none()
    if row is None:
        raise CertificateNotFound()
    return row


async def sold_by(
    session: AsyncSession, chain_ids: Sequence[int], document_id: int
) -> list[Certificate]:
    """The live certificates a goods sale document sold, their rows locked (as ``lock``)."""
    stmt = CERTIFICATES.select(chain_ids, Certificate.document_id == document_id).with_for_update()
    return list((await session.execute(stmt)).scalars())


async def live_lines_of(
    session: AsyncSession, certificate_id: int, *, but: int | None = None
) -> list[SaleLoyaltyTransaction]:
    """The live sale payment lines a certificate paid (other than ``but``)."""
    stmt = select(SaleLoyaltyTransaction).where(
        SaleLoyaltyTransaction.certificate_id == certificate_id,
        SaleLoyaltyTransaction.deleted.is_(False),
    )
    if but is not None:
        stmt = stmt.where(SaleLoyaltyTransaction.id != but)
    return list((await session.execute(stmt)).scalars())


async def visit_of_document(
    session: AsyncSession, location_id: int, document_id: int
) -> int | None:
    stmt = select(StorageDocument.visit_id).where(
        StorageDocument.id == document_id, StorageDocument.location_id == location_id
    )
    found: int | None = (await session.execute(stmt)).scalar_one_or_none()
    return found


async def services_of_lines(
    session: AsyncSession, location_id: int, line_ids: Sequence[int]
) -> dict[int, tuple[int, int | None]]:
    """For record service lines of the location: (service id, its category id)."""
    if not line_ids:
        return {}
    stmt = (
        select(RecordService.id, Service.id, Service.category_id)
        .join(Service, Service.id == RecordService.service_id)
        .where(RecordService.id.in_(list(line_ids)), Service.location_id == location_id)
    )
    return {int(a): (int(b), c) for a, b, c in (await session.execute(stmt)).all()}


async def product(session: AsyncSession, product_id: int) -> Product | None:
    return await session.get(Product, product_id)


async def first_unit(session: AsyncSession, location_id: int) -> Unit | None:
    stmt = select(Unit).where(Unit.location_id == location_id).order_by(Unit.id).limit(1)
    return (await session.execute(stmt)).scalar_one_or_none()


async def goods_category(
    session: AsyncSession, location_id: int, title: str
) -> GoodsCategory | None:
    stmt = select(GoodsCategory).where(
        GoodsCategory.location_id == location_id,
        GoodsCategory.title == title,
        GoodsCategory.deleted.is_(False),
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()
