"""New listings as RSS and Atom, optionally for one area (`?area=<slug>`): officials subscribe to
hear of new groups where they work. Public content only (name as shown, kind, areas, topics,
languages, description); never a contact e-mail."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hub.languages import known_language
from portal.topic_links import is_slug

from .models import Area, GroupListing

FEED_LIMIT = 50


class NewListingsRss(Feed):
    def get_object(self, request, *args, **kwargs):
        slug = request.GET.get("area", "").strip()
        if slug and not is_slug(slug):  # a NUL or quotes name no area (and never reach the database)
            raise Http404("No such area.")
        return get_object_or_404(Area, slug=slug) if slug else None

    def title(self, area):
        return _("New community groups in %(area)s") % {"area": area.name} if area else _("New community groups")

    def link(self, area):
        return reverse("groups:index") + (f"?area={area.slug}" if area else "")

    def description(self, area):
        return _("Groups newly listed in the community groups directory.")

    def items(self, area):
        listings = GroupListing.objects.listed().with_vocabularies().order_by("-moderated_at", "-pk")
        if area is not None:
            listings = listings.filter(areas=area)
        return listings[:FEED_LIMIT]

    def item_title(self, listing):
        return listing.public_name

    def item_description(self, listing):
        parts = [
            listing.get_kind_display(),
            _("Areas: %(areas)s") % {"areas": listing.area_names()} if listing.areas.all() else "",
            _("Topics: %(topics)s") % {"topics": ", ".join(t.name for t in listing.topics.all())}
            if listing.topics.all()
            else "",
            _("Languages spoken: %(languages)s")
            % {"languages": ", ".join(str(language) for language in listing.languages.all())}
            if listing.languages.all()
            else "",
            listing.description,
        ]
        return "\n".join(part for part in parts if part)

    def item_link(self, listing):
        return reverse("groups:detail", args=[listing.pk])

    def item_pubdate(self, listing):
        return listing.moderated_at or listing.confirmed_at

    def item_updateddate(self, listing):
        return listing.moderated_at or listing.confirmed_at

    def item_extra_kwargs(self, listing):
        return {"written_in": known_language(listing.written_in)}


class AtomWithEntryLanguages(Atom1Feed):
    """Atom, each entry marked with the language its listing is written in (`xml:lang`): RSS 2.0
    has no such attribute on an item, only one <language> for the whole channel."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("written_in"):
            attributes["xml:lang"] = item["written_in"]
        return attributes


class NewListingsAtom(NewListingsRss):
    feed_type = AtomWithEntryLanguages
    subtitle = NewListingsRss.description
