import datetime

from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage

from .factories import EventIndexPageFactory


class EventPageRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.home = Site.objects.get(is_default_site=True).root_page.specific

    def test_index_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertCanNotCreateAt(Page, EventIndexPage)

    def test_events_live_under_an_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(EventPage, {})
        self.assertCanNotCreateAt(HomePage, EventPage)

    def test_only_one_index_per_home_page(self):
        EventIndexPageFactory(parent=self.home)
        self.assertFalse(EventIndexPage.can_create_at(self.home))

    def test_an_editor_can_create_an_event(self):
        self.login()
        index = EventIndexPageFactory(parent=self.home)
        start = timezone.localtime(timezone.now() + datetime.timedelta(days=7)).replace(hour=10, minute=0)
        data = nested_form_data(
            {
                "title": "Open board meeting",
                "slug": "open-board-meeting",
                "summary": "The board meets in public.",
                "status": "scheduled",
                "start": start.strftime("%Y-%m-%d %H:%M"),
                "end": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
                "format": "in_person",
                "venue_name": "Westbury Town Hall",
                "body": streamfield([("paragraph", rich_text("<p>Papers are published a week before.</p>"))]),
                "tags": "governance",
                "organiser_entries": inline_formset(
                    [{"name": "Westshire Council", "url": "https://westshire.example.gov.uk/"}]
                ),
                "occurrence_changes": inline_formset([]),
            }
        )
        self.assertCanCreate(index, EventPage, data)
        created = EventPage.objects.get(slug="open-board-meeting")
        self.assertPageIsRoutable(created)
        assert [(entry.name, entry.url) for entry in created.organiser_list] == [
            ("Westshire Council", "https://westshire.example.gov.uk/")
        ]
