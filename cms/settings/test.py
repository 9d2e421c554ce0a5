import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One folder per test process: concurrent runs (two engines, xdist workers) never
# delete each other's files when they clean up.
MEDIA_ROOT = BASE_DIR / "tmp-test-media" / str(os.getpid())  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

# django-axes off by default in tests: Django's test client ``login()`` calls
# ``authenticate()`` without a request, which axes' backend refuses. The lock-out
# tests (tests/security/test_login_lockout.py) switch it on with ``settings``.
AXES_ENABLED = False
