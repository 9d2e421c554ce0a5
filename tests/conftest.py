import os
import shutil

import pytest

from django.conf import settings
from django.core.management import call_command

from tests.e2e import CHROMIUM_INSTALL, CHROMIUM_MISSING


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the reference content, as ``make setup`` leaves it.

    Loaded once per session; each test runs in a transaction rolled back after it.
    """
    with django_db_blocker.unblock():
        call_command("load_reference_content", verbosity=0)


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def roadmap(db):
    from measures.models import RoadmapIndexPage

    return RoadmapIndexPage.objects.get()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="cget", email="cget@example.org", password="mot-de-passe-solide"
    )


def make_user(django_user_model, username, *groups):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="mot-de-passe-solide",
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def user_factory(db, django_user_model):
    def factory(username, *groups):
        return make_user(django_user_model, username, *groups)

    return factory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the database is rolled back between
    tests, cached fragments must not outlive it."""
    from django.core.cache import cache

    cache.clear()


def pytest_terminal_summary(terminalreporter):
    """Without Chromium, say before pytest's summary line how many browser tests
    were skipped and the one command that installs it. Runs in the process that
    prints the summary (the controller under pytest-xdist, which receives the
    workers' reports)."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if CHROMIUM_MISSING in str(report.longrepr)
    ]
    if not skipped:
        return
    chromium = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
    terminalreporter.write_sep("-", "tests de navigateur ignorés", yellow=True)
    terminalreporter.write_line(
        f"{len(skipped)} test(s) de navigateur ignoré(s) : {CHROMIUM_MISSING} "
        f"({chromium})."
    )
    terminalreporter.write_line(f"Pour les lancer, installez-le : {CHROMIUM_INSTALL}")
