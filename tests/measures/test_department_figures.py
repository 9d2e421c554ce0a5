"""QPV population and jobseekers of a department: one rule, shown the same way
on the department page, in the prefect's synthesis and in the PAQTE report."""

import pytest

from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse

from measures.department_figures import department_figures
from measures.models import QPV, Territory
from partners.models import SemesterReport
from tests.factories import make_referent

pytestmark = pytest.mark.django_db


@pytest.fixture
def partial_31():
    """Haute-Garonne with two QPV whose population is unknown."""
    qpvs = QPV.objects.filter(territory__parent__code="31").order_by("territory__code")
    QPV.objects.filter(pk__in=[q.pk for q in qpvs[:2]]).update(population=None)
    cache.clear()
    return qpvs


def test_a_figure_is_the_sum_of_the_known_values_with_the_qpv_without_one(
    partial_31,
):
    department = Territory.objects.get(kind="department", code="31")
    figures = department_figures(department.pk)
    assert figures.qpv_count == partial_31.count()
    assert figures.population.total == partial_31.aggregate(t=Sum("population"))["t"]
    assert figures.population.known == partial_31.count() - 2
    assert figures.population.note == "2 QPV sans donnée"
    assert not figures.population.complete
    assert figures.jobseekers.complete and figures.jobseekers.note == ""
    assert department_figures(department.pk, list(partial_31)) == figures


def test_a_department_without_qpv_has_unknown_figures():
    department = Territory.objects.get(kind="department", code="01")
    figures = department_figures(department.pk)
    assert figures.qpv_count == 0
    assert figures.population.total is None and figures.population.note == ""


def test_department_page_says_how_many_qpv_lack_the_population(client, partial_31):
    html = client.get("/territoires/haute-garonne/").content.decode()
    assert "(2 QPV sans donnée)" in html


def test_synthesis_says_how_many_qpv_lack_the_population(
    client, user_factory, partial_31
):
    client.force_login(make_referent(user_factory, "referent-31", "31"))
    html = client.get(reverse("measures_admin:synthesis", args=["31"]))
    total = partial_31.aggregate(t=Sum("population"))["t"]
    assert (
        f"Population des QPV : {total:,}".replace(",", "\u202f")
        + " (2 QPV sans donnée)"
    ) in html.content.decode()


def test_report_shows_the_partial_sum_unless_a_figure_was_entered(partial_31):
    department = Territory.objects.get(kind="department", code="31")
    report = SemesterReport.objects.create(department=department, year=2019, half=1)
    population = report.context_figures()["qpv_population"]
    assert population["value"] == partial_31.aggregate(t=Sum("population"))["t"]
    assert population["origin"] == (
        "calculé à partir des données QPV du site (2 QPV sans donnée)"
    )
    report.qpv_population = 123456
    population = report.context_figures()["qpv_population"]
    assert population["value"] == 123456
    assert population["origin"] == "saisi dans le bilan"


def test_synthesis_docx_says_how_many_qpv_lack_the_population(
    client, user_factory, partial_31
):
    import io

    from docx import Document

    client.force_login(make_referent(user_factory, "referent-31", "31"))
    response = client.get(reverse("measures_admin:synthesis_docx", args=["31"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "(2 QPV sans donnée)" in text
