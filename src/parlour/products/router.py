"""Products section: goods and the goods-category tree.

Literal paths (``/goods/search``, ``/goods/category_node``, ``/goods_categories/multiple``)
are registered before the ones whose first segment is a location id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from parlour.deps import AccessDep, LocationDep, SessionDep, needs
from parlour.kit.envelope import ok, ok_list
from parlour.kit.extension import extension
from parlour.kit.ids import PathId, PathIdOrZero, QueryId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import id_list_or_empty
from parlour.products import service
from parlour.products.schemas import CategoryWrite, ProductUpdate, ProductWrite, UnitCreate

router = APIRouter(tags=["Products"])

Text = Annotated[str | None, Query(max_length=255)]
When = Annotated[str | None, Query(max_length=64)]


# --- literal paths first -------------------------------------------------------------------


@router.get(
    "/goods/search/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Search products and categories",
    openapi_extra={
        "x-parlour-note": "Takes the term as `term` or `search_term` and the limit as `count` "
        "or `max_count` (at most 100, default 100), as the docs name them both ways."
    },
)
async def search_product(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    term: Text = None,
    search_term: Text = None,
    count: Annotated[int | None, Query(ge=1, le=service.SEARCH_LIMIT)] = None,
    max_count: Annotated[int | None, Query(ge=1, le=service.SEARCH_LIMIT)] = None,
) -> JSONResponse:
    limit = count or max_count or service.SEARCH_LIMIT
    data = await service.search(session, location, access, term or search_term, limit)
    return ok_list(data)


@router.get(
    "/goods/category_node/{location_id}/{category_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Example of a request to get the composition of a category",
)
async def get_product_category_composition(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    category_id: PathId,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=service.NODE_PAGE_LIMIT)] = None,
) -> JSONResponse:
    paging = page_of(page, count, default=service.NODE_PAGE_LIMIT, maximum=service.NODE_PAGE_LIMIT)
    data = await service.node(session, location, access, category_id, paging.page, paging.count)
    return ok(data)


@router.get(
    "/goods_categories/multiple/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get a list of product categories by ID",
)
async def get_product_category_list_by_ids(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    ids: Annotated[list[int], Depends(id_list_or_empty("id"))],
    more: Annotated[list[int], Depends(id_list_or_empty("ids"))],
) -> JSONResponse:
    rows = await service.categories_by_ids(session, location, access, [*ids, *more])
    return ok([service.render_category_short(r) for r in rows])


# --- goods ---------------------------------------------------------------------------------


@router.get(
    "/goods/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get a list of products",
    openapi_extra={
        "x-parlour-note": "Filters term (title, article, barcode), category_id, changed_after "
        "and changed_before as on the one-product read; pages of 25 by default, 1000 at most."
    },
)
async def get_products_list(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    term: Text = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
    category_id: QueryId = None,
    changed_after: When = None,
    changed_before: When = None,
) -> JSONResponse:
    paging = page_of(page, count, default=25, maximum=1000)
    rows, total = await service.list_products(
        session,
        location,
        access,
        term=term,
        category_id=category_id,
        changed_after=changed_after,
        changed_before=changed_before,
        offset=paging.offset,
        limit=paging.limit,
    )
    data = await service.render_products(session, location, rows)
    return ok(data, list_meta(total, paging))


@router.post(
    "/goods/{location_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=201,
    summary="Create product",
)
async def create_product(
    access: AccessDep, session: SessionDep, location: LocationDep, body: ProductWrite
) -> JSONResponse:
    row = await service.create_product(session, location, access, body)
    # Upstream's sample answers a list holding the product.
    return ok(await service.render_products(session, location, [row]), status_code=201)


@router.get(
    "/goods/{location_id}/{product_id}", dependencies=[needs(service.RIGHT)], summary="Get Products"
)
async def get_product(
    access: AccessDep, session: SessionDep, location: LocationDep, product_id: PathId
) -> JSONResponse:
    row = await service.get_product(session, location, access, product_id)
    return ok(await service.render_products(session, location, [row]))


@router.put(
    "/goods/{location_id}/{product_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Edit Products",
    openapi_extra={
        "x-parlour-note": "Changing the sale unit, the service unit or unit_equals of a product "
        "with inventory operations needs a correction rule for each document type among them "
        "(409 otherwise); base_unit names the unit whose stored quantities stay unchanged."
    },
)
async def update_product(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    product_id: PathId,
    body: ProductUpdate,
) -> JSONResponse:
    row = await service.update_product(session, location, access, product_id, body)
    return ok(await service.render_products(session, location, [row]))


@router.delete(
    "/goods/{location_id}/{product_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=204,
    summary="Delete Items",
    openapi_extra={"x-parlour-note": "Soft: the product's ledger lines keep naming it."},
)
async def delete_product(
    access: AccessDep, session: SessionDep, location: LocationDep, product_id: PathId
) -> Response:
    await service.delete_product(session, location, access, product_id)
    return Response(status_code=204)


# --- categories ----------------------------------------------------------------------------


@router.get(
    "/company/{location_id}/goods_categories/{parent_category_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Example of a request to get categories",
    openapi_extra={
        "x-parlour-note": "parent_category_id 0 lists every category of the location (each "
        "with its parent, 0 for roots); another id lists the categories right under it."
    },
)
async def get_product_category_list(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    parent_category_id: PathIdOrZero,
) -> JSONResponse:
    rows = await service.list_categories(session, location, access, parent_category_id)
    return ok_list([service.render_category(r) for r in rows])


@router.get(
    "/goods_categories/{location_id}/{category_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get a list of product categories",
    deprecated=True,
)
async def deprecated_get_product_category_list(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    category_id: PathIdOrZero,
) -> JSONResponse:
    rows = await service.child_categories(session, location, access, category_id)
    return ok([service.render_category_short(r) for r in rows])


@router.post(
    "/goods_categories/{location_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=201,
    summary="Create a Product Category",
)
async def create_product_category(
    access: AccessDep, session: SessionDep, location: LocationDep, body: CategoryWrite
) -> JSONResponse:
    row = await service.create_category(session, location, access, body)
    return ok(service.render_category(row), status_code=201)


@router.put(
    "/goods_categories/{location_id}/{category_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Edit a Product Category",
)
async def update_product_category(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    category_id: PathId,
    body: CategoryWrite,
) -> JSONResponse:
    row = await service.update_category(session, location, access, category_id, body)
    return ok(service.render_category(row))


@router.delete(
    "/goods_categories/{location_id}/{category_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=204,
    summary="Delete a Product Category",
    openapi_extra={
        "x-parlour-note": "A category that still holds categories or products is refused with 409."
    },
)
async def delete_product_category(
    access: AccessDep, session: SessionDep, location: LocationDep, category_id: PathId
) -> Response:
    await service.delete_category(session, location, access, category_id)
    return Response(status_code=204)


# --- units (Parlour extension) --------------------------------------------------------------


@router.get(
    "/units/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get units",
    openapi_extra=extension("Parlour extension: the units products are sold and written off in."),
)
async def get_unit_list(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await service.list_units(session, location, access)
    return ok_list([service.render_unit(r) for r in rows])


@router.post(
    "/units/{location_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=201,
    summary="Create a unit",
    openapi_extra=extension("Parlour extension: upstream can only read units."),
)
async def create_unit(
    access: AccessDep, session: SessionDep, location: LocationDep, body: UnitCreate
) -> JSONResponse:
    row = await service.create_unit(session, location, access, body)
    return ok(service.render_unit(row), status_code=201)
