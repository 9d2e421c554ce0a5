from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Feuille de route et indicateurs"

    def ready(self):
        from . import signals  # noqa: F401
