"""Users the journeys need, created in the e2e server's database.

Run by tests/e2e/conftest.py as ``manage.py shell -c "from tests.e2e.seed import
prepare; prepare()"`` against that database (never the shared test database).
"""

PASSWORD = "mot-de-passe-solide"

USERS = {
    "redaction": ("Communication",),
    "cget": ("Administrateurs nationaux",),
    "moderation": ("Modérateurs",),
    "referent-44": ("Référents départementaux",),
}


def prepare():
    """Migrate the e2e database, load the reference content, add the users."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_content", verbosity=0)
    run()


def run():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from measures.models import TerritorialRole, Territory

    user_model = get_user_model()
    for username, groups in USERS.items():
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "first_name": username.capitalize(),
            },
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
    TerritorialRole.objects.get_or_create(
        user=user_model.objects.get(username="referent-44"),
        territory=Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="44"),
    )
    add_history()
    add_partner()


def add_history():
    """One more national value of « Emplois francs signés » (before the
    reference history: indicator-history.csv gives it two already), so that the
    journeys' chart has three bars."""
    import datetime

    from measures.models import Indicator, IndicatorValue, Territory

    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    IndicatorValue.objects.get_or_create(
        indicator=indicator,
        territory=Territory.objects.get(kind=Territory.Kind.NATIONAL),
        date=datetime.date(2018, 6, 30),
        defaults={"value": 1000, "comment": "Valeur de test (e2e)"},
    )


def add_partner():
    """A confirmed partner, for the pages only a partner sees."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from partners.accounts import quiet_admin_notifications
    from partners.models import PartnerProfile

    user, created = get_user_model().objects.get_or_create(
        username="partenaire-connu",
        defaults={"email": "partenaire-connu@example.org", "first_name": "Dominique"},
    )
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Partenaires"))
    if created:
        quiet_admin_notifications(user)
        PartnerProfile.objects.create(
            user=user, organisation="Club de test", confirmed_at=timezone.now()
        )
