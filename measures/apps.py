from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    # Its saved or deleted objects change public content (cms.cache).
    public_content = True
    verbose_name = "Feuille de route et indicateurs"

    def ready(self):
        from . import signals  # noqa: F401
