from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "PAQTE et réseau des partenaires"

    def ready(self):
        from . import moderation  # noqa: F401  (signal receivers)
        from .permissions import register_policies

        register_policies()
