"""The "Live walls" admin menu: walls, moderation queues, the moderation log and the sources."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from livewall import hub_link
from livewall.moderation import actions, views
from livewall.sources.admin import WallSourceViewSet

from .models import ModerationAction, Wall


class ModerationLogPolicy(ModelPermissionPolicy):
    """The log is evidence: moderators may read it, nobody may add, change or delete entries."""

    def user_has_permission(self, user, action):
        if action in ("view", "inspect"):
            return actions.can_moderate(user) or super().user_has_permission(user, "view")
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before any viewset asks for ModerationAction's policy (Wagtail requires it early).
register_permission_policy(ModerationAction, ModerationLogPolicy(ModerationAction))


class WallViewSet(ModelViewSet):
    model = Wall
    name = "live-walls"
    icon = "desktop"
    menu_label = "Walls"
    list_display = ["title", "slug", "moderation_mode", "contributions_open", "event"]
    list_filter = ["moderation_mode", "contributions_open"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldPanel("event"),
                FieldPanel("description"),
                FieldPanel("hashtags"),
            ],
            heading="Wall",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contributions_open"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading="Contributions (open or close the wall)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderation_mode"),
                FieldPanel("rules"),
                FieldPanel("blocked_words"),
                FieldPanel("blocked_authors"),
            ],
            heading="Moderation",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("layout"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel("show_qr_code"), FieldPanel("show_source_icons")]),
                FieldRowPanel([FieldPanel("screen_remote_every"), FieldPanel("screen_author_cap")]),
            ],
            heading="Big screen",
        ),
        MultiFieldPanel(
            [
                FieldPanel("include_retweets"),
                FieldPanel("allow_content_warnings"),
                FieldPanel("opt_out_tags"),
                FieldRowPanel([FieldPanel("require_opt_in"), FieldPanel("opt_in_account")]),
                FieldPanel("excluded_hashtags"),
                FieldRowPanel([FieldPanel("per_author_cap"), FieldPanel("per_author_window_minutes")]),
            ],
            heading="Social media sources",
        ),
    ]


class ModerationLogViewSet(ModelViewSet):
    model = ModerationAction
    name = "live-wall-moderation-log"
    icon = "history"
    menu_label = "Moderation log"
    list_display = ["created_at", "wall", "action", "user", "post", "note"]
    list_filter = ["wall", "action"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["note"]  # required by ModelViewSet; the policy forbids every write view anyway


class ModerationQueueViewSet(ViewSet):
    name = views.URL_NAMESPACE
    url_prefix = "live-walls/moderate"
    icon = "tasks"
    menu_label = "Moderation queues"

    def get_urlpatterns(self):
        return [
            path("", views.wall_list, name="index"),
            path("<slug:slug>/", views.queue, name="queue"),
            path("<slug:slug>/posts/<int:post_id>/<slug:action>/", views.act, name="act"),
            path("<slug:slug>/bulk-approve/", views.bulk_approve, name="bulk_approve"),
            path("<slug:slug>/contributions/", views.toggle_contributions, name="contributions"),
            path(
                "<slug:slug>/questions/<int:post_id>/send-to-discussion/",
                hub_link.send_to_discussion,
                name="send_to_discussion",
            ),
        ]

    @cached_property
    def menu_url(self):
        return reverse(f"{self.url_namespace}:index")

    @cached_property
    def menu_item_class(self):
        class ModerationMenuItem(MenuItem):
            def is_shown(self, request):
                return actions.can_moderate(request.user)

        return ModerationMenuItem


class LiveWallsGroup(ViewSetGroup):
    menu_label = "Live walls"
    menu_icon = "comment"
    menu_order = 250
    items = (WallViewSet, ModerationQueueViewSet, ModerationLogViewSet, WallSourceViewSet)


@hooks.register("register_admin_viewset")
def register_live_walls():
    return LiveWallsGroup()
