"""The hub in the Wagtail admin: the moderation queues (per discussion), shown to the members of a
discussion's moderating organisation and officials, and superusers; and the response notification
when a discussion's response is published."""

from django.urls import path, reverse
from django.utils.functional import cached_property, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import admin_views, moderation
from .models import DiscussionPage


class HubQueueViewSet(ViewSet):
    name = admin_views.URL_NAMESPACE
    url_prefix = "hub/moderate"
    icon = "group"
    menu_label = _("Hub queues")
    menu_order = 260
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", admin_views.discussion_list, name="index"),
            path("<int:pk>/", admin_views.queue, name="queue"),
            path("<int:pk>/submissions/<int:submission_id>/<slug:action>/", admin_views.act, name="act"),
        ]

    @cached_property
    def menu_url(self):
        return reverse(f"{self.url_namespace}:index")

    @cached_property
    def menu_item_class(self):
        class HubMenuItem(MenuItem):
            def is_shown(self, request):
                return moderation.discussions_for(request.user, DiscussionPage.objects.all()).exists()

        return HubMenuItem


@hooks.register("register_admin_viewset")
def register_hub_queues():
    return HubQueueViewSet()


# The action's label in the admin user's language, lower-cased when it is shown.
_lower = lazy(lambda text: str(text).lower(), str)


@hooks.register("register_log_actions")
def register_moderation_log_actions(log_actions):
    """The hub's moderation decisions in Wagtail's audit log (Reports > Site history), beside the wall's."""
    for action, label in moderation.Action.choices:
        log_actions.register_action(
            moderation.log_action_name(action),
            format_lazy(_("Hub: {action}"), action=_lower(label)),
            format_lazy(_("Submission {action}"), action=_lower(label)),
        )
