"""Forget YouTube embeds stored before home.embeds.NoCookieOEmbedFinder: their player on
www.youtube.com sets cookies and is not in the public CSP's frame-src. Wagtail fetches them again,
through the new finder, the next time a page shows them."""

from django.db import migrations


def forget_youtube_embeds(apps, schema_editor):
    Embed = apps.get_model("wagtailembeds", "Embed")
    Embed.objects.filter(html__contains="youtube.com/embed/").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_alter_mainmenuitem_url"),
        ("wagtailembeds", "0009_embed_cache_until"),
    ]

    operations = [migrations.RunPython(forget_youtube_embeds, migrations.RunPython.noop)]
