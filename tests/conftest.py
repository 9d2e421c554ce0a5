import shutil

import pytest

from django.conf import settings
from django.core.management import call_command


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
