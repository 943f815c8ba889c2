from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "triggerpoint.web"
    label = "web"
    verbose_name = "Website"
