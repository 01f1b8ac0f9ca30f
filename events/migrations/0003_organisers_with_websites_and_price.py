"""Organisers become rows with a website each (search engines show an organiser with a URL), the
comma-separated names are split into them; events get an optional price for their offer."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def split_organisers(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    EventOrganiser = apps.get_model("events", "EventOrganiser")
    for page in EventPage.objects.exclude(organisers="").only("pk", "organisers"):
        names = [name.strip() for name in page.organisers.split(",") if name.strip()]
        EventOrganiser.objects.bulk_create(
            EventOrganiser(page_id=page.pk, name=name, sort_order=order) for order, name in enumerate(names)
        )


def join_organisers(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    for page in EventPage.objects.prefetch_related("organiser_entries"):
        page.organisers = ", ".join(entry.name for entry in page.organiser_entries.all())[:255]
        page.save(update_fields=["organisers"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_image_block"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventOrganiser",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("name", models.CharField(max_length=200)),
                ("url", models.URLField(blank=True, verbose_name="Website")),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organiser_entries",
                        to="events.eventpage",
                    ),
                ),
            ],
            options={
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(split_organisers, join_organisers),
        migrations.RemoveField(
            model_name="eventpage",
            name="organisers",
        ),
        migrations.AddField(
            model_name="eventpage",
            name="price",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Leave empty for a free event.",
                max_digits=7,
                null=True,
                verbose_name="Price (£)",
            ),
        ),
    ]
