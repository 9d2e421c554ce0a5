"""Load and faults: does the site hold, and does it lose nothing?

``python manage.py resilience`` (``--users 50 --duration 60``) builds an isolated
environment — its own PostgreSQL cluster (Debian's ``pg_createcluster``, on a free
port), its own ``redis-server`` (free port, no persistence) and gunicorn
(production settings, 4 workers, 127.0.0.1 on a free port) — with the reference
content and partner accounts. It then runs locust headless against it (visitors,
searches, partners proposing good practices) and, during that load, stops Redis,
then restarts PostgreSQL while an indicator import is writing. It prints requests,
failures, p50/p95/p99, the recovery time after the database returns, and what was
acknowledged against what the database holds; writes ``resilience.json``; and
exits non-zero when a requirement is broken (rules in ``home/resilience.py``).
Everything it started is torn down at the end, on failure and on Ctrl-C too.

Not part of the test suite. Needs ``postgresql`` (server 15 or later, with
``postgresql-common``) and ``redis-server`` from Debian, run as root (or as a user
who may run ``pg_createcluster``).
"""

import datetime
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home import resilience
from home.management.commands.benchmark import (
    argparse_suppress,
    machine,
    to_json,
    wait_for,
)

BASE_DIR = Path(settings.BASE_DIR)
LOCUSTFILE = BASE_DIR / "tests" / "load" / "locustfile.py"
CLUSTER = "quartiers_res"
ROLE = "quartiers_res"
SEARCHES = [
    "emploi franc",
    "rénovation urbaine",
    "quartiers prioritaires",
    "éducation",
    "sécurité du quotidien",
    "logement",
    "entreprises engagées",
    "police de sécurité du quotidien",
]
PROBE_PATHS = ["/", "/feuille-de-route/", "/bonnes-pratiques/"]
IMPORT_ROWS = 5000


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(port, path, timeout=30):
    """HTTP status of one GET (0 when the server does not answer)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def run(*command, check=True, **kwargs):
    return subprocess.run(  # noqa: S603
        command, check=check, text=True, capture_output=True, **kwargs
    )


def as_postgres(*command, **kwargs):
    """A PostgreSQL client tool as the cluster's owner (peer authentication)."""
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    return run(*command, **kwargs)


def postgresql_version():
    versions = sorted(
        (p.name for p in Path("/usr/lib/postgresql").glob("*") if p.name.isdigit()),
        key=int,
    )
    if not versions or not shutil.which("pg_createcluster"):
        raise CommandError(
            "PostgreSQL introuvable : apt-get install -y postgresql (postgresql-common "
            "fournit pg_createcluster)."
        )
    return versions[-1]


class Command(BaseCommand):
    help = "Charge et pannes sur un environnement isolé (hors suite de tests)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=int, default=60, help="secondes")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn")
        parser.add_argument("--json", default="resilience.json")
        parser.add_argument(
            "--keep-logs",
            action="store_true",
            help="Garde le dossier de travail (journaux) au lieu de le supprimer.",
        )
        hidden = argparse_suppress()
        parser.add_argument(
            "--phase",
            choices=["all", "prepare", "import", "verify"],
            default="all",
            help=hidden,
        )
        parser.add_argument("--workdir", help=hidden)
        parser.add_argument("--until", type=float, help=hidden)

    def handle(self, *args, phase, **options):
        if phase == "prepare":
            return prepare_phase(
                Path(options["workdir"]), options["users"], options["duration"]
            )
        if phase == "import":
            return import_phase(Path(options["workdir"]), options["until"])
        if phase == "verify":
            return verify_phase(Path(options["workdir"]))
        if options["duration"] < 30:
            raise CommandError(
                "--duration : 30 s au moins (les pannes en prennent 20)."
            )
        self.run_all(**options)

    # Orchestration ------------------------------------------------------------

    def run_all(self, users, duration, workers, json, keep_logs, **_options):
        self.workdir = Path(tempfile.mkdtemp(prefix="quartiers-res-"))
        self.workdir.chmod(0o755)
        self.results = {
            "started": datetime.datetime.now(datetime.UTC).isoformat(
                timespec="seconds"
            ),
            "machine": machine(),
            "load_average_before": os.getloadavg(),
            "users": users,
            "duration_s": duration,
            "gunicorn_workers": workers,
        }
        self.cleanups = []
        previous = signal.signal(signal.SIGTERM, self.terminate)
        failed = None
        try:
            self.build_environment(users, duration, workers)
            self.load_with_faults(users, duration)
            self.verify()
        except (Exception, KeyboardInterrupt) as error:
            failed = error
        finally:
            self.teardown()
            signal.signal(signal.SIGTERM, previous)
            if keep_logs:
                self.stdout.write(f"Journaux gardés dans {self.workdir}")
            else:
                shutil.rmtree(self.workdir, ignore_errors=True)
        if failed is not None:
            if isinstance(failed, KeyboardInterrupt):
                raise CommandError("Interrompu : environnement supprimé.")
            raise failed
        self.results["load_average_after"] = os.getloadavg()
        broken = resilience.verdict(self.results)
        self.results["broken"] = broken
        self.results["passed"] = not broken
        self.report()
        Path(json).write_text(to_json(self.results), encoding="utf-8")
        self.stdout.write(f"\nRésultats écrits dans {json}")
        if broken:
            raise CommandError("Exigences non tenues : " + " ; ".join(broken))

    def terminate(self, *_args):
        raise KeyboardInterrupt

    def teardown(self):
        for label, cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as error:  # tear down the rest anyway
                self.stderr.write(f"Arrêt de {label} : {error}")
        self.cleanups = []

    def step(self, message):
        self.stdout.write(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}")
        self.stdout.flush()

    # Environment ----------------------------------------------------------------

    def build_environment(self, users, duration, workers):
        started = time.monotonic()
        self.start_postgresql()
        self.start_redis()
        self.env = self.server_env()
        self.step("Migrations, contenu de référence, fichiers statiques")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_reference_content", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage(
            "resilience",
            "--phase",
            "prepare",
            "--workdir",
            str(self.workdir),
            "--users",
            str(users),
            "--duration",
            str(duration),
        )
        self.fixture = json.loads((self.workdir / "fixture.json").read_text("utf-8"))
        self.start_gunicorn(workers)
        self.results["setup_seconds"] = round(time.monotonic() - started, 1)

    def start_postgresql(self):
        self.pg_version = postgresql_version()
        existing = run("pg_lsclusters", "-h").stdout.split("\n")
        used = set()
        for line in existing:
            fields = line.split()
            if len(fields) > 2:
                used.add(int(fields[2]))
                if fields[:2] == [self.pg_version, CLUSTER]:
                    # Left by an interrupted run: it is ours (the name says so).
                    run("pg_dropcluster", self.pg_version, CLUSTER, "--stop")
        port = free_port()
        while port in used or port in (5432, 6379, 8000):
            port = free_port()
        self.pg_port = port
        self.step(f"Grappe PostgreSQL {self.pg_version}/{CLUSTER} sur le port {port}")
        run(
            "pg_createcluster",
            self.pg_version,
            CLUSTER,
            "--port",
            str(port),
            "--start-conf",
            "manual",
            "--start",
            "--",
            "--auth-local=peer",
            "--auth-host=scram-sha-256",
        )
        self.cleanups.append(
            (
                "PostgreSQL",
                lambda: run("pg_dropcluster", self.pg_version, CLUSTER, "--stop"),
            )
        )
        self.pg_password = secrets.token_urlsafe(24)
        as_postgres(
            "psql",
            "-p",
            str(port),
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            input=(
                f"CREATE ROLE {ROLE} LOGIN PASSWORD '{self.pg_password}';\n"
                f"CREATE DATABASE {ROLE} OWNER {ROLE};\n"
            ),
        )
        self.results["postgresql"] = f"{self.pg_version}/{CLUSTER} :{port}"

    def start_redis(self):
        if not shutil.which("redis-server"):
            raise CommandError(
                "redis-server introuvable : apt-get install -y redis-server"
            )
        self.redis_port = free_port()
        self.step(f"Redis sur le port {self.redis_port}")
        self.redis_start()
        self.cleanups.append(("Redis", self.redis_stop))
        self.results["redis"] = f"redis-server :{self.redis_port}"

    def redis_start(self):
        run(
            "redis-server",
            "--port",
            str(self.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--dir",
            str(self.workdir),
            "--pidfile",
            str(self.workdir / "redis.pid"),
            "--logfile",
            str(self.workdir / "redis.log"),
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (
                run(
                    "redis-cli", "-p", str(self.redis_port), "ping", check=False
                ).stdout.strip()
                == "PONG"
            ):
                return
            time.sleep(0.1)
        raise CommandError("Redis n’a pas démarré")

    def redis_stop(self):
        run("redis-cli", "-p", str(self.redis_port), "shutdown", "nosave", check=False)
        deadline = time.monotonic() + 10
        pidfile = self.workdir / "redis.pid"
        while pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if pidfile.exists():  # did not stop: end it by its own pid
            os.kill(int(pidfile.read_text()), signal.SIGKILL)
            pidfile.unlink()

    def server_env(self):
        env = dict(os.environ)
        for name in ("FRONTEND_CACHE_URL", "SEARCH_BACKEND", "EMAIL_HOST"):
            env.pop(name, None)
        env.update(
            {
                "DATABASE_URL": f"postgres://{ROLE}:{self.pg_password}@127.0.0.1:"
                f"{self.pg_port}/{ROLE}",
                "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "CONN_MAX_AGE": "60",
                "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(40),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_COOKIES": "0",
                "STATIC_ROOT": str(self.workdir / "static"),
                "MEDIA_ROOT": str(self.workdir / "media"),
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            }
        )
        return env

    def manage(self, *arguments, **kwargs):
        return subprocess.run(  # noqa: S603
            [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
            env=self.env,
            check=True,
            text=True,
            cwd=BASE_DIR,
            **kwargs,
        )

    def start_gunicorn(self, workers):
        self.port = free_port()
        self.step(f"gunicorn ({workers} processus) sur 127.0.0.1:{self.port}")
        log = open(self.workdir / "gunicorn.log", "w")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def stop():
            stop_process(process)
            log.close()

        self.cleanups.append(("gunicorn", stop))
        if not wait_for(self.port):
            raise CommandError("gunicorn n’a pas démarré")
        for _label, path in self.fixture["pages"]:  # warm the caches
            status_of(self.port, path, timeout=30)

    # Load and faults -------------------------------------------------------------

    def load_with_faults(self, users, duration):
        log_path = self.workdir / "requests.jsonl"
        env = dict(self.env)
        env.update(
            {
                "RESILIENCE_FIXTURE": str(self.workdir / "fixture.json"),
                "RESILIENCE_LOG": str(log_path),
            }
        )
        self.importer = self.manage_background(
            "resilience",
            "--phase",
            "import",
            "--workdir",
            str(self.workdir),
            "--until",
            str(time.time() + duration + 120),
        )
        self.step(f"Charge : {users} utilisateurs pendant {duration} s (locust)")
        locust = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(users // 5, 1)),
                "--run-time",
                f"{duration}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{self.port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=BASE_DIR,
            stdout=open(self.workdir / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        self.cleanups.append(("locust", lambda: stop_process(locust)))
        started = time.time()
        self.results["load_started"] = started
        redis_at = started + duration * 0.15
        database_at = started + duration * 0.55
        self.redis_fault(redis_at, min(20.0, duration * 0.3))
        self.database_fault(database_at)
        try:
            locust.wait(timeout=duration + 60)
        except subprocess.TimeoutExpired as error:
            raise CommandError("locust ne s’est pas arrêté") from error
        self.results["locust_exit_code"] = locust.returncode
        self.requests, self.acknowledged = [], []
        for line in log_path.read_text("utf-8").splitlines():
            record = json.loads(line)
            if record["kind"] == "request":
                self.requests.append(record)
            else:
                self.acknowledged.append(record["title"])

    def sleep_until(self, moment):
        time.sleep(max(moment - time.time(), 0))

    def redis_fault(self, at, length):
        """Stop Redis for ``length`` seconds; meanwhile, send a probe every 0.5 s
        (each in its own thread, so a slow answer does not stretch the outage)."""
        self.sleep_until(at)
        self.step(f"Panne : arrêt de Redis pendant {length:g} s")
        stopped = time.time()
        self.redis_stop()
        self.redis_probes, self.redis_threads = [], []

        def probe(path):
            moment = time.time()
            status = status_of(self.port, path)
            self.redis_probes.append(
                {"t": moment, "end": time.time(), "path": path, "status": status}
            )

        number = 0
        while time.time() < stopped + length:
            thread = threading.Thread(
                target=probe, args=(PROBE_PATHS[number % len(PROBE_PATHS)],)
            )
            thread.start()
            self.redis_threads.append(thread)
            number += 1
            time.sleep(0.5)
        restarting = time.time()
        self.redis_start()
        self.results.setdefault("faults", {})["redis"] = {
            "stopped": stopped,
            "restarting": restarting,
            "restarted": time.time(),
            "seconds_down": round(restarting - stopped, 1),
        }
        self.step("Redis relancé")

    def redis_probes_summary(self):
        """Probes answered while Redis was down must all be 200, and so must the
        ones answered after its restart."""
        for thread in self.redis_threads:
            thread.join()
        redis = self.results["faults"]["redis"]
        probes = self.redis_probes
        during = [p for p in probes if p["end"] <= redis["restarting"]]
        redis.update(
            {
                "probes": len(probes),
                "probes_ok": sum(1 for p in probes if p["status"] == 200),
                "probes_during": len(during),
                "probes_during_ok": sum(1 for p in during if p["status"] == 200),
                "statuses": sorted({p["status"] for p in probes}),
                "probe_ms_max": round(
                    max((p["end"] - p["t"] for p in probes), default=0) * 1000
                ),
            }
        )

    def database_fault(self, at):
        """Restart PostgreSQL while an indicator import is writing."""
        self.sleep_until(at)
        ready, applying = (
            self.workdir / "import-ready",
            self.workdir / "import-applying",
        )
        deadline = time.time() + 60
        while not ready.exists() and time.time() < deadline:
            time.sleep(0.05)
        applying.unlink(missing_ok=True)
        (self.workdir / "import-go").touch()
        deadline = time.time() + 30
        while not applying.exists() and time.time() < deadline:
            time.sleep(0.02)  # restart while a batch is being written
        self.step("Panne : redémarrage de PostgreSQL (pg_ctlcluster restart)")
        probes, stop_probing, threads = [], threading.Event(), []

        def probe():
            moment = time.time()
            status = status_of(self.port, "/")
            probes.append({"t": moment, "end": time.time(), "status": status})

        def launcher():
            # One probe every 0.5 s, each in its own thread: a probe waiting in
            # the queue does not delay the next one.
            while not stop_probing.is_set():
                thread = threading.Thread(target=probe)
                thread.start()
                threads.append(thread)
                stop_probing.wait(0.5)

        prober = threading.Thread(target=launcher)
        prober.start()
        restart_started = time.time()
        try:
            run("pg_ctlcluster", self.pg_version, CLUSTER, "restart")
            restart_returned = time.time()
            back = None
            while back is None and time.time() < restart_returned + 30:
                answer = run(
                    "pg_isready",
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.pg_port),
                    check=False,
                )
                if answer.returncode == 0:
                    back = time.time()
                else:
                    time.sleep(0.05)
            if back is None:
                raise CommandError("PostgreSQL n’est pas revenu")
            while (
                time.time() < back + 15
                and resilience.recovery_seconds(probes, back) is None
            ):
                time.sleep(0.1)
        finally:
            stop_probing.set()
            prober.join()
            for thread in threads:
                thread.join()
        recovery = resilience.recovery_seconds(probes, back)
        answer = resilience.answer_seconds(probes, back)
        late = [r for r in probes if r["status"] != 200 and r["t"] >= back]
        self.results["faults"]["database"] = {
            "restart_started": restart_started,
            "restart_returned": restart_returned,
            "back": back,
            "seconds_down": round(back - restart_started, 2),
            "recovery_seconds": recovery,
            "answer_seconds": answer,
            "probes_failed_sent_after_back": len(late),
            "probes": len(probes),
            "probe_log": [
                {k: round(v, 3) if k != "status" else v for k, v in p.items()}
                for p in probes
            ],
            "probe_statuses": sorted({p["status"] for p in probes}),
        }
        self.step(
            f"PostgreSQL de retour après {back - restart_started:.1f} s ; "
            f"requête réussie envoyée {recovery} s après, répondue à {answer} s"
        )
        self.sleep_until(back + 3)  # a batch or two after the return, then stop
        (self.workdir / "import-stop").touch()
        try:
            self.importer.wait(timeout=120)
        except subprocess.TimeoutExpired as error:
            raise CommandError("l’import ne s’est pas arrêté") from error

    def manage_background(self, *arguments):
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
            env=self.env,
            cwd=BASE_DIR,
            stdout=open(self.workdir / "import.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        self.cleanups.append(("import", lambda: stop_process(process)))
        return process

    # Verification -----------------------------------------------------------------

    def verify(self):
        self.step("Vérification : ce qui a été confirmé contre ce que la base contient")
        (self.workdir / "acknowledged.json").write_text(
            json.dumps(self.acknowledged, ensure_ascii=False), encoding="utf-8"
        )
        output = self.manage(
            "resilience",
            "--phase",
            "verify",
            "--workdir",
            str(self.workdir),
            capture_output=True,
        ).stdout
        stored = json.loads(output.strip().splitlines()[-1])
        imports = self.workdir / "imports.json"
        batches = json.loads(imports.read_text("utf-8")) if imports.exists() else []
        database = self.results["faults"]["database"]
        window = resilience.database_window(
            database["restart_started"], database["back"]
        )
        excused, counted = resilience.classify(self.requests, [window])
        load = resilience.latency_summary(self.requests)
        load["outside_database_window"] = resilience.latency_summary(
            [
                r
                for r in self.requests
                if not window.meets(r["t"], r["t"] + r["ms"] / 1000)
            ]
        )
        load["failures_excused"] = len(excused)
        load["failures_counted"] = len(counted)
        load["failed_requests_counted"] = counted[:20]
        load["excused_window"] = [window.start, window.end]
        by_name = {}
        for request in self.requests:
            by_name.setdefault(request["name"], []).append(request)
        load["by_name"] = {
            name: resilience.latency_summary(items)
            for name, items in sorted(by_name.items())
        }
        self.redis_probes_summary()
        redis = self.results["faults"]["redis"]
        redis_window = resilience.Window("redis", redis["stopped"], redis["restarting"])
        during_redis = [
            r
            for r in self.requests
            if redis_window.meets(r["t"], r["t"] + r["ms"] / 1000)
        ]
        redis["load_requests"] = len(during_redis)
        redis["load_failures"] = sum(1 for r in during_redis if not r["ok"])
        self.results["load"] = load
        outcome = resilience.import_outcomes(batches, stored["import_counts"])
        lost = resilience.lost_practices(self.acknowledged, stored["complete"])
        restart = resilience.Window(
            "restart", database["restart_started"], database["back"]
        )
        during = [
            b["marker"]
            for b in batches
            if b.get("applying") and restart.meets(b["applying"], b["end"])
        ]
        self.results["data"] = {
            "practices_acknowledged": len(self.acknowledged),
            "practices_stored": len(stored["complete"]),
            "practices_stored_unacknowledged": len(
                set(stored["complete"]) - set(self.acknowledged)
            ),
            "practices_lost": len(lost),
            "practices_lost_titles": lost,
            "practices_half_written": len(stored["half_written"]),
            "import_batches": len(batches),
            "import_rows_per_batch": IMPORT_ROWS,
            "import_batches_committed": sum(1 for b in batches if b["committed"]),
            "import_batches_complete": len(outcome["complete"]),
            "import_batches_absent": len(outcome["absent"]),
            "import_batches_partial": len(outcome["partial"]),
            "import_batches_lost": len(outcome["lost"]),
            "import_batches_during_restart": during,
            "import_batches_detail": batches,
        }
        self.results["data"]["lost_total"] = (
            len(lost)
            + len(stored["half_written"])
            + len(outcome["partial"])
            + len(outcome["lost"])
        )

    # Report ----------------------------------------------------------------------

    def report(self):
        r = self.results
        load, data = r["load"], r["data"]
        redis, database = r["faults"]["redis"], r["faults"]["database"]
        out = self.stdout.write
        out(f"\nMachine : {r['machine']}")
        out(
            "Charge moyenne (uptime) avant / après : "
            f"{fmt_load(r['load_average_before'])} / {fmt_load(r['load_average_after'])}"
        )
        out(
            f"{r['users']} utilisateurs, {r['duration_s']} s, gunicorn "
            f"{r['gunicorn_workers']} processus, PostgreSQL {r['postgresql']}, "
            f"{r['redis']}\n"
        )
        header = f"{'requête':<28}{'nombre':>8}{'échecs':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        out(header)
        out("-" * len(header))
        for name, s in load["by_name"].items():
            out(
                f"{name[:27]:<28}{s['requests']:>8}{s['failures']:>8}"
                f"{s['p50_ms']:>9}{s['p95_ms']:>9}{s['p99_ms']:>9}"
            )
        out("-" * len(header))
        out(
            f"{'total':<28}{load['requests']:>8}{load['failures']:>8}"
            f"{load['p50_ms']:>9}{load['p95_ms']:>9}{load['p99_ms']:>9}\n"
        )
        outside = load["outside_database_window"]
        rows = [
            ("Requêtes sous charge", load["requests"]),
            (
                "Hors panne de la base : requêtes, p50/p95/p99 (ms)",
                f"{outside['requests']}, {outside['p50_ms']} / {outside['p95_ms']} "
                f"/ {outside['p99_ms']}",
            ),
            (
                "Échecs hors panne de la base (doit être 0)",
                load["failures_counted"],
            ),
            (
                "Échecs pendant la panne de la base (redémarrage → retour + 5 s)",
                load["failures_excused"],
            ),
            (
                "Redis arrêté : pages sondées en 200 (réponse pendant l’arrêt)",
                f"{redis['probes_during_ok']}/{redis['probes_during']} "
                f"({redis['seconds_down']} s d’arrêt)",
            ),
            (
                "Redis arrêté : toutes les sondes en 200 (réponse avant ou après "
                "la relance)",
                f"{redis['probes_ok']}/{redis['probes']}",
            ),
            (
                "Redis arrêté : requêtes de la charge en échec",
                f"{redis['load_failures']}/{redis['load_requests']}",
            ),
            ("PostgreSQL redémarré : base absente", f"{database['seconds_down']} s"),
            (
                "Reprise : 1re requête réussie envoyée après le retour (≤ 5 s)",
                f"{database['recovery_seconds']} s (réponse à "
                f"{database['answer_seconds']} s)",
            ),
            (
                "Sondes envoyées après le retour de la base et en échec",
                database["probes_failed_sent_after_back"],
            ),
            (
                "Bonnes pratiques confirmées / en base complètes",
                f"{data['practices_acknowledged']} / {data['practices_stored']}",
            ),
            ("Bonnes pratiques à moitié écrites", data["practices_half_written"]),
            (
                "Imports (lots de 5 000 lignes) : confirmés / complets / absents "
                "/ partiels",
                f"{data['import_batches_committed']} / "
                f"{data['import_batches_complete']} / {data['import_batches_absent']} "
                f"/ {data['import_batches_partial']}",
            ),
            (
                "Import en cours d’écriture pendant le redémarrage",
                ", ".join(data["import_batches_during_restart"]) or "aucun",
            ),
            ("Données perdues (doit être 0)", data["lost_total"]),
        ]
        for label, value in rows:
            out(f"  {label:<72} {value}")
        if r["broken"]:
            out("\nÉCHEC :")
            for item in r["broken"]:
                out(f"  - {item}")
        else:
            out("\nRÉUSSI : toutes les exigences sont tenues.")


def fmt_load(values):
    return ", ".join(f"{value:.2f}" for value in values)


def stop_process(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Phases run inside the isolated environment (its DATABASE_URL) ------------------


def prepare_phase(workdir, users, duration):
    """Partner accounts and the pages the load visits, written to fixture.json."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse

    from wagtail import hooks

    from measures.models import Territory, TerritoryIndexPage
    from partners.accounts import create_partner
    from partners.models import GoodPracticeIndexPage, NetworkIndexPage

    run_id = secrets.token_hex(3)
    password = secrets.token_urlsafe(16)
    per_account = 4  # the limit is 5 proposals an hour per account
    partners = max(users // 5, 1)
    # Enough accounts for partners proposing every 2 s (the shortest wait) at most.
    count = partners * (duration // (2 * per_account) + 2)
    User = get_user_model()
    accounts = []
    for number in range(count):
        email = f"partenaire-res-{run_id}-{number}@exemple.fr"
        create_partner(
            f"Partenaire {number}", "Association", email, active=True, invited=True
        )
        accounts.append([email, password])
    # One hash for all (hashing 200 passwords would take minutes).
    User.objects.filter(email__startswith=f"partenaire-res-{run_id}-").update(
        password=make_password(password)
    )
    pages = [("accueil", "/")]
    for hook in hooks.get_hooks("register_benchmark_pages"):
        pages += list(hook())
    departments = list(
        Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    territories = TerritoryIndexPage.objects.live().first()
    if territories:
        pages.append(("territoires", territories.url))
    network = NetworkIndexPage.objects.live().first()
    if network:
        pages.append(
            ("annuaire par département", f"{network.url}?department={departments[30]}")
        )
    practices = GoodPracticeIndexPage.objects.live().first()
    if practices:
        pages += [
            ("bonnes pratiques", practices.url),
            (
                "bonnes pratiques filtrées",
                f"{practices.url}?department={departments[12]}"
                "&organisation_type=association",
            ),
        ]
    fixture = {
        "run_id": run_id,
        "title_prefix": f"Résilience {run_id}",
        "pages": pages,
        "searches": SEARCHES,
        "departments": [str(pk) for pk in departments],
        "accounts": accounts,
        "per_account": per_account,
        "visitor_weight": 4,
        "partner_weight": 1,
        "login_path": reverse("partners_login"),
        "propose_path": reverse("partners_propose"),
    }
    (workdir / "fixture.json").write_text(
        json.dumps(fixture, ensure_ascii=False), encoding="utf-8"
    )


def import_workbook(indicators, departments, first_date, marker):
    from openpyxl import Workbook

    from measures.imports import TEMPLATE_HEADERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("valeurs")
    sheet.append(TEMPLATE_HEADERS)
    count, day = 0, 0
    while count < IMPORT_ROWS:
        date = first_date + datetime.timedelta(days=day)
        for indicator in indicators:
            for department in departments:
                if count < IMPORT_ROWS:
                    sheet.append(
                        [indicator, "departement", department, date, count, "", marker]
                    )
                    count += 1
        day += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), day


def import_phase(workdir, until):
    """Import batches of indicator values (the admin import's functions) from
    ``import-go`` to ``import-stop`` (files in the work folder; ``until`` is a safety
    deadline). Each batch's rows carry its marker as comment. Touches
    ``import-ready`` when the first workbook is built and ``import-applying`` when a
    batch starts writing. Writes imports.json after each batch."""
    from django.db import connections

    from measures.imports import apply_import, parse_workbook
    from measures.models import Indicator, Territory

    indicators = list(Indicator.objects.order_by("code").values_list("code", flat=True))
    departments = list(
        Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
        .order_by("code")
        .values_list("code", flat=True)
    )
    batches, number, next_date = [], 1, datetime.date(2040, 1, 1)
    marker = f"resilience-import-{number}"
    content, days = import_workbook(indicators, departments, next_date, marker)
    (workdir / "import-ready").touch()
    while not (workdir / "import-go").exists() and time.time() < until:
        time.sleep(0.05)
    while not (workdir / "import-stop").exists() and time.time() < until:
        if number > 1:
            marker = f"resilience-import-{number}"
            content, days = import_workbook(indicators, departments, next_date, marker)
        next_date += datetime.timedelta(days=days)
        number += 1
        batch = {"marker": marker, "rows": IMPORT_ROWS, "committed": False}
        batch["start"] = time.time()
        try:
            result = parse_workbook(content)
            if result.errors:
                raise ValueError(result.errors[:3])
            batch["applying"] = time.time()
            (workdir / "import-applying").touch()
            counts = apply_import(result)
            batch["committed"] = True
            batch["created"] = counts.created
        except Exception as error:
            batch["error"] = f"{type(error).__name__}: {error}"[:300]
            connections.close_all()
            time.sleep(0.2)
        batch["end"] = time.time()
        batches.append(batch)
        (workdir / "imports.json").write_text(json.dumps(batches), encoding="utf-8")


def verify_phase(workdir):
    """What the database holds: complete and half-written practices of this run,
    and the rows of each import batch. Prints one JSON line."""
    from django.db.models import Count

    from wagtail.models import WorkflowState

    from measures.models import IndicatorValue
    from partners.models import GoodPracticePage

    fixture = json.loads((workdir / "fixture.json").read_text("utf-8"))
    complete, half = [], []
    for page in GoodPracticePage.objects.filter(
        title__startswith=fixture["title_prefix"]
    ):
        in_moderation = WorkflowState.objects.active().for_instance(page).exists()
        if page.latest_revision_id and in_moderation:
            complete.append(page.title)
        else:
            half.append(page.title)
    counts = dict(
        IndicatorValue.objects.filter(comment__startswith="resilience-import-")
        .values_list("comment")
        .annotate(rows=Count("pk"))
    )
    sys.stdout.write(
        json.dumps(
            {"complete": complete, "half_written": half, "import_counts": counts}
        )
        + "\n"
    )
