"""The one id bound, and the id types every schema and handler declares.

Ids travel as JSON numbers; JavaScript clients (upstream's widgets among them) hold numbers as
doubles, which stay exact up to 2**53. Larger values are refused at the edge (422), so no id
beyond that ever reaches a query (and PostgreSQL's BIGINT never overflows).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2**53

# In request bodies. ``IdOrZero``: upstream sends 0 for "none" in several fields.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
IdOrZero = Annotated[int, Field(ge=0, le=MAX_ID)]

# In paths and query strings.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PathIdOrZero = Annotated[int, Path(ge=0, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
QueryIdOrZero = Annotated[int, Query(ge=0, le=MAX_ID)]


def is_id(value: int) -> bool:
    """True for a value an id can take (1 .. MAX_ID)."""
    return 1 <= value <= MAX_ID
