from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"

    def ready(self):
        from wagtail.signals import page_published, workflow_rejected

        from .models import EventPage
        from .proposals import notifications

        page_published.connect(notifications.on_page_published, sender=EventPage)
        workflow_rejected.connect(notifications.on_workflow_rejected)
