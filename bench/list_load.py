"""Load generation and server-side figures for ``bench/requests.py``: wrk runs, the server's
latency histogram from ``/metrics``, and CPU time of processes.

``wrk`` runs as its own process with ``rotate_paths.lua``, which rotates through the URLs with the
session cookie; its ``--timeout`` is long so that slow answers are measured, not dropped.
``bench/inventory_search.py`` runs its load through :func:`run_wrk` too.
The server's own time per request (from receiving it to writing the answer) comes from the
``consoleme_http_request_duration_seconds`` histogram of the route, read before and after a run;
its percentiles are interpolated inside the histogram's buckets (Prometheus'
``histogram_quantile``), so they are only as fine as the buckets (1, 2.5, 5, 10, 25, 50, 100 ms...).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

LUA = (Path(__file__).resolve().parent / "rotate_paths.lua").read_text()
_METRIC = "consoleme_http_request_duration_seconds"


@dataclass(frozen=True, slots=True)
class WrkFigures:
    requests: int
    rps: float
    p50: float  # ms, at the client
    p90: float
    p99: float
    max: float
    non200: int
    timeouts: int
    socket_errors: int
    server_timing: str | None  # the SERVER line when answers carried Server-Timing


def run_wrk(
    url: str,
    paths: list[str],
    cookie: str,
    tmp: Path,
    seconds: int,
    connections: int,
    timeout: str = "60s",
) -> WrkFigures:
    """wrk for ``seconds`` at ``connections``, rotating through ``paths`` with ``cookie``;
    an answer slower than ``timeout`` counts as a timeout."""
    listed = ",\n".join(f'  "{p}"' for p in paths)
    script = tmp / "rotate_paths.lua"
    script.write_text(LUA.replace("__PATHS__", listed).replace("__COOKIE__", cookie))
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", timeout]
    command += ["--latency", "-s", str(script), url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"^CLIENT (.*)$", done.stdout, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"wrk printed no figures:\n{done.stdout}\n{done.stderr}")
    values = dict(pair.split("=") for pair in found.group(1).split())
    server = re.search(r"^SERVER .*$", done.stdout, re.MULTILINE)
    return WrkFigures(
        requests=int(values["n"]),
        rps=float(values["rps"]),
        p50=float(values["p50"]),
        p90=float(values["p90"]),
        p99=float(values["p99"]),
        max=float(values["max"]),
        non200=int(values["non200"]),
        timeouts=int(values["timeouts"]),
        socket_errors=int(values["sockerr"]),
        server_timing=server.group(0) if server else None,
    )


Histogram = dict[float, float]  # upper bound (s) -> cumulative count; inf included


def read_histogram(url: str, route: str, method: str = "GET") -> tuple[Histogram, float]:
    """The route's cumulative latency buckets and the sum of seconds, from ``/metrics``."""
    text = httpx.get(url + "/metrics", timeout=10).text
    buckets: Histogram = {}
    total = 0.0
    labels = f'method="{method}",route="{route}"'
    for line in text.splitlines():
        if not line.startswith(_METRIC) or labels not in line:
            continue
        name, value = line.rsplit(" ", 1)
        if name.startswith(_METRIC + "_bucket"):
            bound = re.search(r'le="([^"]+)"', name).group(1)  # type: ignore[union-attr]
            buckets[float(bound)] = float(value)
        elif name.startswith(_METRIC + "_sum"):
            total = float(value)
    return buckets, total


def settled_histogram(url: str, route: str, quiet: float) -> tuple[Histogram, float]:
    """The histogram once the server has answered what wrk left in flight: its count has not
    changed for ``quiet`` seconds (wrk stops sending at the end of a run, the server does not)."""
    last = read_histogram(url, route)
    while True:
        time.sleep(quiet)
        now = read_histogram(url, route)
        if now[0].get(float("inf")) == last[0].get(float("inf")):
            return now
        last = now


@dataclass(frozen=True, slots=True)
class ServerFigures:
    count: int
    mean: float  # ms
    p50: float  # ms, interpolated in buckets
    p99: float
    within_50ms: float  # share of requests the server answered within 50 ms (exact bucket)


def server_figures(
    before: tuple[Histogram, float], after: tuple[Histogram, float]
) -> ServerFigures:
    bounds = sorted(after[0])
    cumulative = [after[0][b] - before[0].get(b, 0.0) for b in bounds]
    count = cumulative[-1] if cumulative else 0.0
    if count == 0:
        return ServerFigures(0, 0.0, 0.0, 0.0, 0.0)

    def quantile(q: float) -> float:
        rank = q * count
        lower, below = 0.0, 0.0
        for bound, seen in zip(bounds, cumulative, strict=True):
            if seen >= rank:
                if bound == float("inf"):
                    return lower * 1000
                return 1000 * (lower + (bound - lower) * (rank - below) / max(seen - below, 1))
            lower, below = bound, seen
        return lower * 1000

    within = cumulative[bounds.index(0.05)] / count if 0.05 in bounds else float("nan")
    mean = 1000 * (after[1] - before[1]) / count
    return ServerFigures(int(count), mean, quantile(0.5), quantile(0.99), within)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process (all its threads) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
