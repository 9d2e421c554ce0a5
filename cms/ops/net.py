"""Ports, HTTP probes and server processes on 127.0.0.1, for the servers the
operations commands and the browser tests start. No port is chosen at import time:
each caller asks when it starts its server."""

import socket
import subprocess  # noqa: S404
import time
from http.client import HTTPConnection


def free_port():
    """A port nobody listens on: the system picks one for a socket bound to port 0
    (several people may run the commands, or the tests, on the same machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_free(port):
    """True when nothing accepts connections on ``port``."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def wait_for(port, timeout=30):
    """Wait until something listens on ``port``; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_free(port):
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


def stop_process(process, timeout=15):
    """Ask a server to stop (SIGTERM); kill it if it is still there after
    ``timeout`` seconds (gunicorn may take longer on a busy machine)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
