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


def _last_registered(hook_name):
    """What the last function registered for ``hook_name`` returns, or None."""
    found = hooks.get_hooks(hook_name)
    return found[-1]() if found else None


def site_settings_model():
    """The registered site settings model, or None."""
    return _last_registered("register_site_settings_model")


def site_settings(request=None):
    """The site settings for ``request`` (cached on it), or None."""
    model = site_settings_model()
    return model.load(request_or_site=request) if model else None


def site_search():
    """The site search's URLs (``url``, ``suggestions_url``), or None."""
    return _last_registered("register_site_search")


@cache
def public_content_apps():
    return {
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "public_content", False)
    }
