import datetime

import factory
import wagtail_factories

from resources.models import ResourceIndexPage, ResourcePage

from ..groups.factories import topic


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A practical guide for partners."
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    link_url = "https://example.org/guide"

    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()  # commits the tags and puts them in the search index

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        """topics=["funding", ...]: shared topics (groups.Topic) by name, made if new."""
        if extracted:
            self.shared_topics.set([topic(name) for name in extracted])
            if create:
                self.save()
