"""New listings as RSS and Atom, optionally for one area (`?area=<slug>`): officials subscribe to
hear of new groups where they work. Public content only (name as shown, kind, areas, topics,
languages, description); never a contact e-mail."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

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
        return f"New community groups in {area.name}" if area else "New community groups"

    def link(self, area):
        return reverse("groups:index") + (f"?area={area.slug}" if area else "")

    def description(self, area):
        return "Groups newly listed in the community groups directory."

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
            "Areas: " + listing.area_names(),
            "Topics: " + ", ".join(t.name for t in listing.topics.all()),
            "Languages: " + ", ".join(str(language) for language in listing.languages.all()),
            listing.description,
        ]
        return "\n".join(part for part in parts if part and not part.endswith(": "))

    def item_link(self, listing):
        return reverse("groups:detail", args=[listing.pk])

    def item_pubdate(self, listing):
        return listing.moderated_at or listing.confirmed_at

    def item_updateddate(self, listing):
        return listing.moderated_at or listing.confirmed_at


class NewListingsAtom(NewListingsRss):
    feed_type = Atom1Feed
    subtitle = NewListingsRss.description
