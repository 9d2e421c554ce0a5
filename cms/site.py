"""What the project's shell (root URLs, base template, freshness) needs from the
apps above it, asked through registrations those apps make, so that ``cms`` names
none of them (imports flow cms ← measures ← partners ← search, home):

- ``register_site_urls`` hook: a list of URL patterns served on the public site,
  before Wagtail's page serving;
- ``register_site_settings_model`` hook: the ``BaseGenericSetting`` holding the
  site's tagline, menus and footer;
- ``register_site_search`` hook: a dict with the site search's ``url`` and its
  ``suggestions_url`` (the header's search box, robots.txt);
- ``public_content = True`` on an app's ``AppConfig``: a saved or deleted object
  of that app changes public content (``cms.cache``).
"""

from functools import cache

from django.apps import apps

from wagtail import hooks


def site_urls():
    return [
        pattern for hook in hooks.get_hooks("register_site_urls") for pattern in hook()
    ]


def site_settings_model():
    """The registered site settings model, or None."""
    found = [hook() for hook in hooks.get_hooks("register_site_settings_model")]
    return found[-1] if found else None


def site_settings(request=None):
    """The site settings for ``request`` (cached on it), or None."""
    model = site_settings_model()
    return model.load(request_or_site=request) if model else None


def site_search():
    """The site search's URLs (``url``, ``suggestions_url``), or None."""
    found = [hook() for hook in hooks.get_hooks("register_site_search")]
    return found[-1] if found else None


@cache
def public_content_apps():
    return {
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "public_content", False)
    }
