"""The users and objects the security tests act on: one of each role, and objects
of department A (Haute-Garonne, 31) and of department B (Loire-Atlantique, 44),
on top of the reference content.

``build_world(client_class)`` is called once per module (see ``conftest.py``); the
whole of it is rolled back at the end of the module.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Task, Workflow, WorkflowState

from home.models import HomePage, NewsPage, StandardPage
from measures.models import (
    QPV,
    DepartmentPage,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Ministry,
    PacteCommitment,
    TerritorialRole,
    Territory,
)
from partners.accounts import quiet_admin_notifications
from partners.models import (
    Association,
    Axis,
    Company,
    Convention,
    DepartmentOrganisation,
    GoodPracticeIndexPage,
    GoodPracticePage,
    PartnerProfile,
    SemesterReport,
)
from partners.views_space import submit_for_moderation
from search.models import SynonymSet
from tests.factories import make_contract, make_protocol
from tests.partners.factories import valid_siren
from tests.partners.good_practice_helpers import png_bytes

PASSWORD = "mot-de-passe-solide-2019"  # noqa: S105
DEPT_A, DEPT_B = "31", "44"

ROLES = (
    "anonymous",
    "partner",
    "other_partner",
    "communication",
    "moderator",
    "referent_a",
    "referent_b",
    "producer",
    "national",
)
STAFF = (
    "communication",
    "moderator",
    "referent_a",
    "referent_b",
    "producer",
    "national",
)
PARTNERS = ("partner", "other_partner")


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def make_user(username, *groups, **fields):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **fields
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_partner(username, organisation):
    user = make_user(username, "Partenaires", first_name="Camille")
    quiet_admin_notifications(user)
    PartnerProfile.objects.create(
        user=user, organisation=organisation, confirmed_at=timezone.now()
    )
    return user


def make_practice(owner, title, dept, *, submit):
    index = GoodPracticeIndexPage.objects.get()
    page = GoodPracticePage(
        owner=owner,
        live=False,
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary="Une action menée avec les habitants.",
        department=dept,
        organisation="Association de test",
        organisation_type="association",
    )
    index.add_child(instance=page)
    page.axes = [Axis.objects.order_by("number").first()]
    page.save_revision(user=owner)
    if submit:
        submit_for_moderation(page, owner)
    return page


def build_world():
    w = SimpleNamespace()
    dept_a, dept_b = department(DEPT_A), department(DEPT_B)
    w.dept_a, w.dept_b = dept_a, dept_b

    # Users, one per role.
    w.users = {
        "anonymous": None,
        "partner": make_partner("partenaire-1", "Association A"),
        "other_partner": make_partner("partenaire-2", "Association B"),
        "communication": make_user("redaction", "Communication"),
        "moderator": make_user("moderation", "Modérateurs"),
        "referent_a": make_user("referent-a", "Référents départementaux"),
        "referent_b": make_user("referent-b", "Référents départementaux"),
        "producer": make_user("producteur", "Producteurs d’indicateurs"),
        "national": make_user("cget", "Administrateurs nationaux"),
    }
    w.role_a = TerritorialRole.objects.create(
        user=w.users["referent_a"], territory=dept_a
    )
    TerritorialRole.objects.create(user=w.users["referent_b"], territory=dept_b)
    w.other_user = make_user("autre-agent")

    # Pages.
    w.home = HomePage.objects.get()
    w.dept_page_a = DepartmentPage.objects.get(department=dept_a)
    w.dept_page_b = DepartmentPage.objects.get(department=dept_b)
    w.contract_a = make_contract(DEPT_A, title="Contrat de ville A")
    w.protocol_a = make_protocol(w.contract_a)
    w.contract_b = make_contract(DEPT_B, title="Contrat de ville B")
    w.news = NewsPage.objects.live().first() or StandardPage.objects.live().first()
    w.standard = StandardPage.objects.live().first()
    w.draft = StandardPage(title="Brouillon non publié", slug="brouillon-securite")
    w.home.add_child(instance=w.draft)
    w.draft.unpublish()
    w.draft.save_revision(user=w.users["communication"])
    w.draft.refresh_from_db()
    w.practice_1 = make_practice(
        w.users["partner"], "Pratique du partenaire un", dept_a, submit=False
    )
    w.practice_2 = make_practice(
        w.users["other_partner"], "Pratique du partenaire deux", dept_b, submit=True
    )
    w.practice_live = make_practice(
        w.users["other_partner"], "Pratique publiée", dept_b, submit=False
    )
    w.practice_live.save_revision(user=w.users["moderator"]).publish()
    w.practice_2_task_state = (
        WorkflowState.objects.for_instance(w.practice_2).get().current_task_state
    )

    # Measures data.
    w.indicator = Indicator.objects.order_by("pk").first()
    w.ministry = Ministry.objects.order_by("pk").first()
    w.value = IndicatorValue.objects.create(
        indicator=w.indicator,
        territory=dept_a,
        date=datetime.date(2019, 6, 30),
        value=Decimal("12"),
    )
    w.target = IndicatorTarget.objects.create(
        indicator=w.indicator, territory=dept_a, value=Decimal("20")
    )
    w.qpv = QPV.objects.filter(territory__parent=dept_a).first()
    w.commitment = PacteCommitment.objects.order_by("pk").first()

    # PAQTE data of both departments.
    w.axis = Axis.objects.order_by("number").first()
    w.company_a = Company.objects.create(
        name="Entreprise A", siren=valid_siren(1), size="pme", department=dept_a
    )
    w.company_b = Company.objects.create(
        name="Entreprise B", siren=valid_siren(2), size="pme", department=dept_b
    )
    w.convention_a = Convention.objects.create(company=w.company_a, status="signed")
    w.convention_b = Convention.objects.create(company=w.company_b, status="signed")
    w.synonyms = SynonymSet.objects.create(terms="QRR, reconquête républicaine")
    w.association_a = Association.objects.create(name="Asso A", department=dept_a)
    w.association_b = Association.objects.create(name="Asso B", department=dept_b)
    w.organisation_a = DepartmentOrganisation.objects.create(department=dept_a)
    w.organisation_b = DepartmentOrganisation.objects.create(department=dept_b)
    w.report_a = SemesterReport.objects.create(department=dept_a, year=2019, half=1)
    w.report_a.save_revision(user=w.users["referent_a"])
    w.report_a_state = w.report_a.get_workflow().start(
        w.report_a, w.users["referent_a"]
    )
    w.report_a_task_state = w.report_a_state.current_task_state
    w.report_b = SemesterReport.objects.create(department=dept_b, year=2019, half=1)
    w.report_b.save_revision(user=w.users["referent_b"])

    # Wagtail objects.
    w.collection = Collection.get_first_root_node().get_children().first()
    w.image = get_image_model().objects.create(
        title="Image de test", file=ContentFile(png_bytes(), name="securite.png")
    )
    w.document = get_document_model().objects.create(
        title="Document de test",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="securite.pdf"),
    )
    w.site = Site.objects.get(is_default_site=True)
    w.redirect = Redirect.objects.create(old_path="/ancien-chemin", redirect_link="/")
    w.query = Query.get("emploi")
    SearchPromotion.objects.create(query=w.query, page=w.standard, sort_order=0)
    w.workflow = Workflow.objects.order_by("pk").first()
    w.task = Task.objects.order_by("pk").first()
    w.group = Group.objects.get(name="Communication")
    w.root_page = Page.objects.get(depth=1)
    return w
