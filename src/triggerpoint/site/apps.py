from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "triggerpoint.site"
    label = "tpsite"
    verbose_name = "Site"
