from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "triggerpoint.clinic"
    label = "clinic"
    verbose_name = "Clinic"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the learning loop: a saved or deleted finding recounts its clinic's priors.
        # Stamps a clinic's public pages as changed when its record, services, opening
        # hours or staff are saved (the Last-Modified of web/freshness.py).
        from triggerpoint.clinic.people import site_changes  # noqa: F401
        from triggerpoint.clinic.treatment import learning  # noqa: F401
