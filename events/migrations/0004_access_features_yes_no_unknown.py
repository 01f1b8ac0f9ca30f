"""Access features become yes / no / not known: a ticked feature stays yes, an unticked one (which
nobody had necessarily checked) becomes not known instead of being published as "not available".
Reversed, not known becomes unticked again."""

from django.db import migrations, models

FEATURES = [
    "step_free_access",
    "accessible_toilet",
    "hearing_loop",
    "bsl_interpretation",
    "live_captions",
    "quiet_room",
    "parking",
]


def unticked_to_not_known(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    for name in FEATURES:
        EventPage.objects.filter(**{name: False}).update(**{name: None})


def not_known_to_unticked(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    for name in FEATURES:
        EventPage.objects.filter(**{f"{name}__isnull": True}).update(**{name: False})


class Migration(migrations.Migration):
    # Each step commits on its own: backwards, PostgreSQL refuses to change the columns' type in the
    # transaction that has just rewritten their values ("pending trigger events" of the table's
    # deferred foreign keys).
    atomic = False

    dependencies = [
        ("events", "0003_organisers_with_websites_and_price"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eventpage",
            name="accessible_toilet",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="accessible toilet",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="bsl_interpretation",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="BSL interpretation",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="hearing_loop",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="hearing loop",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="live_captions",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="live captions",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="parking",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="parking",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="quiet_room",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="quiet room",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="step_free_access",
            field=models.BooleanField(
                blank=True,
                default=None,
                help_text="Leave “Not known” unless the venue or the organisers have confirmed it.",
                null=True,
                verbose_name="step-free access",
            ),
        ),
        migrations.RunPython(unticked_to_not_known, not_known_to_unticked),
    ]
