#!/usr/bin/env python
"""Requests per second for cached public pages, served by gunicorn on loopback.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    REDIS_URL=redis://127.0.0.1:56379/1 \\
    .venv/bin/python -m bench.serve_bench --seconds 20

Starts gunicorn (2 sync workers, no access log) with `bench.settings` (DEBUG off, the
production middleware, the Redis cache when REDIS_URL is set) against the bench database,
requests each public page once anonymously to fill the page cache (core.cache), checks
that the next request is a hit, then keeps `--concurrency` client threads busy for
`--seconds`. The client is a pool of Python threads, each with an `http.client` connection
(keep-alive when the server allows it; gunicorn's sync workers close after each response,
so each request opens a new loopback connection, as a browser behind a proxy would not).
The client runs on the same two cores as the server, so the figure is a lower bound.

Writes bench/results/serve.json and serve.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_RPS = 500


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn on loopback with the bench settings; a context manager."""

    def __init__(self, *, workers=2, port=None, worker_class="sync", threads=1, env=None):
        self.port = port or free_port()
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "bench.settings"),
            "SEARCH_INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "bench"),
            **(env or {}),
        }
        # Tasks run eagerly in the worker instead of going to a broker no worker of this
        # database consumes (another database's worker would pick them up).
        self.env.pop("CELERY_BROKER_URL", None)
        self.process = None
        self.log = None

    @property
    def command(self) -> list[str]:
        command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ]
        if self.threads > 1:
            command += ["--threads", str(self.threads)]
        return command

    def __enter__(self):
        self.log = open(RESULTS.parent / f".gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _headers, _body = get(self.port, "/healthz/")
                if status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer /healthz/ within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.log:
            self.log.close()
            Path(self.log.name).unlink(missing_ok=True)


def get(port: int, path: str, headers=None, connection=None):
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    if connection is None:
        conn.close()
    return response.status, dict(response.getheaders()), body


def public_paths(limit_items: int = 20) -> list[str]:
    """Home, library (plain and with two filters), directory and some knowledge items."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from bench.scenarios import library_url, public_item_urls

    library = library_url()
    query = urllib.parse.urlencode({"kind": "methodology", "region": "olomoucky"})
    return ["/", library, f"{library}?{query}", "/partneri/", *public_item_urls(limit_items)]


def cpu_per_hit(paths: list[str], repeat: int = 300) -> dict:
    """CPU time of the Django side of a cache hit, called in-process through the WSGI handler
    (no network, no gunicorn): what the server spends per request, whatever else runs on the
    machine. Two cores divided by it bound the requests per second from above."""
    import io

    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()

    def call(path):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
        }
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen.update(headers)

        b"".join(app(environ, start_response))
        return seen.get("X-Page-Cache")

    for path in paths:
        call(path)
    hits = sum(call(path) == "hit" for path in paths)
    wall, cpu = time.perf_counter(), time.process_time()
    for index in range(repeat):
        call(paths[index % len(paths)])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "requests": repeat,
        "hits_after_warmup": f"{hits}/{len(paths)}",
        "cpu_ms_per_request": round(cpu / repeat * 1000, 3),
        "wall_ms_per_request": round(wall / repeat * 1000, 3),
        "rps_bound_two_cores": round(2 / (cpu / repeat)),
    }


def hammer(port: int, paths: list[str], seconds: float, concurrency: int) -> dict:
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    hits = {"hit": 0, "other": 0}
    errors: list[str] = []

    def worker(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local_lat, local_status, local_hits, index = [], {}, {"hit": 0, "other": 0}, offset
        while time.monotonic() < stop:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                with lock:
                    errors.append(repr(error))
                continue
            local_lat.append((time.perf_counter() - started) * 1000)
            local_status[response.status] = local_status.get(response.status, 0) + 1
            local_hits["hit" if response.getheader("X-Page-Cache") == "hit" else "other"] += 1
        with lock:
            latencies.extend(local_lat)
            for status, count in local_status.items():
                statuses[status] = statuses.get(status, 0) + count
            for key, count in local_hits.items():
                hits[key] += count

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    total = len(latencies)
    return {
        "requests": total,
        "seconds": round(elapsed, 2),
        "rps": round(total / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "cache_hits": hits["hit"],
        "not_hits": hits["other"],
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "median_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p95_ms": round(latencies[int(total * 0.95) - 1], 2) if total > 20 else None,
    }


def markdown(result: dict) -> str:
    env = result["environment"]
    lines = [
        f"### Cached public pages through gunicorn ({result['measured_at']})",
        "",
        f"gunicorn {env['gunicorn']}: {env['workers']} {env['worker_class']} workers on "
        f"127.0.0.1, settings {env['settings']}, cache {env['cache']}; client: "
        f"{env['client']}; {len(result['paths'])} paths cycled "
        f"({', '.join(result['paths'][:4])} and {len(result['paths']) - 4} knowledge items). "
        f"Load average {env['load_average_at_start'][0]} at the start, "
        f"{env['load_average_at_end'][0]} at the end (2 cores, shared).",
        "",
        "| Run | Concurrency | Seconds | Requests | Requests/s | Median ms | p95 ms | "
        "Cache hits | Errors | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in result["runs"]:
        lines.append(
            f"| {run['name']} | {run['concurrency']} | {run['seconds']} | {run['requests']} | "
            f"{run['rps']} | {run['median_ms']} | {run['p95_ms']} | "
            f"{run['cache_hits']} / {run['requests']} | {run['errors']} | ≥ {TARGET_RPS} |"
        )
    cpu = result.get("in_process")
    if cpu:
        lines += [
            "",
            f"In-process (WSGI handler, no network): {cpu['cpu_ms_per_request']} ms of CPU per "
            f"cached page ({cpu['hits_after_warmup']} paths hits after one request), so two "
            f"free cores serve at most about {cpu['rps_bound_two_cores']} requests/s; wall "
            f"time {cpu['wall_ms_per_request']} ms per request at this load.",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    paths = public_paths()
    import gunicorn
    from django.conf import settings

    load_start = [round(x, 2) for x in os.getloadavg()]
    in_process = cpu_per_hit(paths)
    print(f"  in-process cache hits: {in_process}")
    runs = []
    with Gunicorn(workers=args.workers, worker_class=args.worker_class) as server:
        for path in paths:  # fill the cache, then check that the next request is a hit
            status, _h, _b = get(server.port, path)
            assert status == 200, f"{path}: {status}"
            status, headers, _b = get(server.port, path)
            if headers.get("X-Page-Cache") != "hit":
                print(f"warning: {path} is not served from the cache ({headers})")
        for concurrency in args.concurrency:
            print(f"  {concurrency} client threads for {args.seconds} s ...", flush=True)
            run = hammer(server.port, paths, args.seconds, concurrency)
            run.update(name="cached public pages", concurrency=concurrency)
            print(f"    {run}")
            runs.append(run)
    result = {
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": {
            "gunicorn": gunicorn.__version__,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "settings": os.environ.get("DJANGO_SETTINGS_MODULE"),
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "client": "Python threads with http.client (bench/serve_bench.py)",
            "cpus": os.cpu_count(),
            "load_average_at_start": load_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "paths": paths,
        "in_process": in_process,
        "runs": runs,
    }
    table = markdown(result)
    print(table)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "serve.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "serve.md").write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
