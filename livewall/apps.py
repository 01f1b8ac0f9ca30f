from django.apps import AppConfig


class LivewallConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "livewall"

    def ready(self):
        # Only when Daphne serves with PORTAL_EMBEDDED_POLLER=1 (see livewall/sources/embedded.py).
        from .sources import embedded

        embedded.maybe_start()
