from decimal import Decimal
from io import StringIO

import pytest

from django.core.management import call_command

from cms.spreadsheets import neutralise
from cms.templatetags.cms_tags import figure


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("Emplois francs", "Emplois francs"),
        (-2, -2),
        (Decimal("3.5"), Decimal("3.5")),
        (None, None),
    ],
)
def test_neutralise_spreadsheet_formulas(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("190000.0000"), "190\u202f000"),
        (Decimal("10.0000"), "10"),
        (Decimal("4.5000"), "4,5"),
        (Decimal("1514"), "1\u202f514"),
        (None, ""),
    ],
)
def test_figures_are_written_the_french_way(value, expected):
    assert figure(value) == expected


@pytest.mark.django_db
def test_local_admin_password_is_generated_and_shown_once(django_user_model):
    first, second = StringIO(), StringIO()
    call_command("ensure_local_admin", stdout=first)
    call_command("ensure_local_admin", stdout=second)
    password = first.getvalue().split("mot de passe : ")[1].split()[0]
    assert len(password) >= 12
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert password not in second.getvalue()
    other = StringIO()
    django_user_model.objects.filter(username="admin").delete()
    call_command("ensure_local_admin", stdout=other)
    assert other.getvalue().split("mot de passe : ")[1].split()[0] != password
