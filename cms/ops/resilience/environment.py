"""The isolated environment of a resilience run: its own PostgreSQL cluster, Redis
and gunicorn, each on a free port, each stopped at the end (``self.cleanups``)."""

import os
import secrets
import shutil
import signal
import subprocess  # noqa: S404
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from cms.ops.net import free_port, status_of, stop_process, wait_for

BASE_DIR = Path(settings.BASE_DIR)
CLUSTER = "quartiers_res"
ROLE = "quartiers_res"


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


class EnvironmentSteps:
    """Steps of the ``resilience`` command that start and stop servers."""

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
