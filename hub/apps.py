from django.apps import AppConfig


class HubConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hub"
    verbose_name = "Discussion hub"

    def ready(self):
        from wagtail.signals import page_published

        from . import notifications
        from .models import DiscussionPage

        page_published.connect(notifications.on_page_published, sender=DiscussionPage)
