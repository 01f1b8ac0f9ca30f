"""Feeds of the hub: published responses as RSS (all, or one topic's), and an iCalendar of the
dates people wait for (closing dates and response due dates). Public content only: the question,
the response, the dates; never a submission's contact."""

import icalendar
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

FEED_LIMIT = 50


def discussions_with_response(index, topic_slug=""):
    answered = [d for d in index.discussions() if d.has_response()]
    if topic_slug:
        answered = [d for d in answered if topic_slug in {slugify(t) for t in d.topic_list()}]
    return sorted(answered, key=lambda d: d.response_published_on, reverse=True)[:FEED_LIMIT]


class ResponsesFeed(Feed):
    """ "You said, we did": each discussion whose response is published, newest response first."""

    def __init__(self, index, topic_slug=""):
        super().__init__()
        self.index = index
        self.topic_slug = topic_slug

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        site = index.get_site()
        site_name = site.site_name if site and site.site_name else _("Community Portal")
        if self.topic_slug:
            return _("%(site)s: responses to community discussions on %(topic)s") % {
                "site": site_name,
                "topic": self.topic_slug.replace("-", " "),
            }
        return _("%(site)s: responses to community discussions") % {"site": site_name}

    def link(self, index):
        return index.get_url(self.request)

    def description(self, index):
        return _("What public bodies answered to the conclusions community groups sent, and what changed.")

    def items(self, index):
        return discussions_with_response(index, self.topic_slug)

    def item_title(self, discussion):
        return _("%(body)s responds: %(title)s") % {"body": discussion.asking_body, "title": discussion.title}

    def item_description(self, discussion):
        commitments = "; ".join(f"{c.get_status_display()}: {c.text}" for c in discussion.commitments.all())
        text = strip_tags(discussion.response)
        if not commitments:
            return text.strip()
        changed = _("What changed: %(commitments)s") % {"commitments": commitments}
        return f"{text} {changed}".strip()

    def item_link(self, discussion):
        return discussion.get_url(self.request) + "#response"

    def item_pubdate(self, discussion):
        return timezone.make_aware(
            timezone.datetime.combine(discussion.response_published_on, timezone.datetime.min.time())
        )


def calendar_response(request, index):
    """All-day events: each discussion's closing date and, until it is answered, its response due date."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Community Portal//Discussion hub//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(hub)s: closing and response dates") % {"hub": index.title})
    for discussion in index.discussions():
        url = discussion.get_full_url(request)
        dates = [
            ("close", discussion.closes_on, _("Last day to send conclusions: %(title)s") % {"title": discussion.title})
        ]
        if not discussion.has_response():
            dates.append(
                (
                    "due",
                    discussion.response_due_on,
                    _("Response due from %(body)s: %(title)s")
                    % {"body": discussion.asking_body, "title": discussion.title},
                )
            )
        for kind, day, summary in dates:
            event = icalendar.Event()
            # Stable whatever the site's host: the page id and the kind of date.
            event.add("uid", f"hub-discussion-{discussion.pk}-{kind}@community-portal")
            event.add("dtstamp", discussion.last_published_at or timezone.now())
            event.add("dtstart", day)
            event.add("dtend", day + timezone.timedelta(days=1))
            event.add("summary", summary)
            event.add("description", f"{discussion.question}\n\n{url}")
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hub-dates.ics"'
    return response
