from django.apps import AppConfig


class GroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "groups"
    label = "groups"
    verbose_name = "Community groups directory"

    def ready(self):
        from hub.signals import contribution_confirmed

        from . import links

        contribution_confirmed.connect(links.on_contribution_confirmed)
