"""Requests against a local server: latencies and throughput."""

import re
import shutil
import subprocess  # noqa: S404
import threading
import time
from http.client import HTTPConnection

from cms.ops.net import get


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
