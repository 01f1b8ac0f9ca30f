from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "portal.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Connected here, not in the middleware, so that publishing from a management command
        # (e.g. publish_scheduled) empties the cache too.
        from django.db.models.signals import post_delete, post_save

        from . import content_changed

        post_save.connect(content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
