"""A Wagtail Locale for every content language (settings.WAGTAIL_CONTENT_LANGUAGES): Wagtail needs one
per language before a page can be translated into it. Sites made before languages existed have their
pages in an "en-gb" locale (Django's old LANGUAGE_CODE); it becomes "en", the one English now has."""

from django.db import migrations

CONTENT_LANGUAGES = ("en", "cy", "ar")


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="en").exists():
        Locale.objects.filter(language_code="en-gb").update(language_code="en")
    for code in CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def remove_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    for code in ("cy", "ar"):
        locale = Locale.objects.filter(language_code=code).first()
        if locale is not None and not Page.objects.filter(locale=locale).exists():
            locale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_privacy_notice"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, remove_locales)]
