"""Validation of French company identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_siren(value):
    """The SIREN as typed, without spaces, dots or non-breaking spaces."""
    if value is None:
        return value
    return "".join(str(value).split()).replace(".", "")


def luhn_is_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siren(value):
    """A SIREN has 9 digits and a valid Luhn check digit."""
    siren = normalise_siren(value)
    if not siren.isdigit() or len(siren) != 9:
        raise ValidationError(
            _(
                "SIREN : « %(value)s » n’est pas un numéro SIREN. Il compte "
                "exactement 9 chiffres (ex. : 123 456 782)."
            ),
            code="siren_format",
            params={"value": value},
        )
    if not luhn_is_valid(siren):
        raise ValidationError(
            _(
                "SIREN : « %(value)s » n’est pas un numéro SIREN valide (la clé de "
                "contrôle ne correspond pas). Vérifiez les 9 chiffres sur l’avis de "
                "situation INSEE de l’entreprise."
            ),
            code="siren_checksum",
            params={"value": value},
        )


def siren_check_digit(first_eight):
    """The check digit that makes ``first_eight`` + digit a valid SIREN."""
    for digit in "0123456789":
        if luhn_is_valid(first_eight + digit):
            return digit
    raise ValueError(first_eight)  # pragma: no cover
