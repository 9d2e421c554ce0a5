"""Browser tests: Debian's Chromium, driven by Playwright, against a real server.

The server is ``manage.py runserver`` on 127.0.0.1 (a free port), on its **own
database** created for the session: a temporary SQLite file, or, when
DATABASE_URL is PostgreSQL, a database named after it with an ``_e2e`` suffix,
dropped at the end. It is migrated and loaded with the reference content, then the
journeys' users are created (``tests/e2e/seed.py``). The shared test database (one
load, a rollback per test) is never touched: pytest-django's ``live_server`` would
flush it.

The database is prepared in a background process started as soon as the e2e
tests are collected (it overlaps the tests that run before them). The server and
the browser are package-scoped: one of each for all of tests/e2e, stopped before
the rest of the suite goes on (Playwright's event loop must not outlive them:
Django refuses database access while one is running).
"""

import os
import shutil
import subprocess  # noqa: S404
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from cms.ops.net import free_port
from tests.e2e import CHROMIUM_INSTALL, CHROMIUM_MISSING

BASE_DIR = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", E2E_DIR / "artifacts"))
TIMEOUT_MS = 20_000
# The pytest-xdist worker running these tests ("gw0"...), None without xdist.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


class E2EDatabase:
    """The server's own database: SQLite in ``tmp``, or ``<name>_e2e`` on PostgreSQL."""

    def __init__(self, tmp):
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlsplit(url)
            self.name = (
                parts.path.lstrip("/")
                + "_e2e"
                + (f"_{XDIST_WORKER}" if XDIST_WORKER else "")
            )
            self.url = urlunsplit(parts._replace(path="/" + self.name))
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        else:
            self.name = str(tmp / "e2e.sqlite3")  # tmp is this process's own
            self.url = f"sqlite:///{self.name}"

    def _execute(self, sql):
        import psycopg
        from psycopg import sql as pgsql

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(pgsql.SQL(sql).format(pgsql.Identifier(self.name)))

    def create(self):
        if self.postgres:
            self.drop()
            self._execute("CREATE DATABASE {}")

    def drop(self):
        if self.postgres:
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


class Server:
    def __init__(self, tmp):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_dir = tmp / "mail"
        self.mail_dir.mkdir()
        (tmp / "media").mkdir()
        self.database = E2EDatabase(tmp)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
            "DATABASE_URL": self.database.url,
            "CONN_MAX_AGE": "0",
            "E2E_MAIL_DIR": str(self.mail_dir),
            "E2E_MEDIA_ROOT": str(tmp / "media"),
            "E2E_BASE_URL": self.url,
        }
        self.process = None
        self.preparing = None
        self.log = tmp / "server.log"

    def manage(self, *args):
        """Run a management command against the server's database."""
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} a échoué :\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def begin_prepare(self):
        """Create the database, then migrate it, load the reference content and
        add the users in a background process (Django starts once): it runs
        while the rest of the suite does."""
        self.database.create()
        self.prepare_log = self.tmp / "prepare.log"
        with self.prepare_log.open("w") as log:
            self.preparing = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-c",
                    "from tests.e2e.seed import prepare; prepare()",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def start(self):
        if self.preparing is None:
            self.begin_prepare()
        if self.preparing.wait():
            raise RuntimeError(
                "La préparation de la base e2e a échoué :\n"
                + self.prepare_log.read_text()
            )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    "--skip-checks",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.url + "/robots.txt", timeout=5)  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(
            "Le serveur de test n’a pas démarré :\n" + self.log.read_text()
        )

    def stop(self):
        if self.preparing is not None and self.preparing.poll() is None:
            self.preparing.kill()
            self.preparing.wait()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.database.drop()

    def emails(self):
        """Every email the server sent, oldest first (text of each file)."""
        files = sorted(self.mail_dir.iterdir(), key=lambda path: path.stat().st_mtime)
        return [path.read_text() for path in files]


@pytest.fixture(scope="package")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM_MISSING} ({CHROMIUM}) : les tests de navigateur sont "
            f"ignorés. Installez-le avec « {CHROMIUM_INSTALL} » "
            "(ou indiquez son chemin dans E2E_CHROMIUM)."
        )
    return CHROMIUM


_servers = []


def _is_e2e(item):
    return Path(str(item.path)).is_relative_to(E2E_DIR)


def _selected(items):
    return any(_is_e2e(item) for item in items)


@pytest.hookimpl(trylast=True)  # after -k / -m deselection
def pytest_collection_modifyitems(session, config, items):
    """With pytest-xdist (``make test`` runs two workers), the browser tests are
    one group, run by one worker with one server and one browser. Without it,
    start preparing the server's database as soon as the e2e tests are collected,
    so that it overlaps the tests that run before them (under xdist every worker
    collects every test: the worker that gets the group prepares it)."""
    if os.environ.get("QUARTIERS_E2E") == "0":
        # CI's second pass (SQLite) leaves the browser tests to the first one
        # (PostgreSQL, the production engine): .ci/run.
        skipped = [item for item in items if _is_e2e(item)]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            items[:] = [item for item in items if not _is_e2e(item)]
        return
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            if _is_e2e(item):
                item.add_marker(pytest.mark.xdist_group("e2e"))
    if XDIST_WORKER or _servers or not _selected(items):
        return
    if not Path(CHROMIUM).exists():
        return
    server = Server(Path(tempfile.mkdtemp(prefix="quartiers-e2e-")))
    _servers.append(server)
    server.begin_prepare()


def pytest_sessionfinish(session, exitstatus):
    while _servers:
        server = _servers.pop()
        server.stop()
        shutil.rmtree(server.tmp, ignore_errors=True)


@pytest.fixture(scope="package")
def server(chromium):
    if not _servers:
        _servers.append(Server(Path(tempfile.mkdtemp(prefix="quartiers-e2e-"))))
    server = _servers[0]
    try:
        server.start()
        yield server
    finally:
        server.stop()
        _servers.remove(server)
        shutil.rmtree(server.tmp, ignore_errors=True)


@pytest.fixture(scope="package")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, server):
    """Open a browser context (a person with their own cookies) on the server."""
    contexts = []

    def factory(**options):
        options = {
            "base_url": server.url,
            "locale": "fr-FR",
            "viewport": {"width": 1280, "height": 900},
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def shot():
    """Save a full-page screenshot under the artifacts folder."""

    def save(page, name):
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return save
