"""The machinery of a load run: gunicorn, wrk, and CPU time read from /proc.

Nothing here imports Django, so it can be reused by other benchmarks.
"""

import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- CPU time from /proc ---------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, in seconds (0 if it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # Field 2 (comm) may contain spaces; fields after the closing parenthesis start at field 3 (state).
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _all_stats():
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1 : stat.rindex(")")]
            yield int(entry.name), comm, stat[stat.rindex(")") + 2 :].split()


def child_pids(pid: int) -> list[int]:
    return sorted(child for child, _, fields in _all_stats() if int(fields[1]) == pid)


def cpu_seconds_of(comm: str, cmdline_contains: str = "") -> float:
    """utime + stime of every process named ``comm`` whose command line contains ``cmdline_contains``.

    PostgreSQL backends show their database in the command line ("postgres: … portal_bench …"),
    so the benchmark's backends can be told from those of other databases on the same server.
    """
    total = 0.0
    for pid, name, fields in _all_stats():
        if name != comm:
            continue
        if cmdline_contains:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if cmdline_contains not in cmdline:
                continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def wait_until_quiet(max_seconds: float, busy_cores: float = 0.15, sample: float = 2.0) -> float:
    """Wait (at most ``max_seconds``) until the machine is nearly idle; return the last busy cores seen."""
    deadline = time.monotonic() + max_seconds
    while True:
        before = machine_busy_seconds()
        time.sleep(sample)
        busy = (machine_busy_seconds() - before) / sample
        if busy <= busy_cores or time.monotonic() >= deadline:
            return busy


# --- gunicorn ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn master with its workers, stopped on exit whatever happens."""

    def __init__(self, executable: Path, app: str, env: dict, cwd: Path, workers: int, log: Path):
        self.port = free_port()
        self.workers = workers
        self.log_path = log
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(executable),
                app,
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        return [self.process.pid, *child_pids(self.process.pid)]

    def cpu_seconds(self) -> float:
        """CPU time of the master and its workers (a worker never restarts here: no max_requests)."""
        return sum(cpu_seconds(pid) for pid in self.pids())

    def wait_ready(self, path: str = "/healthz", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log_path}")
            if len(child_pids(self.process.pid)) >= self.workers:
                try:
                    if fetch(self.base_url + path, timeout=5)[0] == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {path} in {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the session we started, nothing else
                self.process.wait()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# --- wrk -------------------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors + non-2xx/3xx responses
    output: str


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    summary = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    if not (summary and rps and p50 and p99):
        raise ValueError(f"cannot parse wrk output:\n{output}")
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(
        requests=int(summary.group(1)),
        seconds=_ms(summary.group(2), summary.group(3)) / 1000,
        rps=float(rps.group(1)),
        p50_ms=_ms(*p50.groups()),
        p99_ms=_ms(*p99.groups()),
        errors=errors,
        output=output,
    )


def run_wrk(url: str, seconds: int, threads: int, connections: int) -> WrkResult:
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    return parse_wrk(result.stdout)


def fetch(url: str, timeout: float = 30) -> tuple[int, dict, bytes]:
    """One plain HTTP GET: status, headers, body (no redirects followed)."""
    parts = urlsplit(url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
