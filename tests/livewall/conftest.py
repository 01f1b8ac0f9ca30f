"""Fixtures of the socket tests (test_consumers, test_hub_memory): database rows made on the
database thread, as the consumers under test read them."""

import pytest
from channels.db import database_sync_to_async

from livewall.models import Wall

from .factories import ModeratorFactory, WallFactory


@pytest.fixture
async def wall():
    """A post-moderated wall: accepted contributions go live at once."""
    return await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.POST)


@pytest.fixture
async def moderator():
    return await database_sync_to_async(ModeratorFactory)()
