from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "triggerpoint.web"
    label = "web"
    verbose_name = "Website"

    def ready(self) -> None:
        # Sessions' absolute lifetime counts from signing in (web/security.py).
        from django.contrib.auth.signals import user_logged_in

        from triggerpoint.web.security import mark_sign_in

        user_logged_in.connect(mark_sign_in, dispatch_uid="triggerpoint.web.mark_sign_in")
