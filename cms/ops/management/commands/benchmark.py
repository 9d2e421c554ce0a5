"""``manage.py benchmark``: see ``cms.ops.benchmark`` (what it measures, and how)."""

import json
import os
import re
import secrets
import shutil
import statistics
import subprocess  # noqa: S404
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.ops.benchmark.inner import inner_results
from cms.ops.benchmark.load import latencies, throughput
from cms.ops.benchmark.report import report
from cms.ops.figures import HIDDEN, machine, percentile, to_json
from cms.ops.net import free_port, get, stop_process, wait_for

BASE_DIR = Path(settings.BASE_DIR)


def default_database_name():
    """``quartiers_bench_<checkout folder>``: two checkouts never share (and drop)
    the same benchmark database."""
    folder = re.sub(r"[^a-z0-9]+", "_", BASE_DIR.name.lower()).strip("_")
    return f"quartiers_bench_{folder}"[:63]


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
            "--compare",
            default="",
            help="benchmark.json d’une série à une autre échelle : le rapport donne, "
            "par page, le rapport au statique aux deux échelles et leur évolution.",
        )
        parser.add_argument(
            "--phase", choices=["all", "inner"], default="all", help=HIDDEN
        )

    # Orchestration ---------------------------------------------------------

    def handle(
        self,
        *args,
        scale,
        requests,
        reuse,
        json,
        phase,
        database_name,
        compare,
        **options,
    ):
        if phase == "inner":
            return self.inner_phase()
        if not re.fullmatch(r"[a-z0-9_]+", database_name):
            raise CommandError("Nom de base : lettres minuscules, chiffres et _.")
        self.database_name = database_name
        # Chosen now, not at import: ``--help`` or the inner phase reserve nothing.
        self.gunicorn_port, self.nginx_port, self.varnish_port, self.redis_port = (
            free_port(),
            free_port(),
            free_port(),
            free_port(),
        )
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
            processes.append(self.start_redis())
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
                    stop_process(process)
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.results["load_average_after"] = os.getloadavg()
        self.results["total_seconds"] = round(time.monotonic() - started, 1)
        if compare:
            self.results["compared_with"] = self.load_previous(compare)
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

    def start_redis(self):
        """A Redis shared by the gunicorn processes, as in production: fragment
        caches and the content version are common, so a publication (a bumped
        version) is seen by both processes and its first request can be timed."""
        if not shutil.which("redis-server"):
            self.results["shared_cache"] = "absent (apt-get install redis-server)"
            return None
        process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            cwd=self.workdir,
        )
        if not wait_for(self.redis_port):
            process.terminate()
            self.results["shared_cache"] = "redis-server n’a pas démarré"
            return None
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        self.results["shared_cache"] = "redis"
        return process

    def publish(self):
        """What a publication does to cached fragments: a new content version
        (``cms.cache``), in the Redis the gunicorn processes share."""
        from django_redis.cache import RedisCache

        from cms.cache import VERSION_KEY

        shared = RedisCache(self.env["REDIS_URL"], {})
        try:
            shared.incr(VERSION_KEY)
        except ValueError:
            shared.set(VERSION_KEY, 2, timeout=None)

    def start_gunicorn(self):
        if shutil.which("varnishd"):
            # Publications purge the Varnish started below.
            self.env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{self.varnish_port}"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.gunicorn_port}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=BASE_DIR,
        )
        if not wait_for(self.gunicorn_port):
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
  server {{ listen 127.0.0.1:{self.nginx_port}; root {html_dir}; }} }}
"""
        )
        process = subprocess.Popen(["nginx", "-c", str(conf)])
        wait_for(self.nginx_port)
        self.results["static_server"] = "nginx"
        return process

    def start_varnish(self):
        if not shutil.which("varnishd"):
            self.results["varnish"] = "absent (apt-get install varnish)"
            return None
        vcl = (BASE_DIR / "deploy" / "varnish" / "default.vcl").read_text()
        vcl = vcl.replace('.port = "8001"', f'.port = "{self.gunicorn_port}"')
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
                f"127.0.0.1:{self.varnish_port}",
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
        if not wait_for(self.varnish_port):
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
        elapsed, status, body = get(self.gunicorn_port, path)
        page["status"] = status
        page["first_ms"] = round(elapsed * 1000, 1)
        if self.env.get("REDIS_URL"):
            get(self.gunicorn_port, path)  # both processes warm
            get(self.gunicorn_port, path)
            self.publish()
            elapsed, _status, _body = get(self.gunicorn_port, path)
            page["first_after_publish_ms"] = round(elapsed * 1000, 1)
        for concurrency in (1, 8):
            times = latencies(self.gunicorn_port, path, requests, concurrency)
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
            rps, generator = throughput(self.gunicorn_port, page["path"])
            page["rps"] = round(rps)
            self.results["load_generator"] = generator
            if self.results.get("static_server") == "nginx":
                static, _ = throughput(self.nginx_port, "/" + page["static_file"])
                page["static_rps"] = round(static)
                page["ratio_static"] = round(rps / static, 4) if static else None
            if with_varnish:
                get(self.varnish_port, page["path"])  # fill the cache
                cached, _ = throughput(self.varnish_port, page["path"])
                page["varnish_rps"] = round(cached)
                if page.get("static_rps"):
                    page["varnish_ratio_static"] = round(cached / page["static_rps"], 3)

    def publish_to_fresh(self):
        """Publish a programme with a new title; time until Varnish serves it."""
        path = "/feuille-de-route/securite/"
        get(self.varnish_port, path)
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
        _t, _s, body = get(self.varnish_port, path)
        fresh_next = marker in body.decode()
        while marker not in body.decode() and time.monotonic() - published < 10:
            time.sleep(0.05)
            _t, _s, body = get(self.varnish_port, path)
        return {
            "visible_on_next_request": fresh_next,
            "seconds_from_publish_call": round(time.monotonic() - started, 2),
        }

    @staticmethod
    def load_previous(path):
        """The pages of a previous run (another scale), for the 1 → 10 change."""
        with open(path, encoding="utf-8") as handle:
            previous = json.load(handle)
        return {
            "scale": previous["scale"],
            "load_average_before": previous.get("load_average_before"),
            "pages": {page["label"]: page for page in previous["pages"]},
        }

    # Inner phase: runs in the benchmark database's own process ----------------

    def inner_phase(self):
        self.stdout.write(to_json(inner_results()).replace("\n", " "))

    # Report -----------------------------------------------------------------

    def report(self):
        report(self.results, self.stdout.write)
