"""Shared filter pieces.

An id read from a query string that no key can hold (not a number, beyond 64 bits)
matches nothing in any lookup (``cms.lookups``): django-filter's model choices
answer "invalid choice" for it without help.
"""

MAX_ID_DIGITS = 18  # fits a 64-bit integer key
