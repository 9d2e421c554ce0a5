"""Load for ``python manage.py resilience``: visitors and partners (locust).

Not a test module (pytest does not collect it). The command writes a fixture (JSON
in ``RESILIENCE_FIXTURE``: pages to visit, searches, partner accounts) and reads
back the log this file appends to (``RESILIENCE_LOG``, one JSON line per request
and one per acknowledged submission).

Visitors read the public pages, filter the directory and the good practices, and
search in French. Partners sign in and propose good practices through the real
form (CSRF token from the form, ``submit`` button). The rate limit (5 proposals
an hour per account) is left as it is: each partner uses an account for at most
``per_account`` proposals, then signs in with the next account of the pool.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

FIXTURE = json.loads(Path(os.environ["RESILIENCE_FIXTURE"]).read_text("utf-8"))
LOG = open(os.environ["RESILIENCE_LOG"], "a", encoding="utf-8")  # noqa: SIM115
ACCOUNTS = iter(FIXTURE["accounts"])
NUMBERS = itertools.count(1)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 30


def write(record):
    LOG.write(json.dumps(record, ensure_ascii=False) + "\n")


@events.request.add_listener
def record_request(
    request_type, name, response_time, response, exception, start_time=None, **_kw
):
    status = getattr(response, "status_code", 0) or 0
    write(
        {
            "kind": "request",
            "t": start_time or time.time() - response_time / 1000,
            "method": request_type,
            "name": name,
            "ms": round(response_time, 2),
            "status": status,
            "ok": exception is None,
            "error": str(exception)[:200] if exception else "",
        }
    )


@events.quitting.add_listener
def close_log(**_kw):
    LOG.flush()


def csrf_token(response):
    match = CSRF_RE.search(response.text or "")
    return match.group(1) if match else ""


class Visitor(HttpUser):
    """Reads, filters and searches (anonymous)."""

    weight = FIXTURE["visitor_weight"]
    wait_time = between(1, 3)

    @task(6)
    def page(self):
        label, path = random.choice(FIXTURE["pages"])  # noqa: S311
        self.client.get(path, name=label, timeout=TIMEOUT)

    @task(2)
    def search(self):
        query = random.choice(FIXTURE["searches"])  # noqa: S311
        self.client.get(
            "/recherche/", params={"q": query}, name="recherche", timeout=TIMEOUT
        )


class Partner(HttpUser):
    """Signs in and proposes good practices through the public form."""

    weight = FIXTURE["partner_weight"]
    wait_time = between(2, 5)

    def on_start(self):
        self.account = None
        self.sent = 0
        self.signed_in = False

    def sign_in(self):
        if self.account is None or self.sent >= FIXTURE["per_account"]:
            self.account = next(ACCOUNTS, None)
            self.sent = 0
            self.client.cookies.clear()
        if self.account is None:
            return False  # pool used up: the partner only reads from now on
        login = FIXTURE["login_path"]
        form = self.client.get(login, name="connexion (formulaire)", timeout=TIMEOUT)
        token = csrf_token(form)
        if not token:
            return False
        with self.client.post(
            login,
            {
                "username": self.account[0],
                "password": self.account[1],
                "csrfmiddlewaretoken": token,
            },
            name="connexion (envoi)",
            allow_redirects=False,
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            if response.status_code == 302:
                response.success()
                self.signed_in = True
            else:
                response.failure(f"connexion refusée (HTTP {response.status_code})")
        return self.signed_in

    @task
    def propose(self):
        if self.sent >= FIXTURE["per_account"]:
            self.signed_in = False
        if not self.signed_in and not self.sign_in():
            self.client.get("/bonnes-pratiques/", name="bonnes pratiques")
            return
        path = FIXTURE["propose_path"]
        form = self.client.get(
            path,
            name="proposer (formulaire)",
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        token = csrf_token(form) if form.status_code == 200 else ""
        if not token:
            self.signed_in = False  # session lost: sign in again next time
            return
        title = f"{FIXTURE['title_prefix']} n° {next(NUMBERS)}"
        data = {
            "csrfmiddlewaretoken": token,
            "title": title,
            "summary": "Une action de parrainage vers l’emploi des jeunes du quartier.",
            "description": "Des entreprises du club accueillent des jeunes en "
            "stage de troisième.\n\nBilan : 40 stages proposés.",
            "department": random.choice(FIXTURE["departments"]),  # noqa: S311
            "organisation": f"Association résilience {self.account[0]}",
            "organisation_type": "association",
            "contact_name": "Camille Martin",
            "contact_email": self.account[0],
            "website": "",
            "submit": "1",
        }
        with self.client.post(
            path,
            data,
            name="proposer (envoi)",
            allow_redirects=False,
            catch_response=True,
            timeout=TIMEOUT,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.endswith("/mon-espace/"):
                response.success()
                self.sent += 1
                write({"kind": "submission", "title": title, "t": time.time()})
            else:
                response.failure(f"proposition refusée (HTTP {response.status_code})")
