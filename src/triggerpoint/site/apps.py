from typing import Any

from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The shared cache's table (see CACHES) is made wherever the database is migrated:
    `triggerpoint manage migrate`, `serve`, `demo` and the test database alike."""
    call_command("createcachetable", database=using, verbosity=0)


class SiteConfig(AppConfig):
    name = "triggerpoint.site"
    label = "tpsite"
    verbose_name = "Site"

    def ready(self) -> None:
        # Sent once per app with models; this app has none, so hang it on auth's.
        post_migrate.connect(_cache_table, sender=apps.get_app_config("auth"))


class OwnersAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site below: owners only, whatever the account's flags say."""

    default = False  # named in INSTALLED_APPS; SiteConfig stays this package's own app
    default_site = "triggerpoint.site.admin_site.OwnersAdminSite"
