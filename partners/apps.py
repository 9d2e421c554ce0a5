from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    # Its saved or deleted objects change public content (cms.cache).
    public_content = True
    verbose_name = "PAQTE et réseau des partenaires"

    def ready(self):
        from . import moderation  # noqa: F401  (signal receivers)
        from .permissions import register_policies

        register_policies()
