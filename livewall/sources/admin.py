"""Admin for the wall sources: a Wagtail ModelViewSet with the poller's status and "poll now".

The form edits what an organiser chooses (wall, kind, query, URL, interval, options). Credentials
never appear: they come from the environment (see README, "Live wall sources"). The poller's own
state (cursor, last success/error, counts, next poll) is shown in the listing, never edited.
The "Live walls" menu group in livewall/wagtail_hooks.py registers `WallSourceViewSet`.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
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


def last_error_summary(source):
    if not source.last_error:
        return ""
    if not source.consecutive_failures:  # a partial error (one instance of several) on a successful poll
        return source.last_error[:160]
    return f"{source.last_error[:160]} ({source.consecutive_failures} in a row)"


class WallSourceForm(forms.ModelForm):
    """A Mastodon query must name a #hashtag: Mastodon can follow nothing else."""

    def clean(self):
        cleaned = super().clean()
        query = (cleaned.get("query") or "").strip()
        if cleaned.get("kind") == WallSource.Kind.MASTODON and query and not hashtags_in_query(query):
            self.add_error(
                "query",
                "Mastodon can only follow hashtags: write them with # (e.g. #FindingOurVoice). "
                "Words without # are not followed; leave the query empty to follow the wall's hashtags.",
            )
        return cleaned


class WallSourceIndexView(IndexView):
    poll_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.poll_url_name and self.user_has_permission("change"):
            url = reverse(self.poll_url_name, args=[instance.pk])
            buttons.append(MenuItem("Poll now", url=url, icon_name="resubmit", priority=5))
        return buttons


class PollNowView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the source's status and a button; POST polls the source once, right here."""

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
        context["poll_url"] = reverse(self.viewset.get_url_name("poll"), args=[self.source.pk])
        context["index_url"] = reverse(self.viewset.get_url_name("index"))
        return context

    def post(self, request, *args, **kwargs):
        outcome = poller.poll_source(self.source)
        if outcome.ok:
            messages.success(request, outcome.describe(self.source))
        else:
            messages.error(request, outcome.describe(self.source))
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
            DateColumn("next_poll_at", label="Next poll"),
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
