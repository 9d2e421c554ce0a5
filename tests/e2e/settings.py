"""Settings of the server the browser tests drive (a real server on 127.0.0.1).

The test settings, plus: static files found by whitenoise without collectstatic,
media served, emails written to files the tests read, links in emails pointing at
the server. The database comes from DATABASE_URL (set by tests/e2e/conftest.py).
"""

import os

from cms.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.e2e.urls"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["E2E_MAIL_DIR"]
MEDIA_ROOT = os.environ["E2E_MEDIA_ROOT"]
WAGTAILADMIN_BASE_URL = os.environ["E2E_BASE_URL"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
