"""The partners' listings (good practices, club, directory) cost the same SQL
queries with a few entries or many: paginated, cached per content version."""

import datetime

import pytest

from cms.ops.volume import bulk_add_children
from home.models import NewsIndexPage, NewsPage
from partners.models import (
    ClubPage,
    Company,
    Convention,
    GoodPracticeIndexPage,
    GoodPracticePage,
)
from tests.query_budget import queries_after_publication, queries_when_cached

from .factories import department, valid_siren

pytestmark = pytest.mark.django_db

# Routing, view restrictions, breadcrumb, settings (about 9), the filter form's
# choices, then a count and a slice per list.
LISTING_BUDGET = 22
# The same page with its listing cached: the routing and base template only.
CACHED_BUDGET = 8


def add_practices(count, start=0):
    index = GoodPracticeIndexPage.objects.get()
    toulouse = department("31")
    bulk_add_children(
        index,
        [
            GoodPracticePage(
                title=f"Pratique en volume {n}",
                slug=f"pratique-volume-{n}",
                summary="Une action menée dans un quartier.",
                organisation="Association du quartier",
                department=toulouse,
            )
            for n in range(start, start + count)
        ],
    )


def add_news(count, start=0):
    today = datetime.date(2026, 1, 1)
    bulk_add_children(
        NewsIndexPage.objects.get(),
        [
            NewsPage(
                title=f"Actualité en volume {n}",
                slug=f"actualite-volume-{n}",
                date=today - datetime.timedelta(days=n),
            )
            for n in range(start, start + count)
        ],
    )


def add_members(club, count, start=0):
    toulouse = department("31")
    companies = Company.objects.bulk_create(
        Company(
            name=f"Membre en volume {n:04d}",
            siren=valid_siren(200000 + n),
            size="pme",
            department=toulouse,
        )
        for n in range(start, start + count)
    )
    Convention.objects.bulk_create(
        Convention(company=c, status="signed", start_date=datetime.date(2020, 1, 1))
        for c in companies
    )
    Company.clubs.through.objects.bulk_create(
        Company.clubs.through(company=c, clubpage=club) for c in companies
    )


def club():
    return ClubPage.objects.live().order_by("path").first()


# Each case: the URL, and how to add content (small, then ten times more).
CASES = {
    "bonnes-pratiques": (lambda: "/bonnes-pratiques/", add_practices),
    "bonnes-pratiques-page-2": (lambda: "/bonnes-pratiques/?page=2", add_practices),
    "actualites": (lambda: NewsIndexPage.objects.get().url, add_news),
    "actualites-page-2": (
        lambda: NewsIndexPage.objects.get().url + "?page=2",
        add_news,
    ),
    "club": (lambda: club().url, lambda n, start=0: add_members(club(), n, start)),
    "club-page-2": (
        lambda: club().url + "?page=2",
        lambda n, start=0: add_members(club(), n, start),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_listing_queries_are_the_same_with_ten_times_more_content(client, case):
    url_of, add = CASES[case]
    add(60)  # scale 1: several pages already
    url = url_of()
    before = queries_after_publication(client, url)
    add(600, start=60)  # scale 10
    after = queries_after_publication(client, url)
    assert before <= LISTING_BUDGET
    assert after == before


@pytest.mark.parametrize("case", CASES)
def test_a_listing_seen_again_is_served_from_its_cached_fragment(client, case):
    url_of, add = CASES[case]
    add(60)
    assert queries_when_cached(client, url_of()) <= CACHED_BUDGET


def test_a_publication_shows_on_the_listing_at_once(client):
    add_practices(13)  # newest first: 12 to 1 on the first page
    assert "Pratique en volume 12" in client.get("/bonnes-pratiques/").content.decode()
    index = GoodPracticeIndexPage.objects.get()
    practice = GoodPracticePage(
        title="Pratique toute neuve",
        summary="Publiée à l’instant.",
        organisation="Club",
        department=department("44"),
        first_published_at=None,
    )
    index.add_child(instance=practice)
    practice.save_revision().publish()
    assert "Pratique toute neuve" in client.get("/bonnes-pratiques/").content.decode()
