from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Registers the operations commands (``benchmark``, ``resilience``,
    ``generate_volume_data``); no models."""

    name = "cms.ops"
    label = "ops"
    verbose_name = "Outils d’exploitation"
