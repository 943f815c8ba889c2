from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    name = "triggerpoint.site"
    label = "tpsite"
    verbose_name = "Site"


class OwnersAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site below: owners only, whatever the account's flags say."""

    default = False  # named in INSTALLED_APPS; SiteConfig stays this package's own app
    default_site = "triggerpoint.site.admin_site.OwnersAdminSite"
