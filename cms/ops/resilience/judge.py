"""Judging a resilience run (``python manage.py resilience``): pure functions.

The command and the load test record facts (every request with its start, duration
and outcome; the fault windows; what the partners and the import say they wrote;
what the database holds afterwards). These functions turn them into figures and a
verdict, so that the rules can be read and tested apart from the servers.

The rule for failed requests: a request *excused* by a fault window is one whose
interval [start, end] meets the database window, which opens when the restart
command starts and closes ``GRACE_SECONDS`` after the database accepts connections
again (``pg_isready``). Any other failed request, including every failure while
Redis is down, fails the run: so no request ends in error more than
``GRACE_SECONDS`` after the database is back. Separately, a request sent at most
``GRACE_SECONDS`` after the database's return must be answered 200 (see
``recovery_seconds``).
"""

from dataclasses import dataclass

from cms.ops.figures import percentile

GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class Window:
    label: str
    start: float
    end: float

    def meets(self, start, end):
        return start <= self.end and end >= self.start


def database_window(stop_started, back, grace=GRACE_SECONDS):
    """The window in which failures are excused: restart begun → back + grace."""
    return Window("base de données", stop_started, back + grace)


def classify(requests, excused_windows):
    """Split failed requests into excused (meeting a window) and counted ones.

    ``requests``: dicts with ``t`` (start, epoch seconds), ``ms`` (duration) and
    ``ok``. Returns ``(excused, counted)`` lists of the failed requests.
    """
    excused, counted = [], []
    for request in requests:
        if request["ok"]:
            continue
        start = request["t"]
        end = start + request["ms"] / 1000
        if any(window.meets(start, end) for window in excused_windows):
            excused.append(request)
        else:
            counted.append(request)
    return excused, counted


def latency_summary(requests):
    """Count, failures and p50/p95/p99 (ms) of the requests' durations."""
    durations = [request["ms"] for request in requests]
    return {
        "requests": len(requests),
        "failures": sum(1 for request in requests if not request["ok"]),
        "p50_ms": _rounded(percentile(durations, 0.50)),
        "p95_ms": _rounded(percentile(durations, 0.95)),
        "p99_ms": _rounded(percentile(durations, 0.99)),
    }


def _rounded(value):
    return None if value is None else round(value, 1)


def recovery_seconds(probes, back):
    """Seconds from the database's return to the sending of the first probe, sent
    at or after it, that was answered 200; None when no such answer came.

    Counted to the sending, not to the answer: under saturation a request waits
    in gunicorn's queue for as long as any other (the load's latency, reported
    apart), and that wait is not an outage. ``answer_seconds`` gives the answer.
    """
    first = first_success(probes, back)
    return round(first["t"] - back, 2) if first else None


def answer_seconds(probes, back):
    """Seconds from the database's return to the answer of that same probe."""
    first = first_success(probes, back)
    return round(first["end"] - back, 2) if first else None


def first_success(probes, back):
    answered = [p for p in probes if p["t"] >= back and p["status"] == 200]
    return min(answered, key=lambda p: p["t"]) if answered else None


def lost_practices(acknowledged, stored):
    """Titles the server acknowledged (302 to the partner space) and the database
    does not hold complete (page, revision, workflow state)."""
    return sorted(set(acknowledged) - set(stored))


def import_outcomes(batches, counts):
    """Each import batch must be all there or not there at all; a batch the import
    reported as committed must be all there.

    ``batches``: dicts with ``marker``, ``rows`` and ``committed`` (bool);
    ``counts``: rows found per marker. Returns a dict of lists of markers.
    """
    outcome = {"complete": [], "absent": [], "partial": [], "lost": []}
    for batch in batches:
        found = counts.get(batch["marker"], 0)
        if found == batch["rows"]:
            outcome["complete"].append(batch["marker"])
        elif found == 0:
            outcome["lost" if batch["committed"] else "absent"].append(batch["marker"])
        else:
            outcome["partial"].append(batch["marker"])
    return outcome


def verdict(results):
    """The list of broken requirements (empty when the run passes)."""
    broken = []
    load = results["load"]
    if load["requests"] == 0:
        broken.append("aucune requête n’a été faite")
    if load["failures_counted"]:
        broken.append(
            f"{load['failures_counted']} requête(s) en échec hors de la fenêtre "
            "de panne de la base"
        )
    database = results["faults"]["database"]
    if database.get("recovery_seconds") is None:
        broken.append("le site n’a pas répondu 200 après le retour de la base")
    elif database["recovery_seconds"] > GRACE_SECONDS:
        broken.append(
            f"reprise en {database['recovery_seconds']} s après le retour de la base "
            f"(> {GRACE_SECONDS:g} s)"
        )
    redis = results["faults"]["redis"]
    if not redis.get("probes_during"):
        broken.append("aucune page n’a répondu pendant l’arrêt de Redis")
    elif redis["probes_ok"] != redis["probes"]:
        broken.append(
            f"{redis['probes'] - redis['probes_ok']} page(s) sans réponse 200 "
            "pendant l’arrêt de Redis"
        )
    data = results["data"]
    if data["practices_lost"]:
        broken.append(f"{data['practices_lost']} bonne(s) pratique(s) perdue(s)")
    if data["practices_half_written"]:
        broken.append(
            f"{data['practices_half_written']} bonne(s) pratique(s) à moitié écrite(s)"
        )
    if data["import_batches_partial"]:
        broken.append(f"{data['import_batches_partial']} import(s) partiel(s)")
    if data["import_batches_lost"]:
        broken.append(f"{data['import_batches_lost']} import(s) confirmé(s) perdu(s)")
    if not data["import_batches_during_restart"]:
        broken.append("aucun import n’était en cours pendant le redémarrage de la base")
    return broken
