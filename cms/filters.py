"""Shared django-filter pieces."""

import django_filters
from django_filters.fields import ModelChoiceField

from django.core.exceptions import ValidationError

MAX_ID_DIGITS = 18  # fits a 64-bit integer key


class IdChoiceField(ModelChoiceField):
    """A model choice read from a query string: anything but a plain integer id is
    an invalid choice (a huge number used to reach the database and fail there)."""

    def to_python(self, value):
        if value not in self.empty_values:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField
