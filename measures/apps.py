from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Feuille de route et indicateurs"

    def ready(self):
        from . import signals  # noqa: F401
        from .permissions import install_forbidden_response

        install_forbidden_response()
