"""Seed the shared vocabularies, and give the pages that exist their shared topics.

Topics: the starting list (groups.vocabularies) plus every tag already used on resources and events
and every topic named on a discussion, so nothing editors chose is lost. Each resource, event and
discussion gets the shared topics matching its tags or topic names. Languages: the starting list.
"""

from django.db import migrations
from django.utils.text import slugify

from groups.vocabularies import LANGUAGES, TOPICS


def seed(apps, schema_editor):
    Topic = apps.get_model("groups", "Topic")
    Language = apps.get_model("groups", "Language")
    for code, name, native in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name, "native_name": native})

    def topic(name):
        name = " ".join(name.split())
        slug = slugify(name)[:80]
        if not slug:
            return None
        found = Topic.objects.filter(slug=slug).first()
        return found or Topic.objects.create(name=name[:1].upper() + name[1:80], slug=slug)

    for name in TOPICS:
        topic(name)
    for app, model, through in (("resources", "ResourcePage", "ResourcePageTag"), ("events", "EventPage", "EventPageTag")):
        Through = apps.get_model(app, through)
        Page = apps.get_model(app, model)
        for page_id, tag_name in Through.objects.values_list("content_object_id", "tag__name"):
            found = topic(tag_name)
            if found:
                Page.objects.get(pk=page_id).shared_topics.add(found)
    DiscussionPage = apps.get_model("hub", "DiscussionPage")
    for discussion in DiscussionPage.objects.exclude(topics=""):
        found = [topic(name) for name in discussion.topics.split(",") if name.strip()]
        discussion.shared_topics.add(*[t for t in found if t])


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("resources", "0003_shared_topics"),
        ("events", "0004_shared_topics"),
        ("hub", "0003_listing_and_shared_topics"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
