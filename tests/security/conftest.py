import pytest

from django.db import transaction


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The roles' users and their objects, built once per module, rolled back after."""
    from .world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def pytest_sessionfinish(session, exitstatus):
    """``QUARTIERS_SECURITY_REPORT=path``: write how many fuzz examples ran."""
    import json
    import os

    path = os.environ.get("QUARTIERS_SECURITY_REPORT")
    if not path:
        return
    from .fuzzing import EXAMPLES

    with open(path, "w") as report:
        json.dump(dict(EXAMPLES), report, indent=1, sort_keys=True)
