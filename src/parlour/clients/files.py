"""Client files: bytes on disk under ``Settings.files_dir``, metadata in ``client_file``.

Upstream lists and deletes files but documents no upload or download operation; Parlour adds
both (multipart upload beside the list, download beside the delete) so the list's ``link``
points somewhere real.
"""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.clients import repository as repo
from parlour.config import Settings
from parlour.db import after_commit, after_rollback
from parlour.errors import ClientFileNotFound, PayloadTooLarge, ValidationFailed
from parlour.kit.request_context import public_base_url
from parlour.kit.timeutil import iso_compact, zone
from parlour.models import Client, ClientComment, ClientFile, Location, User

CHUNK = 64 * 1024


def path_of(settings: Settings, key: str) -> Path:
    return Path(settings.files_dir) / key


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.2f} {unit}"
        value /= 1024
    return f"{size} B"


def link_of(settings: Settings, f: ClientFile) -> str:
    base = public_base_url(settings.public_url)
    return f"{base}/api/v1/company/{f.location_id}/clients/files/{f.client_id}/{f.id}"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


async def render(
    session: AsyncSession,
    settings: Settings,
    location: Location,
    access: Access,
    items: list[ClientFile],
) -> list[dict[str, Any]]:
    tz = zone(location.timezone_name)
    users = await repo.users_by_id(session, [f.user_id for f in items if f.user_id])
    can_edit = access.has("clients_access")
    out = []
    for f in items:
        user = users.get(f.user_id) if f.user_id else None
        out.append(
            {
                "id": f.id,
                "client_id": f.client_id,
                "name": f.name,
                "description": f.description,
                "date_create": iso_compact(f.created_at, tz),
                "extension": _extension(f.name),
                "mime": f.mime,
                "link": link_of(settings, f),
                "user_name": user.name if user else "",
                "user_avatar": user.avatar if user else "",
                "size": human_size(f.size),
                "can_edit": can_edit,
            }
        )
    return out


async def upload(
    session: AsyncSession,
    settings: Settings,
    client: Client,
    user: User,
    upload_file: UploadFile,
    description: str,
) -> ClientFile:
    name = Path(upload_file.filename or "").name.strip()
    if not name:
        raise ValidationFailed.field("file", "a file with a name is required")
    if len(name) > 255:
        raise ValidationFailed.field("file", "the file name is longer than 255 characters")
    key = f"{client.location_id}/{client.id}/{secrets.token_hex(16)}"
    target = path_of(settings, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with target.open("wb") as out:
            while chunk := await upload_file.read(CHUNK):
                size += len(chunk)
                if size > settings.max_file_bytes:
                    raise PayloadTooLarge(
                        f"The file is larger than the limit of {settings.max_file_bytes} bytes."
                    )
                out.write(chunk)
        mime = upload_file.content_type or ""
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        record = ClientFile(
            location_id=client.location_id,
            client_id=client.id,
            user_id=user.id,
            name=name,
            description=description.strip(),
            mime=mime[:255],
            size=size,
            storage_key=key,
        )
        session.add(record)
        await session.flush()
        # Upstream's comment history shows uploads too.
        session.add(
            ClientComment(
                location_id=client.location_id,
                client_id=client.id,
                user_id=user.id,
                file_id=record.id,
                type="file",
                text=name,
            )
        )
        await session.flush()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    # A row that never commits leaves no bytes behind.
    after_rollback(session, lambda: target.unlink(missing_ok=True))
    return record


async def get(session: AsyncSession, client: Client, file_id: int) -> ClientFile:
    found = await repo.file(session, client, file_id)
    if found is None:
        raise ClientFileNotFound()
    return found


async def delete(session: AsyncSession, client: Client, file_id: int) -> str:
    """Remove the row; returns the storage key, for ``remove_after_commit``."""
    found = await get(session, client, file_id)
    key = found.storage_key
    await session.delete(found)
    await session.flush()
    return key


def remove_from_disk(settings: Settings, keys: list[str]) -> None:
    for key in keys:
        path_of(settings, key).unlink(missing_ok=True)


def remove_after_commit(session: AsyncSession, settings: Settings, keys: list[str]) -> None:
    """The bytes go only once the rows' removal is committed (kept if it rolls back)."""
    if keys:
        after_commit(session, lambda: remove_from_disk(settings, keys))
