from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Socle du site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import lookups
        from .cache import (
            model_changed_handler,
            page_changed_handler,
            page_moved_handler,
        )
        from .text import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="quartiers-clean-text")

        lookups.register()  # odd ids match nothing instead of failing
        post_save.connect(model_changed_handler, dispatch_uid="quartiers-saved")
        post_delete.connect(model_changed_handler, dispatch_uid="quartiers-deleted")

        page_published.connect(page_changed_handler, dispatch_uid="quartiers-published")
        page_unpublished.connect(
            page_changed_handler, dispatch_uid="quartiers-unpublished"
        )
        post_page_move.connect(page_moved_handler, dispatch_uid="quartiers-moved")
