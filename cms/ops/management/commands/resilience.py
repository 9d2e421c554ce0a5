"""``manage.py resilience``: see ``cms.ops.resilience`` (what it runs, and how)."""

import datetime
import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.ops.figures import HIDDEN, machine, to_json
from cms.ops.resilience import judge
from cms.ops.resilience.environment import EnvironmentSteps
from cms.ops.resilience.faults import LoadAndFaults
from cms.ops.resilience.phases import import_phase, prepare_phase, verify_phase
from cms.ops.resilience.verification import Verification


class Command(EnvironmentSteps, LoadAndFaults, Verification, BaseCommand):
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
        hidden = HIDDEN
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
        broken = judge.verdict(self.results)
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
