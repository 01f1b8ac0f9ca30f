import factory
import wagtail_factories

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "Why councils and community groups plan together."

    class Meta:
        model = StandardPage
