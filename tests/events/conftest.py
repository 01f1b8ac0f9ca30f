import pytest

from .factories import EventIndexPageFactory


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)
