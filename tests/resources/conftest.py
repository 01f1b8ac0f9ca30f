import pytest
from wagtail.models import Site


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def library(home):
    from .factories import ResourceIndexPageFactory

    return ResourceIndexPageFactory(parent=home, intro="<p>Toolkits and templates.</p>")
