"""Browser tests (see conftest.py). What a run without Chromium says about them:
the skip reason starts with ``CHROMIUM_MISSING``, and the run ends by giving
``CHROMIUM_INSTALL`` (``tests/conftest.py``)."""

CHROMIUM_MISSING = "Chromium introuvable"
CHROMIUM_INSTALL = "sudo apt-get install -y chromium"
