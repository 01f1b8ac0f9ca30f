"""The directory in the Wagtail admin: the moderation queue (for holders of the
groups.moderate_grouplisting permission) and the shared vocabularies as snippets (topics, areas,
languages), which editors manage for resources, events, the hub and the directory."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, moderation
from .models import Area, Language, Topic


class ListingQueueViewSet(ViewSet):
    name = admin_views.URL_NAMESPACE
    url_prefix = "groups/moderate"
    icon = "group"
    menu_label = _("Groups directory")
    menu_order = 270
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", admin_views.queue, name="index"),
            path("<int:pk>/<slug:action>/", admin_views.act, name="act"),
        ]

    @cached_property
    def menu_url(self):
        return reverse(f"{self.url_namespace}:index")

    @cached_property
    def menu_item_class(self):
        class QueueMenuItem(MenuItem):
            def is_shown(self, request):
                return moderation.can_moderate(request.user)

        return QueueMenuItem


@hooks.register("register_admin_viewset")
def register_listing_queue():
    return ListingQueueViewSet()


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "native_name", "code"]


class SharedVocabularies(SnippetViewSetGroup):
    menu_label = _("Topics and areas")
    menu_icon = "tag"
    menu_order = 280
    items = (TopicViewSet, AreaViewSet, LanguageViewSet)


register_snippet(SharedVocabularies)
