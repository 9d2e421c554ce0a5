"""Hardening: production settings, security headers and CSP, login lock-out,
secrets in the repository."""

import importlib
import re
import secrets
import subprocess
from pathlib import Path

import pytest

from django.conf import settings
from django.core import checks
from django.test import Client, override_settings
from django.urls import reverse

from .world import PASSWORD, make_partner, make_user

pytestmark = pytest.mark.django_db

REPO = Path(settings.BASE_DIR)
SECRET = secrets.token_urlsafe(60)


def production_settings(monkeypatch, **env):
    """The values of ``cms.settings.production`` under the given environment."""
    monkeypatch.setenv("SECRET_KEY", SECRET)
    for name in ("SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    base = importlib.reload(importlib.import_module("cms.settings.base"))
    production = importlib.reload(importlib.import_module("cms.settings.production"))
    values = {name: getattr(production, name) for name in dir(production)}
    importlib.reload(base)
    return {name: value for name, value in values.items() if name.isupper()}


# Settings that only concern the test run's plumbing, kept as the test has them.
PLUMBING = {
    "DATABASES",
    "CACHES",
    "INSTALLED_APPS",
    "STORAGES",
    "EMAIL_BACKEND",
    "PASSWORD_HASHERS",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "LOGGING",
    "AXES_ENABLED",
    "ALLOWED_HOSTS",
}


def as_production(monkeypatch, **env):
    values = production_settings(monkeypatch, **env)
    return override_settings(
        **{name: value for name, value in values.items() if name not in PLUMBING}
    )


def test_production_settings_pass_the_deploy_checks(monkeypatch):
    with as_production(monkeypatch):
        messages = checks.run_checks(include_deployment_checks=True)
    problems = [m for m in messages if m.level >= checks.WARNING]
    assert not problems, "\n".join(str(m) for m in problems)


def test_production_cookies_are_secure_and_https_is_enforced(monkeypatch):
    values = production_settings(monkeypatch)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_local_http_trial_of_the_production_profile_is_one_switch(monkeypatch):
    values = production_settings(monkeypatch, SECURE_COOKIES="0")
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]
    assert not values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_production_answers_https_only_with_hsts(monkeypatch, home_page):
    with as_production(monkeypatch):
        insecure = Client().get("/")
        secure = Client().get("/", secure=True)
    assert insecure.status_code == 301
    assert insecure["Location"].startswith("https://")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def csp(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }


def assert_common_headers(response, frame):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == frame


def test_public_pages_forbid_inline_scripts_and_framing(client, home_page):
    response = client.get("/")
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert_common_headers(response, "DENY")


PUBLIC_PATHS = [
    "/",
    "/feuille-de-route/",
    "/territoires/",
    "/paqte/",
    "/reseau/",
    "/bonnes-pratiques/",
    "/actualites/",
    "/recherche/?q=emploi",
    "/mon-espace/connexion/",
    "/mon-espace/inscription/",
    "/mon-espace/mot-de-passe/",
]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_public_templates_hold_no_inline_script(client):
    """What the CSP forbids must not be in our templates (nor in django-dsfr's)."""
    offenders = []
    for path in PUBLIC_PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for regex in (INLINE_SCRIPT, INLINE_HANDLER):
            offenders += [f"{path}: {m.group(0)[:80]}" for m in regex.finditer(html)]
        offenders += [
            f"{path}: javascript: URL" for _ in re.finditer("javascript:", html)
        ]
    assert not offenders, "\n".join(offenders)


def test_admin_has_its_own_policy_and_frames_nothing_but_itself(client):
    client.force_login(make_user("cget-entetes", "Administrateurs nationaux"))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = csp(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert_common_headers(response, "DENY")


def test_previews_may_be_framed_by_the_admin_only(client, home_page):
    client.force_login(make_user("cget-apercu", "Administrateurs nationaux"))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == ["'self'"]
    assert_common_headers(response, "SAMEORIGIN")


# --- Login attempts --------------------------------------------------------------

LOGINS = {
    "partner": "/mon-espace/connexion/",
    "admin": "/admin/login/",
}


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.mark.parametrize("login", LOGINS)
def test_five_failed_logins_lock_the_account_out_with_a_french_page(axes_on, login):
    user = make_user(f"verrou-{login}", "Administrateurs nationaux")
    make_partner(f"verrou-partenaire-{login}", "Asso")
    client = Client()
    url = LOGINS[login]
    for _attempt in range(axes_on.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.username, "password": "faux"})
        assert response.status_code == 200  # the form, with its error
    # The fifth failure locks out; the right password then changes nothing.
    response = client.post(url, {"username": user.username, "password": "faux"})
    assert response.status_code == 429
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "5 essais infructueux" in html and "15 minutes" in html
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    other = Client().post(url, {"username": "quelqu-un", "password": "faux"})
    assert other.status_code == 200


def test_a_successful_login_resets_the_failure_count(axes_on):
    user = make_partner("partenaire-oublieux", "Asso")
    client = Client()
    url = LOGINS["partner"]
    for _attempt in range(axes_on.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": user.username, "password": "faux"})
    assert (
        client.post(url, {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    client.post(reverse("partners_logout"))
    for _attempt in range(axes_on.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": user.username, "password": "faux"})
    assert (
        client.post(url, {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )


def test_lockout_settings_are_those_announced():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


# --- Secrets -----------------------------------------------------------------------

SECRET_PATTERNS = {
    "private key": re.compile(
        r"-----BEGIN (RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY"
    ),
    "AWS key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "JWT": re.compile(
        r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"
    ),
    "hard-coded secret": re.compile(
        r"""(?i)\b\w*(secret|password|passwd|token|api_key|apikey)\w*\s*[:=]\s*["'][^"'\s]{8,}["']"""
    ),
    # A password written in place; a template (``{password}``) reads it at run time.
    "credentials in a URL": re.compile(r"\b[a-z]+://[^/\s:@\"']+:[^/\s@\"'{}]{6,}@"),
}
# Known, harmless matches: file -> the exact strings allowed there.
ALLOWED = {
    "cms/settings/test.py": ["test-only-insecure-key"],
    # Development only: production refuses to start without SECRET_KEY.
    "cms/settings/dev.py": ["dev-only-insecure-key-do-not-use-in-production"],
    # The README's example of DATABASE_URL.
    "README.md": ["postgres://user:motdepasse@"],
}
# Fake passwords of test accounts and of the hostile inputs of the fuzz tests.
TEST_DIRECTORIES = ("tests/",)


def tracked_files():
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [name for name in listing.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        skipped = {".venv", ".git", "node_modules", "media", "staticfiles"}
        return [
            str(path.relative_to(REPO))
            for path in REPO.rglob("*")
            if path.is_file() and not skipped & set(path.relative_to(REPO).parts)
        ]


def test_no_secret_in_the_repository():
    found = []
    for name in tracked_files():
        path = REPO / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for label, regex in SECRET_PATTERNS.items():
            for match in regex.finditer(text):
                snippet = match.group(0)
                if any(allowed in snippet for allowed in ALLOWED.get(name, [])):
                    continue
                if label in (
                    "hard-coded secret",
                    "credentials in a URL",
                ) and name.startswith(TEST_DIRECTORIES):
                    continue
                found.append(f"{name}: {label}: {snippet[:60]}")
    assert not found, "\n".join(found)


def test_the_secret_scan_finds_what_it_looks_for():
    samples = {
        "private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
        "hard-coded secret": 'EMAIL_HOST_PASSWORD = "Sup3rS3cretValue"',
        "credentials in a URL": "postgres://quartiers:vraimotdepasse@db:5432/q",
        "GitHub token": "ghp_" + "a" * 36,
    }
    for label, sample in samples.items():
        assert SECRET_PATTERNS[label].search(sample), label


def test_the_secret_scan_lets_a_password_read_at_run_time_through():
    template = 'f"postgres://{ROLE}:{self.pg_password}@127.0.0.1:5433/q"'
    assert not SECRET_PATTERNS["credentials in a URL"].search(template)
