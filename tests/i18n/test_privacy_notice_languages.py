"""The standard privacy notice in Welsh and Arabic, with the organisation's own name and address."""

import pytest
from wagtail.models import Site

from home.models import PortalSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(home):
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.update_or_create(
        site=site, defaults={"organisation_name": "Westshire Portal", "contact_email": "data@westshire.example"}
    )


def test_the_privacy_notice_in_welsh(client, portal):
    html = client.get("/cy/privacy/").content.decode()
    assert "Mae Westshire Portal yn rhedeg y wefan hon" in html
    assert '<a href="mailto:data@westshire.example">data@westshire.example</a>' in html
    assert "Caiff <strong><code>wall_participant</code></strong> ei osod" in html
    assert "Mae’n dod i ben ar ôl 30 diwrnod." in html
    assert "Reading this site" not in html


def test_the_privacy_notice_in_arabic(client, portal):
    html = client.get("/ar/privacy/").content.decode()
    assert 'dir="rtl"' in html and "تدير Westshire Portal هذا الموقع" in html
    assert "تنتهي صلاحيته بعد 30 يومًا." in html
