"""The events listing: upcoming or past, filtered by format and by the portal's shared topics
(groups.Topic, by slug; the old free tags are no longer filtered on), paginated, grouped by month.

A repeating event is listed once per occurrence, each at its own date (events.recurrence), within a
year of today. One-off events and series are each fetched in one query (plus a fixed number of
prefetches), and the occurrences are computed in Python: the query count does not grow with them.
"""

from itertools import groupby

from django import forms
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import recurrence, timing
from .choices import EventFormat


class ListingFilterForm(forms.Form):
    when = forms.ChoiceField(
        choices=[("upcoming", _("Upcoming events")), ("past", _("Past events"))], required=False, label=_("Show")
    )
    format = forms.ChoiceField(choices=[("", _("Any format"))] + EventFormat.choices, required=False, label=_("Format"))
    topic = forms.ChoiceField(choices=[("", _("Any topic"))], required=False, label=_("Topic"))

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic"))] + [(topic.slug, topic.name) for topic in topics]


def topics_for(events):
    """The shared topics (groups.Topic) these events have, for the topic filter (one query)."""
    field = events.model._meta.get_field("shared_topics")
    in_use = field.remote_field.through.objects.filter(eventpage__in=events).values("topic_id")
    return field.related_model.objects.filter(pk__in=in_use).order_by(Lower("name"))


def group_by_month(events):
    """[(first-of-month local datetime, [events])] in the order given."""

    def month(event):
        local = timezone.localtime(event.start)
        return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    return [(key, list(items)) for key, items in groupby(events, key=month)]


def listed_events(events, now, show_past, limit=None):
    """One-off events and the occurrences of series, upcoming soonest first or past latest first;
    with `limit`, only the first `limit` of them (fewer one-off events are fetched)."""
    singles = events.filter(repeat="")
    series = timing.for_cards(events.exclude(repeat="")).prefetch_related("occurrence_changes")
    if show_past:
        items = list(timing.for_cards(timing.past(singles, now))[:limit])
        low, high = now - recurrence.HORIZON, now
    else:
        items = list(timing.for_cards(timing.upcoming(singles, now))[:limit])
        low, high = now, now + recurrence.HORIZON
    for event in series:
        for occurrence in recurrence.occurrences(event, after=low, before=high):
            if (occurrence.end <= now) == show_past:
                items.append(occurrence)
    items.sort(key=lambda event: (event.start, event.end, event.pk), reverse=show_past)
    return items[:limit] if limit else items


def build_listing(index, request, now=None):
    now = now or timezone.now()
    events = index.events()
    topics = list(topics_for(events))
    form = ListingFilterForm(request.GET or None, topics=topics)
    filters = {}
    if form.is_bound:
        # A bad value in one filter (say ?format=nonsense) is reported on the form and ignored;
        # cleaned_data still holds the filters that were valid.
        form.is_valid()
        filters = form.cleaned_data
    show_past = filters.get("when") == "past"

    selected = events
    if filters.get("format"):
        selected = selected.filter(format=filters["format"])
    if filters.get("topic"):
        selected = selected.filter(shared_topics__slug=filters["topic"])

    paginator = Paginator(listed_events(selected, now, show_past), index.events_per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "show_past": show_past,
        "events_page": page_obj,
        "months": group_by_month(page_obj.object_list),
        "filter_query": query.urlencode(),
        "now": now,
        "time_zone_name": timing.site_time_zone_name(),
    }
