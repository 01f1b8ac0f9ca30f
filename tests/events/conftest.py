import pytest
from wagtail.models import Site

from .factories import EventIndexPageFactory


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)
