from django.apps import AppConfig


class LivewallConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "livewall"
