import shutil

import pytest
from django.conf import settings


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def reference_content(db):
    """The whole reference content, as ``load_reference_content`` makes it."""
    from django.core.management import call_command

    call_command("load_reference_content", verbosity=0)
