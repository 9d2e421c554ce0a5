"""Figures shared by the operations commands: percentiles, the machine, JSON."""

import argparse
import json
import os
import platform


def percentile(values, fraction):
    """Nearest-rank percentile (fraction 0..1) of a list of numbers; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(int(-(-len(ordered) * fraction // 1)), 1)  # ceil, at least 1
    return ordered[min(rank, len(ordered)) - 1]


def machine():
    return (
        f"{platform.machine()}, {os.cpu_count()} cœurs, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} Gio, "
        f"Python {platform.python_version()}"
    )


def fmt_load(load, separator=" / "):
    """The load average (1/5/15 min) as read by ``os.getloadavg()``."""
    return separator.join(f"{value:.2f}" for value in load)


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


HIDDEN = argparse.SUPPRESS  # help of the options a command passes to itself
