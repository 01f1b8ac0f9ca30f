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
    def link(model, page_id, found):
        # Through the link table: a ParentalManyToManyField's add() waits for a page save.
        through = model._meta.get_field("shared_topics").remote_field.through
        page_column = f"{model._meta.model_name}_id"
        if found:
            through.objects.get_or_create(**{page_column: page_id, "topic_id": found.pk})

    for app, model, tags in (("resources", "ResourcePage", "ResourcePageTag"), ("events", "EventPage", "EventPageTag")):
        Page = apps.get_model(app, model)
        for page_id, tag_name in apps.get_model(app, tags).objects.values_list("content_object_id", "tag__name"):
            link(Page, page_id, topic(tag_name))
    DiscussionPage = apps.get_model("hub", "DiscussionPage")
    for pk, names in DiscussionPage.objects.exclude(topics="").values_list("pk", "topics"):
        for name in names.split(","):
            link(DiscussionPage, pk, topic(name))


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("resources", "0003_shared_topics"),
        ("events", "0004_shared_topics"),
        ("hub", "0003_listing_and_shared_topics"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
