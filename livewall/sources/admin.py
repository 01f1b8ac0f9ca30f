"""Admin for the wall sources: a Wagtail ModelViewSet with the poller's status and "poll now".

The form edits what an organiser chooses (wall, kind, query, URL, interval, options). Credentials
never appear: they come from the environment (see README, "Live wall sources"). The poller's own
state (cursor, last success/error, counts, next poll) is shown in the listing, never edited.
"Poll now" only asks: it makes the source due and answers at once; the running poller polls it on
its next pass and the listing then shows the result (a platform's slowness never holds a request).
The "Live walls" menu group in livewall/wagtail_hooks.py registers `WallSourceViewSet`.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, NumberColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from livewall.models import WallSource

from . import poller
from .mastodon import hashtags_in_query

FORM_FIELDS = ["wall", "kind", "query", "base_url", "interval_seconds", "enabled", "options"]
# A source due for longer than this has not been picked up: most likely no poller is running.
STALE_DUE_SECONDS = 60


def last_error_summary(source):
    if not source.last_error:
        return ""
    if not source.consecutive_failures:  # a partial error (one instance of several) on a successful poll
        return source.last_error[:160]
    return f"{source.last_error[:160]} ({source.consecutive_failures} in a row)"


class WallSourceForm(forms.ModelForm):
    """A Mastodon query must name a #hashtag: Mastodon can follow nothing else. A replay's base URL
    is fetched over HTTP, so it must be an http(s) address (a URLField also takes ftp://)."""

    def clean(self):
        cleaned = super().clean()
        base = (cleaned.get("base_url") or "").strip()
        if (
            cleaned.get("kind") == WallSource.Kind.REPLAY
            and base
            and not base.lower().startswith(("http://", "https://"))
        ):
            self.add_error("base_url", "A replay file is read over the web: give its http:// or https:// address.")
        query = (cleaned.get("query") or "").strip()
        if cleaned.get("kind") == WallSource.Kind.MASTODON and query and not hashtags_in_query(query):
            self.add_error(
                "query",
                "Mastodon can only follow hashtags: write them with # (e.g. #FindingOurVoice). "
                "Words without # are not followed; leave the query empty to follow the wall's hashtags.",
            )
        return cleaned


def _time(when):
    return date_format(timezone.localtime(when), "j M, H:i:s")


def next_poll_summary(source, now=None):
    """When the poller polls the source next, in words: due (requested or scheduled), or why never."""
    now = now or timezone.now()
    reason = poller.why_not_polled(source, now)
    if reason:
        return f"Not polled: {reason}"
    due = source.next_poll_at
    if due is not None and due > now:
        return f"Next poll at {_time(due)}"
    text = f"Poll due since {_time(due)}, waiting for the poller" if due else "Poll due, waiting for the poller"
    if due is not None and (now - due).total_seconds() > STALE_DUE_SECONDS:
        text += " (none has picked it up for a minute: is the poller running?)"
    return text


class WallSourceIndexView(IndexView):
    poll_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("wall")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.poll_url_name and self.user_has_permission("change"):
            url = reverse(self.poll_url_name, args=[instance.pk])
            buttons.append(MenuItem("Poll now", url=url, icon_name="resubmit", priority=5))
        return buttons


class PollNowView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the source's status and a button; POST queues a poll for the poller and answers."""

    template_name = "livewall/sources/poll_now.html"
    header_icon = "resubmit"
    viewset = None

    def dispatch(self, request, *args, pk, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.source = get_object_or_404(WallSource.objects.select_related("wall"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Poll now: {self.source}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(self.viewset.get_url_name("index")), "label": self.viewset.menu_label},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source
        context["next_poll"] = next_poll_summary(self.source)
        context["poll_url"] = reverse(self.viewset.get_url_name("poll"), args=[self.source.pk])
        context["index_url"] = reverse(self.viewset.get_url_name("index"))
        return context

    def post(self, request, *args, **kwargs):
        reason = poller.why_not_polled(self.source)
        if reason:
            messages.warning(request, f"{self.source} was not queued: {reason}, so the poller does not poll it.")
        else:
            requested_at = poller.poll_now(self.source)
            messages.success(
                request,
                f"Poll requested at {_time(requested_at)} for {self.source}: the poller polls it within a few "
                "seconds, and this listing then shows the result as its last success or last error.",
            )
        return redirect(self.viewset.get_url_name("index"))


class WallSourceViewSet(ModelViewSet):
    model = WallSource
    icon = "rss"
    menu_label = "Wall sources"
    name = "wall_sources"
    add_to_admin_menu = False
    form_fields = FORM_FIELDS
    index_view_class = WallSourceIndexView
    list_filter = ["kind", "enabled", "wall"]
    copy_view_enabled = False

    @cached_property
    def list_display(self):
        return [
            "__str__",
            Column("query", label="Query"),
            BooleanColumn("enabled", label="Enabled"),
            DateColumn("last_success_at", label="Last success"),
            Column("last_error", label="Last error", accessor=last_error_summary),
            NumberColumn("posts_fetched", label="Posts fetched"),
            Column("next_poll_at", label="Next poll", accessor=next_poll_summary),
        ]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model, form=WallSourceForm, formfield_callback=self.formfield_for_dbfield, fields=self.form_fields
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(poll_url_name=self.get_url_name("poll"), **kwargs)

    @property
    def poll_view(self):
        return PollNowView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/poll/", self.poll_view, name="poll")]
