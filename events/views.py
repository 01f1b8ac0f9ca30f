from django.conf import settings
from wagtail import views as wagtail_views


def calendar_file(request, page_path):
    """`<page url>calendar.ics`: Wagtail's own URL pattern refuses a dot, so this hands the path
    back to Wagtail's page serving (privacy checks, hooks and all), where the event and events
    index pages route `calendar.ics/` to their calendar feed. Any other page gives a 404.

    This pattern sits outside i18n_patterns (it must answer unprefixed), so a Welsh or Arabic
    page's calendar (/cy/…/calendar.ics) arrives with its language prefix in the path: it is
    taken off, as i18n_patterns does for the pages themselves (LocaleMiddleware has already
    activated the language from it)."""
    language, _, rest = page_path.partition("/")
    if rest and language != settings.LANGUAGE_CODE and language in dict(settings.LANGUAGES):
        page_path = rest
    return wagtail_views.serve(request, f"{page_path}calendar.ics/")
