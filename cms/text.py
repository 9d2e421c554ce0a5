"""Control characters in stored text.

A name pasted from a word processor or a spreadsheet may carry control
characters (a vertical tab for a line break, a form feed, a NUL, the C1 codes of a
badly decoded file): they mean nothing on a page, break XML (an .xlsx or .docx
export refuses them) and hide in searches. ``strip_control_characters`` is the
one rule: in a multi-line text, line breaks and tabs are kept (a carriage return
or a vertical tab becomes a line break); in a one-line text they become a space;
every other control character is removed.

``clean_text_fields`` applies it on input, before any model of the project's own
apps is saved (``pre_save``, connected in ``cms.apps``): to its ``CharField`` (one
line) and ``TextField`` (multi-line). Rich text and stream fields are left alone:
their editors write HTML and JSON, not typed text. The exports apply it again on
output (``cms.spreadsheets.cell_value``), for texts stored before.
"""

import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from wagtail.fields import RichTextField

LINE_BREAKS_RE = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Every character of Unicode category Cc but the tab and the line feed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ONE_LINE_RE = re.compile(r"[\t\n]")


def strip_control_characters(text, *, multiline=False):
    """``text`` without the control characters that have no meaning in it."""
    if not isinstance(text, str):
        return text
    text = LINE_BREAKS_RE.sub("\n", text)
    text = CONTROL_RE.sub("", text)
    if not multiline:
        text = ONE_LINE_RE.sub(" ", text)
    return text


@cache
def project_app_labels():
    """The labels of the project's own apps (not the installed packages)."""
    return {
        app_config.label
        for app_config in apps.get_app_configs()
        if "site-packages" not in Path(app_config.path).parts
        and Path(app_config.path).is_relative_to(settings.BASE_DIR)
    }


@cache
def text_fields(model):
    """[(field name, multiline)] of the model's typed text fields."""
    if model._meta.app_label not in project_app_labels():
        return []
    return [
        (field.attname, isinstance(field, models.TextField))
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, RichTextField)
    ]


def clean_text_fields(sender, instance, **kwargs):
    """``pre_save``: the typed text fields of ``instance`` cleaned."""
    for name, multiline in text_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(
                instance, name, strip_control_characters(value, multiline=multiline)
            )
