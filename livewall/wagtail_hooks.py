"""The "Live walls" admin menu: walls, moderation queues, the moderation log and the sources; the
control room and the records (exports, insight) of each wall, linked from the moderation queues;
the dashboard's "Live walls open now" panel for moderators."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from livewall import hub_link
from livewall.control import views as control_views
from livewall.moderation import actions, views
from livewall.moderation.dashboard import OpenWallsPanel
from livewall.records import views as records_views
from livewall.sources.admin import WallSourceViewSet
from livewall.stream.render import wall_date_time

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


def contributions_word(wall):
    return pgettext("contributions", "Open") if wall.contributions_open else pgettext("contributions", "Closed")


def moderator_name(entry):
    # Holds by the blocklist and deletions at the source are the portal's own, not a person's.
    return entry.user.get_username() if entry.user else gettext("Automatic")


def wall_address(wall):
    return reverse("livewall:participant", args=[wall.slug])


class WallViewSet(ModelViewSet):
    model = Wall
    name = "live-walls"
    icon = "desktop"
    menu_label = _("Walls")
    # Words, not Python's True/False.
    list_display = [
        "title",
        Column("slug", label=_("Address"), accessor=wall_address),
        "moderation_mode",
        Column("contributions_open", label=_("Contributions"), accessor=contributions_word),
        "event",
    ]
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
            heading=_("Wall"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contributions_open"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Contributions (open or close the wall)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderation_mode"),
                FieldPanel("rules"),
                FieldPanel("blocked_words"),
                FieldPanel("blocked_authors"),
            ],
            heading=_("Moderation"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("layout"), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel("show_qr_code"), FieldPanel("show_source_icons")]),
                FieldPanel("holding_message"),
                FieldRowPanel([FieldPanel("screen_remote_every"), FieldPanel("screen_author_cap")]),
            ],
            heading=_("Big screen (the control room switches layout, banner and holding slide live)"),
        ),
        MultiFieldPanel([FieldPanel("retention_days")], heading=_("After the event")),
        MultiFieldPanel(
            [
                FieldPanel("include_retweets"),
                FieldPanel("allow_content_warnings"),
                FieldPanel("opt_out_tags"),
                FieldRowPanel([FieldPanel("require_opt_in"), FieldPanel("opt_in_account")]),
                FieldPanel("excluded_hashtags"),
                FieldRowPanel([FieldPanel("per_author_cap"), FieldPanel("per_author_window_minutes")]),
            ],
            heading=_("Social media sources"),
        ),
    ]


class ModerationLogViewSet(ModelViewSet):
    model = ModerationAction
    name = "live-wall-moderation-log"
    icon = "history"
    menu_label = _("Moderation log")
    # The wall's one time format and zone (stream.render), not the admin's locale ("5:06 p.m.").
    list_display = [
        Column("created_at", label=_("When"), accessor=lambda entry: wall_date_time(entry.created_at)),
        "wall",
        "action",
        Column("user", label=_("Moderator"), accessor=moderator_name),
        "post",
        "note",
    ]
    list_filter = ["wall", "action"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["note"]  # required by ModelViewSet; the policy forbids every write view anyway


class ModerationQueueViewSet(ViewSet):
    name = views.URL_NAMESPACE
    url_prefix = "live-walls/moderate"
    icon = "tasks"
    menu_label = _("Moderation queues")

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
    menu_label = _("Live walls")
    menu_icon = "comment"
    menu_order = 250
    items = (WallViewSet, ModerationQueueViewSet, ModerationLogViewSet, WallSourceViewSet)


@hooks.register("register_admin_viewset")
def register_live_walls():
    return LiveWallsGroup()


@hooks.register("register_log_actions")
def register_moderation_log_actions(log_actions):
    """The wall's moderation decisions in Wagtail's audit log (Reports > Site history), beside the hub's."""
    for action, label in ModerationAction.Action.choices:
        log_actions.register_action(
            actions.log_action_name(action), f"Live wall: {label.lower()}", f"Post {label.lower()}"
        )


@hooks.register("register_admin_urls")
def register_control_room_urls():
    control = [
        path("", control_views.room, name="room"),
        path("kill-switch/", control_views.kill_switch, name="kill_switch"),
        path("banner/", control_views.banner, name="banner"),
        path("layout/", control_views.layout, name="layout"),
    ]
    return [
        path(
            "live-walls/control/<slug:slug>/",
            include((control, control_views.URL_NAMESPACE), namespace=control_views.URL_NAMESPACE),
        ),
    ]


@hooks.register("register_admin_urls")
def register_records_urls():
    records = [
        path("export.csv", records_views.export_csv, name="export_csv"),
        path("export.json", records_views.export_json, name="export_json"),
        path("insight/", records_views.report, name="report"),
        path("insight/print/", records_views.report_print, name="report_print"),
    ]
    return [
        path(
            "live-walls/records/<slug:slug>/",
            include((records, records_views.URL_NAMESPACE), namespace=records_views.URL_NAMESPACE),
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_open_walls_panel(request, panels):
    if actions.can_moderate(request.user):
        panels.append(OpenWallsPanel())
