"""A test run without Chromium ends by saying how many browser tests it skipped and
the one command that installs Chromium (``tests/conftest.py``), in one process and
under pytest-xdist as ``make test`` runs it (one worker here: the controller prints
the summary from the reports its workers send, however many they are)."""

import os
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest

from tests.e2e import CHROMIUM_INSTALL

BASE_DIR = Path(__file__).resolve().parents[1]
ONE_BROWSER_TEST = (
    "tests/e2e/test_public_figures.py::test_the_measure_page_draws_the_history_chart"
)


@pytest.mark.parametrize("workers", [[], ["-n", "1", "--dist", "loadgroup"]])
def test_a_run_without_chromium_says_what_it_skipped_and_how_to_install_it(workers):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PYTEST_") and name != "QUARTIERS_E2E"
    }
    env["E2E_CHROMIUM"] = "/nonexistent"

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers]
        + [ONE_BROWSER_TEST],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    lines = result.stdout.splitlines()
    notice = "1 test(s) de navigateur ignoré(s) : Chromium introuvable (/nonexistent)."
    assert result.returncode == 0, result.stdout + result.stderr
    assert notice in lines
    assert f"Pour les lancer, installez-le : {CHROMIUM_INSTALL}" in lines
    assert lines.index(notice) < next(
        number for number, line in enumerate(lines) if "1 skipped" in line
    )
