"""Measure the site against the physical limit of this machine.

``python manage.py benchmark --scale 1`` builds a separate database (PostgreSQL
when ``DATABASE_URL`` says so, else ``bench.sqlite3``) with the reference content
and ``generate_volume_data``, serves it with gunicorn on 127.0.0.1, and measures
each public page type: server time (median, p95) at concurrency 1 and 8, SQL
queries per request, HTML size, throughput against the same HTML served as a
static file by nginx, and through Varnish when installed; then the xlsx export of
100,000 values and a 10,000-row import. It prints a table and writes JSON.
Not part of the test suite: it measures, it does not assert.
"""

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail import hooks

BASE_DIR = Path(settings.BASE_DIR)


def free_port():
    """A port nobody listens on: the system picks one for a socket bound to port 0
    (several people may run the benchmark on the same machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_database_name():
    """``quartiers_bench_<checkout folder>``: two checkouts never share (and drop)
    the same benchmark database."""
    folder = re.sub(r"[^a-z0-9]+", "_", BASE_DIR.name.lower()).strip("_")
    return f"quartiers_bench_{folder}"[:63]


GUNICORN_PORT, NGINX_PORT, VARNISH_PORT = free_port(), free_port(), free_port()
SEARCHES = ["emploi", "rénovation urbaine", "quartiers prioritaires"]
TARGETS = {
    "home_queries": 15,
    "measure_queries": 10,
    "search_p95_ms": 50,
    "varnish_ratio": 0.8,
    "export_seconds": 10,
    "export_mb": 100,
    "import_seconds": 5,
}


def free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not free(port):
            return True
        time.sleep(0.2)
    return False


def get(port, path, connection=None):
    """One GET; returns (seconds, status, body bytes)."""
    conn = connection or HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if connection is None:
        conn.close()
    return elapsed, response.status, body


def latencies(port, path, requests, concurrency):
    """Server times (s) of ``requests`` GETs spread over ``concurrency`` clients."""
    times, lock = [], threading.Lock()
    per_client = max(requests // concurrency, 1)

    def client():
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_client):
            elapsed, _status, _body = get(port, path, conn)
            with lock:
                times.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def throughput(port, path, seconds=3, connections=8):
    """Requests per second: wrk when installed, else a Python client."""
    if shutil.which("wrk"):
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", output)
        return (float(match.group(1)) if match else 0.0), "wrk"
    started = time.monotonic()
    count = len(latencies(port, path, 200, connections))
    return count / (time.monotonic() - started), "python"


class Command(BaseCommand):
    help = "Mesure les pages publiques, les exports et l’import (hors suite de tests)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--requests", type=int, default=60)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Réutilise la base de mesure existante.",
        )
        parser.add_argument("--json", default="benchmark.json")
        parser.add_argument(
            "--database-name",
            default=default_database_name(),
            help="Base PostgreSQL de mesure (supprimée puis recréée), par défaut "
            "quartiers_bench_<dossier du dépôt>.",
        )
        parser.add_argument(
            "--phase", choices=["all", "inner"], default="all", help=argparse_suppress()
        )

    # Orchestration ---------------------------------------------------------

    def handle(
        self, *args, scale, requests, reuse, json, phase, database_name, **options
    ):
        if phase == "inner":
            return self.inner_phase()
        if not re.fullmatch(r"[a-z0-9_]+", database_name):
            raise CommandError("Nom de base : lettres minuscules, chiffres et _.")
        self.database_name = database_name
        started = time.monotonic()
        self.results = {
            "scale": scale,
            "machine": machine(),
            "load_average_before": os.getloadavg(),
            "pages": [],
        }
        self.workdir = Path(tempfile.mkdtemp(prefix="quartiers-bench-"))
        self.workdir.chmod(0o755)  # Varnish's compiler runs as its own user
        self.env = self.bench_env()
        processes = []
        try:
            self.prepare_database(scale, reuse)
            inner = self.run_inner()
            self.results.update(inner["data"])
            processes.append(self.start_gunicorn())
            pages = inner["pages"]
            html_dir = self.workdir / "html"
            html_dir.mkdir()
            for page in pages:
                self.measure_page(page, requests, html_dir)
            processes.append(self.start_nginx(html_dir))
            varnish = self.start_varnish()
            if varnish:
                processes.append(varnish)
            self.compare(pages, varnish is not None)
            if varnish:
                self.results["publish_to_fresh"] = self.publish_to_fresh()
        finally:
            for process in processes:
                if process:
                    process.terminate()
                    process.wait(timeout=10)
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.results["load_average_after"] = os.getloadavg()
        self.results["total_seconds"] = round(time.monotonic() - started, 1)
        self.report()
        with open(json, "w", encoding="utf-8") as handle:
            handle.write(to_json(self.results))
        self.stdout.write(f"\nRésultats écrits dans {json}")

    def bench_env(self):
        env = dict(os.environ)
        url = env.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            base, _, _name = url.rpartition("/")
            bench_url = f"{base}/{self.database_name}"
        else:
            bench_url = f"sqlite:///{BASE_DIR / 'bench.sqlite3'}"
        env.update(
            {
                "DATABASE_URL": bench_url,
                "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(40),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_COOKIES": "0",
                "STATIC_ROOT": str(self.workdir / "static"),
            }
        )
        env.pop("REDIS_URL", None)
        env.pop("FRONTEND_CACHE_URL", None)
        self.results["database"] = bench_url.split("@")[-1]
        return env

    def manage(self, *arguments, capture=False):
        return subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
            env=self.env,
            check=True,
            text=True,
            capture_output=capture,
            cwd=BASE_DIR,
        )

    def prepare_database(self, scale, reuse):
        url = self.env["DATABASE_URL"]
        if not reuse:
            if url.startswith("sqlite"):
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                import psycopg

                admin_url = url.rsplit("/", 1)[0] + "/postgres"
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {self.database_name}")
                    conn.execute(f"CREATE DATABASE {self.database_name}")
        started = time.monotonic()
        self.stdout.write(f"Base de mesure : {self.results['database']}")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_reference_content", "-v0")
        self.manage("generate_volume_data", "--scale", str(scale))
        self.manage("collectstatic", "--noinput", "-v0")
        self.results["setup_seconds"] = round(time.monotonic() - started, 1)

    def run_inner(self):
        output = self.manage("benchmark", "--phase", "inner", capture=True).stdout
        return json.loads(output.strip().splitlines()[-1])

    # Servers ----------------------------------------------------------------

    def start_gunicorn(self):
        if shutil.which("varnishd"):
            # Publications purge the Varnish started below.
            self.env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{VARNISH_PORT}"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{GUNICORN_PORT}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=BASE_DIR,
        )
        if not wait_for(GUNICORN_PORT):
            raise RuntimeError("gunicorn n’a pas démarré")
        return process

    def start_nginx(self, html_dir):
        if not shutil.which("nginx"):
            self.results["static_server"] = "absent (apt-get install nginx-light)"
            return None
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            f"""worker_processes 2; daemon off; pid {self.workdir}/nginx.pid;
error_log {self.workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type text/html;
  client_body_temp_path {self.workdir}/nginx-body;
  server {{ listen 127.0.0.1:{NGINX_PORT}; root {html_dir}; }} }}
"""
        )
        process = subprocess.Popen(["nginx", "-c", str(conf)])
        wait_for(NGINX_PORT)
        self.results["static_server"] = "nginx"
        return process

    def start_varnish(self):
        if not shutil.which("varnishd"):
            self.results["varnish"] = "absent (apt-get install varnish)"
            return None
        vcl = (BASE_DIR / "deploy" / "varnish" / "default.vcl").read_text()
        vcl = vcl.replace('.port = "8001"', f'.port = "{GUNICORN_PORT}"')
        vcl_path = self.workdir / "bench.vcl"
        vcl_path.write_text(vcl)
        name = self.workdir / "varnish"
        name.mkdir()
        name.chmod(0o755)
        process = subprocess.Popen(
            [
                "varnishd",
                "-F",
                "-a",
                f"127.0.0.1:{VARNISH_PORT}",
                "-f",
                str(vcl_path),
                "-s",
                "malloc,256m",
                "-n",
                str(name),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(VARNISH_PORT):
            self.results["varnish"] = "n’a pas démarré"
            process.terminate()
            return None
        self.results["varnish"] = "varnishd"
        return process

    # Measures ---------------------------------------------------------------

    def measure_page(self, page, requests, html_dir):
        path = page["path"]
        # The first request finds no result remembered (search) and no warm
        # fragment: kept apart from the repeated requests measured below.
        elapsed, status, body = get(GUNICORN_PORT, path)
        page["status"] = status
        page["first_ms"] = round(elapsed * 1000, 1)
        for concurrency in (1, 8):
            times = latencies(GUNICORN_PORT, path, requests, concurrency)
            page[f"c{concurrency}_median_ms"] = round(
                statistics.median(times) * 1000, 1
            )
            page[f"c{concurrency}_p95_ms"] = round(percentile(times, 0.95) * 1000, 1)
        page["static_file"] = f"page-{len(list(html_dir.iterdir()))}.html"
        (html_dir / page["static_file"]).write_bytes(body)
        self.results["pages"].append(page)
        self.stdout.write(
            f"  {page['label']:<28} médiane {page['c1_median_ms']} ms, "
            f"p95 {page['c1_p95_ms']} ms (c=1)"
        )

    def compare(self, pages, with_varnish):
        for page in pages:
            rps, generator = throughput(GUNICORN_PORT, page["path"])
            page["rps"] = round(rps)
            self.results["load_generator"] = generator
            if self.results.get("static_server") == "nginx":
                static, _ = throughput(NGINX_PORT, "/" + page["static_file"])
                page["static_rps"] = round(static)
                page["ratio_static"] = round(rps / static, 3) if static else None
            if with_varnish:
                get(VARNISH_PORT, page["path"])  # fill the cache
                cached, _ = throughput(VARNISH_PORT, page["path"])
                page["varnish_rps"] = round(cached)
                if page.get("static_rps"):
                    page["varnish_ratio_static"] = round(cached / page["static_rps"], 3)

    def publish_to_fresh(self):
        """Publish a programme with a new title; time until Varnish serves it."""
        path = "/feuille-de-route/securite/"
        get(VARNISH_PORT, path)
        marker = f"Sécurité {secrets.token_hex(3)}"
        started = time.monotonic()
        self.manage(
            "shell",
            "-c",
            "from measures.models import ProgrammePage as P; "
            "p = P.objects.get(slug='securite'); "
            f"p.title = {marker!r}; p.save_revision().publish()",
        )
        published = time.monotonic()
        _t, _s, body = get(VARNISH_PORT, path)
        fresh_next = marker in body.decode()
        while marker not in body.decode() and time.monotonic() - published < 10:
            time.sleep(0.05)
            _t, _s, body = get(VARNISH_PORT, path)
        return {
            "visible_on_next_request": fresh_next,
            "seconds_from_publish_call": round(time.monotonic() - started, 2),
        }

    # Inner phase: runs in the benchmark database's own process ----------------

    def inner_phase(self):
        pages = [{"label": "accueil", "path": "/"}]
        for hook in hooks.get_hooks("register_benchmark_pages"):
            pages += [{"label": label, "path": path} for label, path in hook()]
        pages += [
            {"label": f"recherche « {q} »", "path": f"/recherche/?q={quote(q)}"}
            for q in SEARCHES
        ]
        for page in pages:
            page.update(count_queries(page["path"]))
        data = {"search_writes_before_response": search_writes(SEARCHES[0])}
        data.update(measure_exports())
        self.stdout.write(to_json({"pages": pages, "data": data}).replace("\n", " "))

    # Report -----------------------------------------------------------------

    def report(self):
        r = self.results
        out = self.stdout.write
        out(f"\nMachine : {r['machine']}")
        out(
            f"Base : {r['database']} — échelle {r['scale']} "
            f"(préparation {r.get('setup_seconds')} s)"
        )
        out(
            "Charge de la machine (uptime, 1/5/15 min) : avant "
            f"{fmt_load(r['load_average_before'])}, après "
            f"{fmt_load(r['load_average_after'])} ; durée totale "
            f"{r['total_seconds']} s"
        )
        out(
            f"Générateur de charge : {r.get('load_generator')} ; statique : "
            f"{r.get('static_server')} ; Varnish : {r.get('varnish')}\n"
        )
        header = (
            f"{'page':<30}{'req.':>5}{'Ko':>7}{'méd c1':>8}{'p95 c1':>8}"
            f"{'méd c8':>8}{'p95 c8':>8}{'req/s':>8}{'/stat':>7}{'varnish':>9}"
            f"{'/stat':>7}"
        )
        out(header)
        out("-" * len(header))
        for p in r["pages"]:
            out(
                f"{p['label'][:29]:<30}{p['queries']:>5}{p['html_kb']:>7}"
                f"{p['c1_median_ms']:>8}{p['c1_p95_ms']:>8}{p['c8_median_ms']:>8}"
                f"{p['c8_p95_ms']:>8}{p.get('rps', '—'):>8}"
                f"{p.get('ratio_static', '—'):>7}{p.get('varnish_rps', '—'):>9}"
                f"{p.get('varnish_ratio_static', '—'):>7}"
            )
        out("\nCibles (atteinte ou non) :")
        by_label = {p["label"]: p for p in r["pages"]}
        searches = [p for p in r["pages"] if p["label"].startswith("recherche")]
        checks = [
            (
                "accueil ≤ 15 requêtes SQL",
                by_label["accueil"]["queries"],
                by_label["accueil"]["queries"] <= TARGETS["home_queries"],
            ),
            (
                "mesure ≤ 10 requêtes SQL",
                by_label.get("mesure", {}).get("queries"),
                by_label.get("mesure", {}).get("queries", 99)
                <= TARGETS["measure_queries"],
            ),
            (
                "recherche p95 ≤ 50 ms (c=1 ; résultats retenus jusqu’au prochain "
                "changement de contenu ; première requête, sans rien de retenu : "
                f"{max(p['first_ms'] for p in searches)} ms au pire)",
                max(p["c1_p95_ms"] for p in searches),
                max(p["c1_p95_ms"] for p in searches) <= TARGETS["search_p95_ms"],
            ),
            (
                "aucune écriture SQL avant la réponse de recherche",
                r["search_writes_before_response"],
                r["search_writes_before_response"] == 0,
            ),
            (
                "export 100 000 lignes ≤ 10 s (temps CPU du processus : "
                f"{r.get('export_cpu_seconds')} s)",
                r["export_seconds"],
                r["export_seconds"] <= TARGETS["export_seconds"],
            ),
            (
                "export 100 000 lignes ≤ 100 Mo",
                r["export_peak_mb"],
                r["export_peak_mb"] <= TARGETS["export_mb"],
            ),
            (
                "import 10 000 lignes ≤ 5 s (temps CPU du processus : "
                f"{r.get('import_cpu_seconds')} s)",
                r["import_seconds"],
                r["import_seconds"] <= TARGETS["import_seconds"],
            ),
        ]
        ratios = [
            p["varnish_ratio_static"]
            for p in r["pages"]
            if p.get("varnish_ratio_static")
        ]
        if ratios:
            checks.append(
                (
                    "pages en cache Varnish ≥ 0,8 × statique",
                    min(ratios),
                    min(ratios) >= TARGETS["varnish_ratio"],
                )
            )
        if "publish_to_fresh" in r:
            fresh = r["publish_to_fresh"]
            checks.append(
                (
                    "publication visible dès la requête suivante",
                    fresh["seconds_from_publish_call"],
                    fresh["visible_on_next_request"],
                )
            )
        for label, value, ok in checks:
            out(f"  [{'OK' if ok else 'NON'}] {label} : {value}")
        r["targets"] = [
            {"target": label, "value": value, "met": ok} for label, value, ok in checks
        ]


def fmt_load(load):
    return " / ".join(f"{value:.2f}" for value in load)


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def machine():
    import platform

    return (
        f"{platform.machine()}, {os.cpu_count()} cœurs, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} Gio, "
        f"Python {platform.python_version()}"
    )


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def count_queries(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {"queries": len(queries), "html_kb": round(len(response.content) / 1024, 1)}


def search_writes(query):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from search.views import search

    request = RequestFactory(HTTP_HOST="127.0.0.1").get("/recherche/", {"q": query})
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        search(request).render()
    return sum(
        1 for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    )


def measure_exports():
    """Export of 100,000 values and import of 10,000 rows, both rolled back."""
    import datetime
    import io
    import tracemalloc
    from decimal import Decimal

    from openpyxl import Workbook

    from django.db import transaction

    from measures.exports import export_values
    from measures.imports import TEMPLATE_HEADERS, apply_import, parse_workbook
    from measures.models import Indicator, IndicatorValue, Territory

    results = {}
    indicators = list(Indicator.objects.all()[:20])
    departments = list(Territory.objects.filter(kind="department"))
    with transaction.atomic():
        IndicatorValue.objects.all().delete()
        rows, day = [], 0
        while len(rows) < 100_000:
            date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)
            for indicator in indicators:
                for department in departments:
                    rows.append(
                        IndicatorValue(
                            indicator=indicator,
                            territory=department,
                            date=date,
                            value=Decimal(len(rows)),
                        )
                    )
            day += 1
        IndicatorValue.objects.bulk_create(rows[:100_000], batch_size=5000)
        started, cpu = time.monotonic(), time.process_time()
        content = export_values()
        results["export_seconds"] = round(time.monotonic() - started, 2)
        # The process's own CPU time: what the export costs, whatever the load
        # that other programs put on the machine (SQL time is the server's).
        results["export_cpu_seconds"] = round(time.process_time() - cpu, 2)
        # Memory in a second, traced run (tracing slows Python down 4×).
        tracemalloc.start()
        export_values()
        results["export_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
        results["export_rows"] = 100_000
        results["export_kb"] = round(len(content) / 1024)
        transaction.set_rollback(True)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("valeurs")
    sheet.append(TEMPLATE_HEADERS)
    count, day = 0, 0
    while count < 10_000:
        date = datetime.date(2030, 1, 1) + datetime.timedelta(days=day)
        for indicator in indicators[:10]:
            for department in departments:
                if count < 10_000:
                    sheet.append(
                        [
                            indicator.code,
                            "departement",
                            department.code,
                            date,
                            count,
                            "",
                            "",
                        ]
                    )
                    count += 1
        day += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    with transaction.atomic():
        started, cpu = time.monotonic(), time.process_time()
        result = parse_workbook(buffer.getvalue())
        counts = apply_import(result) if not result.errors else None
        results["import_seconds"] = round(time.monotonic() - started, 2)
        results["import_cpu_seconds"] = round(time.process_time() - cpu, 2)
        results["import_rows"] = 10_000
        results["import_errors"] = len(result.errors)
        results["import_created"] = counts.created if counts else 0
        transaction.set_rollback(True)
    return results
