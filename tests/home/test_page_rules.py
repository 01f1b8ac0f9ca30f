"""Every page type of the foundation can be created where allowed and nowhere else."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from resources.models import ResourceIndexPage, ResourcePage
from tests.home.factories import StandardPageFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory


class PageRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root_and_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertCanNotCreateAt(ResourceIndexPage, HomePage)
        # The migration made the one home page: a second cannot be added, even at the root.
        self.assertTrue(HomePage.objects.exists())
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_standard_page_under_home_or_another_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(ResourceIndexPage, StandardPage)
        self.assertCanNotCreateAt(ResourcePage, StandardPage)

    def test_resource_index_only_under_home_once(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})
        self.assertCanCreateAt(HomePage, ResourceIndexPage)
        self.assertCanNotCreateAt(StandardPage, ResourceIndexPage)
        self.assertCanNotCreateAt(Page, ResourceIndexPage)
        self.assertCanNotCreateAt(ResourcePage, ResourceIndexPage)

        home = HomePage.objects.get()
        ResourceIndexPageFactory(parent=home)
        self.assertFalse(ResourceIndexPage.can_create_at(home), "one library per home page")

    def test_resource_page_only_in_a_library_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertCanNotCreateAt(StandardPage, ResourcePage)
        self.assertCanNotCreateAt(Page, ResourcePage)

    def test_every_page_type_is_creatable_through_the_admin(self):
        """The admin's create view accepts each type under an allowed parent (a real editor's path)."""
        self.login()
        home = HomePage.objects.get()
        library = ResourceIndexPageFactory(parent=home)
        standard = StandardPageFactory(parent=home)
        self.assertCanCreate(
            home,
            StandardPage,
            {"title": "About us", "slug": "about-us", "introduction": "Who we are.", "body-count": "0"},
        )
        self.assertCanCreate(
            standard, StandardPage, {"title": "History", "slug": "history", "introduction": "", "body-count": "0"}
        )
        self.assertCanCreate(
            library,
            ResourcePage,
            {
                "title": "Grant toolkit",
                "slug": "grant-toolkit",
                "summary": "How to apply.",
                "date": "2026-05-01",
                "link_url": "https://example.org/toolkit",
                "for_public_sector": "on",
                "tags": "funding, grants",
                "body-count": "0",
            },
        )
        resource = ResourcePage.objects.get(slug="grant-toolkit")
        self.assertEqual(sorted(tag.name for tag in resource.tags.all()), ["funding", "grants"])
        self.assertTrue(resource.for_public_sector)
        self.assertFalse(resource.for_community_groups)

    def test_a_resource_needs_something_to_offer(self):
        from django.core.exceptions import ValidationError

        home = HomePage.objects.get()
        library = ResourceIndexPageFactory(parent=home)
        empty = ResourcePage(title="Nothing", slug="nothing", summary="Empty.")
        with self.assertRaises(ValidationError):
            empty.full_clean()
        ResourcePageFactory(parent=library, link_url="https://example.org/ok").full_clean()
