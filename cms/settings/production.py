from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY doit être défini en production.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS everywhere by default. For a local HTTP trial of this profile (benchmark,
# deploy/serve-cached.sh, load tests on 127.0.0.1): SECURE_COOKIES=0, which also
# turns the HTTPS redirect and HSTS off unless they are set explicitly.
HTTPS = env_bool("SECURE_COOKIES", True)  # noqa: F405
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)  # noqa: F405
# The load balancer's health check may call /robots.txt over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^robots\.txt$"]
# HSTS: one year, subdomains and preload by default (the site lives under
# gouv.fr, HTTPS only). SECURE_HSTS_SECONDS=0 turns it off.
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0")  # noqa: F405
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # noqa: F405
