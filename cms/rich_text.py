"""The rich text editor's widget, refusing a forged value with a 400.

Draftail sends its content as a JSON object in a hidden input; a forged POST
putting anything else there (``0``, ``abc``) made Wagtail's widget raise a
``TypeError``/``AttributeError``/``ValueError`` deep in its converter: a 500. A
value that is not a JSON object is a request no browser sends: refused as such
(``SuspiciousOperation`` → 400, the view's transaction rolled back by
``cms.middleware.IncompleteFormMiddleware``).
"""

import json

from django.core.exceptions import SuspiciousOperation
from django.forms import widgets

from wagtail.admin.rich_text import DraftailRichTextArea


class SafeDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        raw = widgets.HiddenInput.value_from_datadict(self, data, files, name)
        if raw is None:
            return None
        try:
            state = json.loads(raw)
        except ValueError:
            state = None
        if not isinstance(state, dict):
            raise SuspiciousOperation(f"Texte riche illisible dans « {name} ».")
        return super().value_from_datadict(data, files, name)
