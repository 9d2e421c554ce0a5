"""Freshness: what to forget when content changes.

Two layers are kept fresh together:

- fragments cached in templates (``{% wagtailcache %}``) vary on a *content
  version*; any publication or import bumps it, so the next request rebuilds them;
- a shared HTTP cache in front of the site (Varnish, a CDN), when
  ``WAGTAILFRONTENDCACHE`` is configured, is purged for the changed page and the
  pages that list it (its ancestors: programme, roadmap, home...).
"""

import logging

from django.conf import settings
from django.core.cache import cache

from .site import public_content_apps

logger = logging.getLogger(__name__)

VERSION_KEY = "quartiers:content-version"


def content_version():
    """A number that changes whenever public content changes."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def purge(pages=(), urls=()):
    """Purge pages (with the pages that list them) and URLs from the HTTP cache."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    for page in pages:
        batch.add_pages(page.get_ancestors(inclusive=True).filter(depth__gt=1))
    batch.add_urls(urls)
    try:
        batch.purge()
    except Exception:  # a cache server that is down must not break publishing
        logger.exception("Échec de la purge du cache HTTP")


def content_changed(pages=(), urls=()):
    """Call after any change of public content (publication, import...)."""
    bump_content_version()
    purge(pages=pages, urls=urls)


def page_changed_handler(instance, **kwargs):
    content_changed(pages=[instance])


def page_moved_handler(instance, **kwargs):
    """A move changes a page's URL and the sections it is counted under."""
    content_changed(pages=[instance])


def model_changed_handler(sender, **kwargs):
    """Any saved or deleted object of a content app (``public_content`` on its
    AppConfig: snippets, values, settings) makes cached fragments stale. Pages are purged on publication instead."""
    if sender._meta.app_label in public_content_apps() and not kwargs.get("raw"):
        bump_content_version()
