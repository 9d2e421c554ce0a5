"""The rules that judge a resilience run (cms/ops/resilience/judge.py), without
servers."""

from cms.ops.resilience import judge as resilience


def request(t, ms=100, ok=True):
    return {"t": t, "ms": ms, "ok": ok}


def passing_results():
    return {
        "load": {"requests": 100, "failures_counted": 0},
        "faults": {
            "database": {"recovery_seconds": 0.4},
            "redis": {"probes": 10, "probes_ok": 10, "probes_during": 8},
        },
        "data": {
            "practices_lost": 0,
            "practices_half_written": 0,
            "import_batches_partial": 0,
            "import_batches_lost": 0,
            "import_batches_during_restart": ["resilience-import-2"],
        },
    }


def test_failures_meeting_the_database_window_are_excused():
    window = resilience.database_window(stop_started=100.0, back=103.0)
    requests = [
        request(99.95, ms=200, ok=False),  # started before, ended inside
        request(107.9, ok=False),  # within back + 5 s
        request(108.2, ok=False),  # after the grace period
        request(50.0, ok=False),  # long before
        request(101.0, ok=True),
    ]
    excused, counted = resilience.classify(requests, [window])
    assert [r["t"] for r in excused] == [99.95, 107.9]
    assert [r["t"] for r in counted] == [108.2, 50.0]


def test_latency_summary_counts_failures():
    summary = resilience.latency_summary(
        [request(0, ms=10), request(0, ms=30, ok=False)]
    )
    assert summary["requests"] == 2
    assert summary["failures"] == 1
    assert summary["p50_ms"] == 10
    assert summary["p99_ms"] == 30


def test_recovery_counts_from_the_database_return():
    probes = [
        {"t": 9.0, "end": 10.1, "status": 200},  # sent before the return
        {"t": 10.5, "end": 10.6, "status": 500},
        {"t": 11.2, "end": 11.9, "status": 200},
    ]
    assert resilience.recovery_seconds(probes, back=10.0) == 1.2
    assert resilience.answer_seconds(probes, back=10.0) == 1.9
    assert resilience.recovery_seconds(probes[:2], back=10.0) is None


def test_a_practice_acknowledged_but_missing_is_lost():
    assert resilience.lost_practices(["a", "b", "c"], ["a", "c", "d"]) == ["b"]


def test_import_batches_are_all_or_nothing():
    batches = [
        {"marker": "m1", "rows": 10, "committed": True},
        {"marker": "m2", "rows": 10, "committed": False},
        {"marker": "m3", "rows": 10, "committed": False},
        {"marker": "m4", "rows": 10, "committed": True},
        {"marker": "m5", "rows": 10, "committed": False},
    ]
    outcome = resilience.import_outcomes(batches, {"m1": 10, "m3": 4, "m5": 10})
    assert outcome == {
        "complete": ["m1", "m5"],
        "absent": ["m2"],
        "partial": ["m3"],
        "lost": ["m4"],
    }


def test_a_clean_run_passes():
    assert resilience.verdict(passing_results()) == []


def test_a_slow_recovery_or_a_lost_row_fails_the_run():
    results = passing_results()
    results["faults"]["database"]["recovery_seconds"] = 5.5
    results["data"]["import_batches_partial"] = 1
    results["load"]["failures_counted"] = 2
    broken = resilience.verdict(results)
    assert len(broken) == 3


def test_a_run_where_no_import_met_the_restart_fails():
    results = passing_results()
    results["data"]["import_batches_during_restart"] = []
    assert resilience.verdict(results)


def test_a_page_failing_while_redis_is_down_fails_the_run():
    results = passing_results()
    results["faults"]["redis"]["probes_ok"] = 9
    assert resilience.verdict(results)
