"""``generate_volume_data``: bulk-inserted pages are live, well placed in the tree,
found by the search, and a second run adds nothing."""

import pytest

from django.core.management import call_command

from wagtail.models import Page

from home.models import NewsPage
from measures.models import MeasurePage
from partners.models import Company, Convention, GoodPracticePage

pytestmark = pytest.mark.django_db

SCALE = "0.01"  # 20 good practices, 5 companies, 10 conventions, 1 news


def generate():
    call_command("generate_volume_data", "--scale", SCALE, "--yes", stdout=None)


@pytest.fixture
def volume(capsys):
    generate()
    capsys.readouterr()


def test_generated_good_practices_are_live_and_served(client, volume):
    practices = GoodPracticePage.objects.filter(slug__startswith="volume-")
    assert practices.count() == 20
    assert all(page.live and page.url_path.startswith("/") for page in practices)
    assert all(page.axes.exists() for page in practices)
    page = practices.order_by("pk").last()
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_generated_pages_keep_the_tree_valid(volume):
    assert Page.find_problems() == ([], [], [], [], [])


def test_generated_good_practices_are_found_by_search(client, volume):
    # "n° 19" is in this practice's title only (one-figure numbers are not searched).
    practice = GoodPracticePage.objects.get(slug="volume-19")
    word = practice.title.split()[0]

    response = client.get(
        "/recherche/", {"q": f"{word} 19", "type": "partners.goodpracticepage"}
    )

    assert practice.title in [r["title"] for r in response.context["results"]]


def test_a_second_run_creates_nothing(volume, capsys):
    counts = (
        GoodPracticePage.objects.count(),
        NewsPage.objects.count(),
        MeasurePage.objects.count(),
        Company.objects.count(),
        Convention.objects.count(),
    )
    generate()
    capsys.readouterr()
    assert counts == (
        GoodPracticePage.objects.count(),
        NewsPage.objects.count(),
        MeasurePage.objects.count(),
        Company.objects.count(),
        Convention.objects.count(),
    )
