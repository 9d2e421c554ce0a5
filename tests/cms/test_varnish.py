"""Through the project's real Varnish configuration (deploy/varnish/default.vcl):
form pages are never stored nor shared, a cookie set for one visitor never reaches
another, a flash message reaches its visitor (once) and nobody else.

The application is served from this test process (a threaded WSGI server sharing
the test's database connection, so each test's data is rolled back as usual);
``varnishd`` runs in front of it on free ports. Skipped when varnishd is absent.
"""

import re
import shutil
import subprocess  # noqa: S404
import tempfile
import threading
from http.client import HTTPConnection
from pathlib import Path

import pytest

from django.core import signing
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.urls import reverse

from cms.ops.net import free_port, stop_process, wait_for
from partners.accounts import CONFIRMATION_SALT, create_partner

BASE_DIR = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or shutil.which("/usr/sbin/varnishd")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        VARNISHD is None, reason="varnishd absent (apt-get install varnish)"
    ),
]


class SharedConnectionServer(ThreadedWSGIServer):
    """Serves with the test's own database connection, never closed here."""

    def _close_connections(self):
        pass


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def backend(db):
    connection = connections["default"]
    connection.inc_thread_sharing()
    # As Django's test client does: the test's transaction must outlive requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = SharedConnectionServer(
        ("127.0.0.1", free_port()),
        QuietHandler,
        connections_override={"default": connection},
    )
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    connection.dec_thread_sharing()


@pytest.fixture
def varnish(backend):
    # Varnish's worker runs as its own user: its folder must be reachable (the
    # parents of pytest's tmp_path are private to root).
    tmp_path = Path(tempfile.mkdtemp(prefix="varnish-test-"))
    tmp_path.chmod(0o755)
    vcl = (BASE_DIR / "deploy" / "varnish" / "default.vcl").read_text()
    assert '.port = "8001"' in vcl
    vcl_path = tmp_path / "test.vcl"
    vcl_path.write_text(vcl.replace('.port = "8001"', f'.port = "{backend}"'))
    workdir = tmp_path / "varnish"
    workdir.mkdir()
    workdir.chmod(0o755)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [VARNISHD, "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl_path)]
        + ["-s", "malloc,32m", "-n", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(port, timeout=60), "varnishd n’a pas démarré"
        yield port
    finally:
        stop_process(process)
        shutil.rmtree(tmp_path, ignore_errors=True)


class Visitor:
    """One browser: its own cookies, talking to Varnish."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def get(self, path):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if value and "expires=Thu, 01 Jan 1970" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response, body


def set_cookies(response):
    return response.headers.get_all("Set-Cookie") or []


def csrf_value(response):
    for header in set_cookies(response):
        if header.startswith("csrftoken="):
            return header.split(";", 1)[0]
    return None


def test_varnish_shares_public_pages(varnish):
    """The setup works: a page without cookie nor form is served from the cache."""
    Visitor(varnish).get("/feuille-de-route/")
    response, _body = Visitor(varnish).get("/feuille-de-route/")
    assert response.status == 200
    assert response.headers["X-Cache"] == "HIT"
    assert not set_cookies(response)


@pytest.mark.parametrize(
    "name", ["partners_signup", "partners_login", "partners_password_reset"]
)
def test_a_form_page_is_never_stored_nor_shared(varnish, name):
    path = reverse(name)
    tokens = set()
    for _visitor in range(3):
        response, body = Visitor(varnish).get(path)
        assert response.status == 200
        assert response.headers["X-Cache"] == "MISS", path
        assert "public" not in response.headers["Cache-Control"]
        token = csrf_value(response)
        assert token is not None, path
        tokens.add(token)
        assert re.search(r'name="csrfmiddlewaretoken"', body)
    assert len(tokens) == 3  # each visitor got their own token


def test_a_flash_message_reaches_its_visitor_once_and_nobody_else(varnish):
    partner = create_partner("Camille Martin", "Garage", "c@example.org", active=False)
    token = signing.dumps(partner.pk, salt=CONFIRMATION_SALT)
    login = reverse("partners_login")
    other = Visitor(varnish)
    other.get(login)  # the login page, warm in anyone's path
    visitor = Visitor(varnish)
    response, _body = visitor.get(reverse("partners_confirm", args=[token]))
    assert response.status == 302
    assert "messages" in visitor.cookies
    response, body = visitor.get(login)
    assert "Votre adresse est confirmée" in body
    assert "public" not in response.headers["Cache-Control"]
    _response, body = other.get(login)
    assert "Votre adresse est confirmée" not in body
    _response, body = visitor.get(login)
    assert "Votre adresse est confirmée" not in body
