"""The operations tooling lives in ``cms.ops``: its commands, one ``free_port``, one
``percentile``, no port reserved when a module is imported."""

import importlib
import socket
import subprocess  # noqa: S404
import sys
from pathlib import Path

from django.core.management import get_commands

import cms.ops
from cms.ops import figures, net
from cms.ops.resilience import judge

OPS_DIR = Path(cms.ops.__file__).parent


def test_operations_commands_are_registered_by_cms_ops():
    commands = get_commands()
    assert commands["benchmark"] == "cms.ops"
    assert commands["resilience"] == "cms.ops"
    assert commands["generate_volume_data"] == "cms.ops"


def test_free_port_can_be_bound_and_is_free():
    port = net.free_port()
    assert net.is_free(port)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_wait_for_sees_a_listening_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert net.wait_for(sock.getsockname()[1], timeout=1)


def test_stop_process_ends_a_server_that_ignores_sigterm():
    stubborn = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    stubborn.stdout.readline()  # SIGTERM is ignored from here on
    net.stop_process(stubborn, timeout=0.5)
    stubborn.stdout.close()
    assert stubborn.returncode == -9


def test_the_resilience_judge_uses_the_shared_percentile():
    assert judge.percentile is figures.percentile


def test_importing_the_commands_reserves_no_port():
    for name in ("benchmark", "resilience", "generate_volume_data"):
        module = importlib.import_module(f"cms.ops.management.commands.{name}")
        ports = [attribute for attribute in vars(module) if attribute.endswith("PORT")]
        assert ports == [], name


def test_no_operations_module_is_over_600_lines():
    long = [
        str(path.relative_to(OPS_DIR))
        for path in OPS_DIR.rglob("*.py")
        if len(path.read_text(encoding="utf-8").splitlines()) > 600
    ]
    assert long == []


def test_percentiles_use_the_nearest_rank():
    values = list(range(1, 101))
    assert figures.percentile(values, 0.50) == 50
    assert figures.percentile(values, 0.95) == 95
    assert figures.percentile(values, 0.99) == 99
    assert figures.percentile([7], 0.99) == 7
    assert figures.percentile([], 0.5) is None
