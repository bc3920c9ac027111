"""Pictures of services and team members.

An upload is one JPEG or PNG (checked by decoding it, not by its name), kept under
``Settings.files_dir`` with the size limit of client files. It is bound to a service
(``company_id`` + ``service_id``) or a team member (``master_id``); a new picture replaces the
entity's previous one. A team member's picture becomes their ``avatar`` / ``avatar_big``; a
service's shows as its ``image_group``. The bytes are served at a public Parlour URL (the
pictures appear in the booking widget), removed only once the removal commits.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from PIL import Image, UnidentifiedImageError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.config import Settings
from parlour.db import after_commit, after_rollback
from parlour.errors import ImageNotFound, PayloadTooLarge, ValidationFailed
from parlour.kit.request_context import public_base_url
from parlour.media import repository as repo
from parlour.models import ImageGroup, Service, TeamMember

ENTITIES = ("master", "service")
FORMATS = {"JPEG": ("jpeg", "image/jpeg"), "PNG": ("png", "image/png")}
MIME_OF = {ext: mime for ext, mime in FORMATS.values()}
CHUNK = 64 * 1024


def link(settings: Settings, group: ImageGroup) -> str:
    """The picture's public address (the server's public URL, or the address the request
    reached); kept on the row when it is uploaded."""
    base = public_base_url(settings.public_url)
    return f"{base}/api/v1/image_groups/{group.id}/basic.{group.image_type}"


def path_of(settings: Settings, group: ImageGroup) -> Path:
    return Path(settings.files_dir) / group.storage_key


def render(group: ImageGroup, *, numbers: bool = True) -> dict[str, Any]:
    """Upstream's image group: the group and its one ``basic`` version. ``numbers=False``
    quotes the version's id and size, as upstream's service answers do."""

    def n(value: int) -> int | str:
        return value if numbers else str(value)

    bound = group.entity_id != 0
    return {
        "id": group.id,
        "entity": group.entity if bound else "",
        "entity_id": group.entity_id,
        "images": {
            "basic": {
                "id": n(group.id),
                "path": group.url,
                "width": n(group.width),
                "height": n(group.height),
                "type": group.image_type,
                "image_group_id": group.id,
                "version": "basic",
            }
        },
    }


async def _read(upload: UploadFile, limit: int) -> bytes:
    data = bytearray()
    while chunk := await upload.read(CHUNK):
        data += chunk
        if len(data) > limit:
            raise PayloadTooLarge(f"The image is larger than the limit of {limit} bytes.")
    return bytes(data)


def _decode(data: bytes) -> tuple[str, int, int]:
    """(type, width, height) of a JPEG or PNG; anything else is a 422."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            width, height = picture.size
            picture.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationFailed.field("image", "the file is not a JPEG or PNG image") from exc
    if kind not in FORMATS:
        raise ValidationFailed.field("image", "only JPEG and PNG images are accepted")
    return FORMATS[kind][0], width, height


async def target_location(
    session: AsyncSession, entity: str, company_id: int | None, master_id: int | None
) -> int:
    """The location an upload belongs to: the form's ``company_id`` for a service, the team
    member's for a member."""
    if entity == "service":
        if not company_id:
            raise ValidationFailed.field("company_id", "company_id is required for a service")
        return company_id
    if not master_id:
        raise ValidationFailed.field("master_id", "master_id is required for a team member")
    member = await repo.member(session, master_id)
    if member is None:
        raise ValidationFailed.field("master_id", "no such team member")
    return member.location_id


async def _replace(session: AsyncSession, settings: Settings, group: ImageGroup) -> None:
    """Drop the entity's previous pictures (their bytes go after the commit)."""
    old = await repo.IMAGES.all(
        session,
        group.location_id,
        ImageGroup.entity == group.entity,
        ImageGroup.entity_id == group.entity_id,
        ImageGroup.id != group.id,
    )
    for previous in old:
        await _drop(session, settings, previous)


async def _drop(session: AsyncSession, settings: Settings, group: ImageGroup) -> None:
    path = path_of(settings, group)
    await session.delete(group)
    after_commit(session, lambda: path.unlink(missing_ok=True))


def _set_avatar(member: TeamMember, url: str) -> None:
    member.avatar = url
    member.avatar_big = url


async def upload(
    session: AsyncSession,
    settings: Settings,
    location_id: int,
    entity: str,
    upload_file: UploadFile,
    *,
    service_id: int | None,
    master_id: int | None,
) -> tuple[ImageGroup, bool]:
    """Store the picture and bind it; returns the group and whether it was bound."""
    data = await _read(upload_file, settings.max_file_bytes)
    kind, width, height = _decode(data)
    entity_id = 0
    member: TeamMember | None = None
    if entity == "service" and service_id:
        if await repo.service(session, location_id, service_id) is None:
            raise ValidationFailed.field("service_id", "no such service at this location")
        entity_id = service_id
    elif entity == "master" and master_id:
        member = await repo.member(session, master_id)
        entity_id = master_id
    key = f"images/{location_id}/{secrets.token_hex(16)}.{kind}"
    group = ImageGroup(
        location_id=location_id,
        entity=entity,
        entity_id=entity_id,
        storage_key=key,
        image_type=kind,
        width=width,
        height=height,
        size=len(data),
    )
    session.add(group)
    await session.flush()
    group.url = link(settings, group)
    target = path_of(settings, group)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    after_rollback(session, lambda: target.unlink(missing_ok=True))
    if entity_id:
        await _replace(session, settings, group)
    if member is not None:
        _set_avatar(member, group.url)
    await session.flush()
    return group, entity_id != 0


async def group_location(session: AsyncSession, image_group_id: int) -> ImageGroup:
    found = await repo.image(session, image_group_id)
    if found is None:
        raise ImageNotFound()
    return found


async def delete(session: AsyncSession, settings: Settings, entity: str, group: ImageGroup) -> None:
    """Remove a picture; a team member it was the avatar of is left without one."""
    if group.entity != entity and group.entity_id != 0:
        raise ImageNotFound()
    if group.entity == "master" and group.entity_id:
        member = await repo.member(session, group.entity_id)
        if member is not None and member.avatar == group.url:
            _set_avatar(member, "")
    await _drop(session, settings, group)
    await session.flush()


async def service_groups(
    session: AsyncSession, services: Sequence[Service]
) -> dict[int, dict[str, Any]]:
    """``image_group`` of each service that has a picture (others answer ``[]``)."""
    found = await repo.bound(
        session, {s.location_id for s in services}, "service", [s.id for s in services]
    )
    return {sid: render(group, numbers=False) for sid, group in found.items()}


def media_type(group: ImageGroup) -> str:
    return MIME_OF.get(group.image_type, "application/octet-stream")
