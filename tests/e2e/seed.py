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
    add_dashboard_content()


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


# Admin dashboards (issue 11, part « dashboards ») --------------------------------

USERS["producteur"] = ("Producteurs d’indicateurs",)


def add_dashboard_content():
    """What the dashboards show: a draft of the communication officer, a good
    practice waiting 10 days for moderation, a contract of department 44 whose
    protocol is being negotiated, a convention ending soon, an import by the
    producer (it rewrites add_history's value with the same figures)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from wagtail.models import TaskState

    from home.models import HomePage, StandardPage
    from measures.imports import ImportResult, ImportRow, apply_import
    from measures.models import (
        ContractPage,
        DepartmentPage,
        Indicator,
        RenovationProtocolPage,
        Territory,
    )
    from partners.models import (
        Company,
        Convention,
        ConventionStatus,
        GoodPracticeIndexPage,
        GoodPracticePage,
    )

    users = get_user_model().objects
    redaction = users.get(username="redaction")
    if not StandardPage.objects.filter(title="Brouillon : journée de Nantes").exists():
        draft = StandardPage(
            title="Brouillon : journée de Nantes", owner=redaction, live=False
        )
        HomePage.objects.get().add_child(instance=draft)
        draft.save_revision(user=redaction)

    department = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="44")
    if not GoodPracticePage.objects.filter(title="Forum des métiers (test)").exists():
        partner = users.get(username="partenaire-connu")
        practice = GoodPracticePage(
            title="Forum des métiers (test)",
            summary="Un forum des métiers dans un collège de REP+.",
            organisation="Club de test",
            organisation_type="association",
            department=department,
            owner=partner,
            live=False,
        )
        GoodPracticeIndexPage.objects.get().add_child(instance=practice)
        practice.save_revision(user=partner)
        practice.get_workflow().start(practice, partner)
        TaskState.objects.filter(
            workflow_state__object_id=str(practice.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        ).update(started_at=timezone.now() - datetime.timedelta(days=10))

    department_page = DepartmentPage.objects.get(department=department)
    if not ContractPage.objects.filter(title="Contrat de ville (test)").exists():
        contract = ContractPage(title="Contrat de ville (test)")
        department_page.add_child(instance=contract)
        contract.save_revision().publish()
        protocol = RenovationProtocolPage(
            title="Protocole (test)", status="negotiating"
        )
        contract.add_child(instance=protocol)
        protocol.save_revision().publish()

    company, _ = Company.objects.get_or_create(
        siren="900000902",
        defaults={
            "name": "Entreprise de test (e2e)",
            "size": "pme",
            "department": department,
        },
    )
    Convention.objects.get_or_create(
        company=company,
        defaults={
            "status": ConventionStatus.SIGNED,
            "signed_on": datetime.date(2019, 3, 1),
            "start_date": datetime.date(2019, 3, 1),
            "end_date": timezone.localdate() + datetime.timedelta(days=60),
        },
    )

    result = ImportResult(filename="valeurs-emplois-francs.xlsx")
    result.rows = [
        ImportRow(
            row_number=2,
            indicator=Indicator.objects.get(code="EMPLOIS-FRANCS"),
            territory=Territory.objects.get(kind=Territory.Kind.NATIONAL),
            date=datetime.date(2018, 6, 30),
            value=1000,
            comment="Valeur de test (e2e)",
        )
    ]
    result.errors = []
    apply_import(result, user=users.get(username="producteur"))
