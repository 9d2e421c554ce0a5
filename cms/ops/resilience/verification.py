"""Verification and report of a resilience run: what was acknowledged against what
the database holds, the figures, the verdict's input."""

import json

from cms.ops.figures import fmt_load
from cms.ops.resilience import judge
from cms.ops.resilience.phases import IMPORT_ROWS


class Verification:
    """Steps of the ``resilience`` command that check and report."""

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
        window = judge.database_window(database["restart_started"], database["back"])
        excused, counted = judge.classify(self.requests, [window])
        load = judge.latency_summary(self.requests)
        load["outside_database_window"] = judge.latency_summary(
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
            name: judge.latency_summary(items)
            for name, items in sorted(by_name.items())
        }
        self.redis_probes_summary()
        redis = self.results["faults"]["redis"]
        redis_window = judge.Window("redis", redis["stopped"], redis["restarting"])
        during_redis = [
            r
            for r in self.requests
            if redis_window.meets(r["t"], r["t"] + r["ms"] / 1000)
        ]
        redis["load_requests"] = len(during_redis)
        redis["load_failures"] = sum(1 for r in during_redis if not r["ok"])
        self.results["load"] = load
        outcome = judge.import_outcomes(batches, stored["import_counts"])
        lost = judge.lost_practices(self.acknowledged, stored["complete"])
        restart = judge.Window("restart", database["restart_started"], database["back"])
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
            f"{fmt_load(r['load_average_before'], ', ')} / {fmt_load(r['load_average_after'], ', ')}"
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
