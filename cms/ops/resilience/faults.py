"""Load and faults of a resilience run: locust against gunicorn, Redis stopped,
PostgreSQL restarted while an indicator import is writing."""

import json
import subprocess  # noqa: S404
import sys
import threading
import time

from django.core.management.base import CommandError

from cms.ops.net import status_of, stop_process
from cms.ops.resilience import judge
from cms.ops.resilience.environment import BASE_DIR, CLUSTER, run

LOCUSTFILE = BASE_DIR / "cms" / "ops" / "resilience" / "locustfile.py"
PROBE_PATHS = ["/", "/feuille-de-route/", "/bonnes-pratiques/"]


class LoadAndFaults:
    """Steps of the ``resilience`` command that load the site and break it."""

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
                time.time() < back + 15 and judge.recovery_seconds(probes, back) is None
            ):
                time.sleep(0.1)
        finally:
            stop_probing.set()
            prober.join()
            for thread in threads:
                thread.join()
        recovery = judge.recovery_seconds(probes, back)
        answer = judge.answer_seconds(probes, back)
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
