"""Counting a page's SQL queries as a visitor meets them after a publication."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.cache import bump_content_version


def queries_after_publication(client, url):
    """Queries of the first request after a publication: per-process caches warm
    (site, settings), cached fragments stale (a new content version)."""
    cache.clear()
    assert client.get(url).status_code == 200
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def queries_when_cached(client, url):
    """Queries of a repeated request, its fragments cached."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
