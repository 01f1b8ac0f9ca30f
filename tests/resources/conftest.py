import pytest


@pytest.fixture
def library(home):
    from .factories import ResourceIndexPageFactory

    return ResourceIndexPageFactory(parent=home, intro="<p>Toolkits and templates.</p>")
