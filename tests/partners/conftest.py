import pytest

from measures.models import TerritorialRole

from .factories import department


def referent_of(user_factory, code):
    user = user_factory(f"referent-{code}", "Référents départementaux")
    TerritorialRole.objects.create(user=user, territory=department(code))
    return user


@pytest.fixture
def referent_44(user_factory):
    """The PAQTE referent of Loire-Atlantique."""
    return referent_of(user_factory, "44")


@pytest.fixture
def referent_31(user_factory):
    return referent_of(user_factory, "31")


@pytest.fixture
def national_admin(user_factory):
    return user_factory("cget-paqte", "Administrateurs nationaux")
