from wagtail import views as wagtail_views


def calendar_file(request, page_path):
    """`<page url>calendar.ics`: Wagtail's own URL pattern refuses a dot, so this hands the path
    back to Wagtail's page serving (privacy checks, hooks and all), where the event and events
    index pages route `calendar.ics/` to their calendar feed. Any other page gives a 404."""
    return wagtail_views.serve(request, f"{page_path}calendar.ics/")
