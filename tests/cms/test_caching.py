"""Shared-cache headers, fragment freshness, HTTP cache purges, Redis resilience."""

import pytest

from django.core.cache import caches

from cms.ops.net import is_free
from measures.models import MeasurePage, ProgrammePage

from .purge_backend import PURGED

pytestmark = pytest.mark.django_db


def test_anonymous_public_pages_are_shareable(client):
    for url in ["/", "/feuille-de-route/", "/recherche/?q=emploi", "/actualites/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control, url
        assert "s-maxage=600" in cache_control
        assert "stale-while-revalidate=60" in cache_control


def test_pages_for_a_signed_in_user_stay_private(client, admin_user):
    client.force_login(admin_user)
    cache_control = client.get("/")["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_admin_and_previews_are_never_shared(client, admin_user):
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")
    client.force_login(admin_user)
    measure = MeasurePage.objects.get(reference="J1")
    draft = client.get(f"/admin/pages/{measure.pk}/view_draft/")
    assert "public" not in draft.get("Cache-Control", "")


def test_missing_pages_are_not_shared(client):
    assert "public" not in client.get("/nexiste-pas/").get("Cache-Control", "")


def test_a_published_change_is_visible_on_the_next_request(client):
    assert "Sécurité" in client.get("/").content.decode()  # fragments now cached
    programme = ProgrammePage.objects.get(slug="securite")
    programme.title = "Sécurité du quotidien"
    programme.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Sécurité du quotidien" in html
    menu_page = client.get("/feuille-de-route/").content.decode()
    assert "Sécurité du quotidien" in menu_page


def test_a_new_indicator_value_refreshes_cached_figures(client):
    import datetime

    from measures.models import Indicator, IndicatorValue, Territory

    assert "1\u202f514" in client.get("/").content.decode()
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="QPV-NOMBRE"),
        territory=Territory.national(),
        date=datetime.date(2024, 1, 1),
        value=1609,
    )
    assert "1\u202f609" in client.get("/").content.decode()


def test_publishing_purges_the_page_and_the_pages_listing_it(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.cms.purge_backend.RecordingBackend"}
    }
    PURGED.clear()
    measure = MeasurePage.objects.get(reference="J1")
    measure.save_revision().publish()
    paths = {url.split("localhost", 1)[-1] for url in PURGED}
    assert measure.url in paths
    assert "/feuille-de-route/emploi/" in paths
    assert "/feuille-de-route/" in paths
    assert "/" in paths


def redis_available(port=6379):
    return not is_free(port)


def redis_caches(location):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }


@pytest.mark.skipif(not redis_available(), reason="Redis absent sur 127.0.0.1:6379")
def test_redis_cache_serves_fragments(client, settings):
    settings.CACHES = redis_caches("redis://127.0.0.1:6379/15")
    caches["default"].clear()
    assert client.get("/").status_code == 200
    assert caches["default"].get("quartiers:content-version") is not None
    caches["default"].clear()


def test_site_stays_up_when_redis_is_down(client, settings):
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")  # a closed port
    response = client.get("/")
    assert response.status_code == 200
    assert "1\u202f514" in response.content.decode()
