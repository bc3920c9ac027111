"""The yoga studio of tests/events, for the schedule tests."""

from __future__ import annotations

import pytest

from parlour.db import Database
from tests.events.conftest import Studio, make_studio
from tests.fixtures.factories import Tenant


@pytest.fixture
async def studio(database: Database, world: Tenant) -> Studio:
    return await make_studio(database, world)
