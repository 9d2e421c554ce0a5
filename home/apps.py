from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    # Its saved or deleted objects change public content (cms.cache).
    public_content = True
    verbose_name = "Accueil et pages éditoriales"
