"""Old topic links kept working: the resources library and the events listing filtered by their own
tags (`?topic=<tag slug>`, and `?tag=<tag slug>` in some shared links) before they filtered by the
portal's shared topic list (the `groups.Topic` snippets).

An address naming a tag that is not a shared topic is redirected (301) to the same address naming
the shared topic made from that tag (groups/0002_shared_vocabularies made one per tag in use). The
topic model is passed in, so the apps that call this import neither the directory nor each other.
"""

import re

from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.utils.text import slugify
from taggit.models import Tag

# What a slug can be: anything else (quotes, NUL, a 10,000-character string) names no topic and no
# tag, and never reaches the database (PostgreSQL refuses a NUL in a query's text with an error).
SLUG = re.compile(r"[-\w]{1,255}\Z")


def is_slug(value):
    return bool(value) and SLUG.match(value) is not None


def _topic_for_old_slug(topic_model, slug):
    if not is_slug(slug):
        return None
    topic = topic_model.objects.filter(slug=slug).first()
    if topic is not None:
        return topic
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return None
    return topic_model.objects.filter(Q(slug=slugify(tag.name)) | Q(name__iexact=tag.name)).first()


def old_topic_redirect(request, topic_model):
    """A permanent redirect to the current address of an old topic link, or None if it is current.

    A `?topic=` that names no shared topic and no tag is left alone (the filter form reports it).
    """
    tag_slug = request.GET.get("tag")
    topic_slug = request.GET.get("topic", "")
    if tag_slug is None and (not is_slug(topic_slug) or topic_model.objects.filter(slug=topic_slug).exists()):
        return None
    topic = _topic_for_old_slug(topic_model, tag_slug if tag_slug is not None else topic_slug)
    if topic is None and tag_slug is None:
        return None
    query = request.GET.copy()
    query.pop("tag", None)
    query.pop("page", None)
    if topic is not None:
        query["topic"] = topic.slug
    elif tag_slug is not None and not topic_slug:
        query.pop("topic", None)
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)
