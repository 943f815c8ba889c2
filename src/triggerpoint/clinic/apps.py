from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "triggerpoint.clinic"
    label = "clinic"
    verbose_name = "Clinic"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the learning loop: a saved or deleted finding recounts its clinic's priors.
        from triggerpoint.clinic.treatment import learning  # noqa: F401
