"""Lookups on integer keys that match nothing, instead of failing, for a value the
key can never hold: a number beyond the database's range or a text that is not a
number (``?company=99999999999999999999``, ``/edit/abc/``).

Django 5.2 already turns an out-of-range ``exact`` / ``gt`` / ``lt`` on an
``IntegerField`` into an empty (or full) result; it still raises ``OverflowError``
(SQLite) for the same value in an ``in`` lookup or through a relation (a foreign
key, the ``pk`` of a page type, which is a one-to-one link), and ``ValueError``
for a text that is not a number. Those reached the database from every view
and form that names an object (``get_object_or_404``, ``ModelChoiceField``,
``ModelMultipleChoiceField``, django-filter, modeladmin, choosers) and answered 500.

Registered on the field classes in ``CmsConfig.ready``, so every query asks them.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In, IntegerFieldExact


class Impossible:
    """The prepared value of a lookup whose value no key can hold."""


def impossible(value):
    return isinstance(value, Impossible)


def key_range(field, connection):
    """(min, max) an integer field holds on this database; (None, None) when the
    field is not an integer."""
    if not isinstance(field, IntegerField):
        return None, None
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # an integer type the backend does not bound
        return None, None


def holds(field, connection, value):
    if field is None or not isinstance(value, int):
        return True
    low, high = key_range(field, connection)
    return (low is None or value >= low) and (high is None or value <= high)


def target_field(lookup):
    """The integer field a relation lookup compares with (the related key)."""
    if isinstance(lookup.lhs, ColPairs):  # a composite key: not ours to check
        return None
    field = lookup.lhs.output_field
    if hasattr(field, "path_infos"):
        return field.path_infos[-1].target_fields[-1]
    return field


def prepared(field, value):
    """``value`` as the field stores it, or ``Impossible()`` when it cannot be."""
    if field is None or hasattr(value, "resolve_expression") or hasattr(value, "_meta"):
        return value
    if isinstance(value, tuple):
        # A relation's own (key,) value, as related managers filter with
        # (``group.user_set.remove(...)``): checked by its key, kept as given.
        if len(value) == 1 and impossible(prepared(field, value[0])):
            return Impossible()
        return value
    try:
        return field.get_prep_value(value)
    except (ValueError, TypeError, OverflowError):  # int("abc"), int(inf)
        return Impossible()


class ImpossibleMatchesNothing:
    """``exact``: a value the key cannot hold matches nothing."""

    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and self.prepare_rhs:
            value = prepared(self.key_field(), self.rhs)
            if impossible(value):
                return value
        return super().get_prep_lookup()

    def key_field(self):
        return self.lhs.output_field

    def process_rhs(self, compiler, connection):
        if impossible(self.rhs):
            raise EmptyResultSet
        if self.rhs_is_direct_value() and not holds(
            self.key_field(), connection, self.rhs
        ):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class ImpossibleValuesDropped:
    """``in``: the values the key cannot hold are left out (none left: nothing)."""

    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and self.prepare_rhs:
            field = self.key_field()
            self.rhs = [
                value for value in self.rhs if not impossible(prepared(field, value))
            ]
        return super().get_prep_lookup()

    def key_field(self):
        return self.lhs.output_field

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            field = self.key_field()
            self.rhs = [value for value in self.rhs if holds(field, connection, value)]
        return super().process_rhs(compiler, connection)


class IntegerExact(ImpossibleMatchesNothing, IntegerFieldExact):
    pass


class IntegerIn(ImpossibleValuesDropped, In):
    pass


class KeyExact(ImpossibleMatchesNothing, RelatedExact):
    def key_field(self):
        return target_field(self)


class KeyIn(ImpossibleValuesDropped, RelatedIn):
    def key_field(self):
        return target_field(self)


def register():
    IntegerField.register_lookup(IntegerExact)
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(KeyExact)
    ForeignObject.register_lookup(KeyIn)
