#!/usr/bin/env python
"""Requests per second and latency of each page over HTTP, through gunicorn (2 sync
workers), as an anonymous visitor and as a member, with the page cache on and off.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    REDIS_URL=redis://127.0.0.1:56379/7 SEARCH_INDEX_PREFIX=bench \\
    .venv/bin/python -m bench.http_bench --scale M

For each setting of the page cache (PORTAL_PAGE_CACHE=1 and 0) it starts gunicorn with
`bench.settings` on a free loopback port and, for every page and both readers, runs `wrk`
(Debian's package; `scripts/bootstrap bench` installs it) with a fixed number of
connections (`--connections`, default 8) on 2 threads for `--seconds`, after a warm-up of
each page. A page with several URLs (knowledge items, search words) cycles through them
(a Lua script). The member is a social worker of the organisation that receives the most
referrals (its session cookie comes from Django's test client). The values and fragments
kept by visibility class (core.cache.content_cached, PORTAL_CONTENT_CACHE) stay on, as in
production: a member never gets the page cache, so "page cache off" is what every member
gets, and what an anonymous visitor gets on a miss.

In the same run, the static-file ceiling: a small CSS file served by WhiteNoise through the
same gunicorn and middleware, with the same connections; the ratio page / ceiling says how
much of the stack's own limit a page reaches. The load average at the start and the end
is recorded: figures taken while other processes used the two cores are not comparable.

Results go into bench/results/<scale>.json under "http" (next to the in-process figures
of bench.run) and a table into <scale>-http.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.serve_bench import Gunicorn, get  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
# Requests per second a member must get with the page cache off, at scale M (issue 19).
TARGETS = {"library": 150, "knowledge_item": 150, "search": 60}
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


class Server(Gunicorn):
    """The bench's gunicorn, started with the interpreter running this script (the venv's)."""

    @property
    def command(self) -> list[str]:
        command = super().command
        return [sys.executable, "-m", "gunicorn", *command[1:]]


def pages(seed: int = 1) -> tuple[dict[str, list[str]], object]:
    """The pages measured (name → URLs cycled) and the member who reads them."""
    import random

    from django.db.models import Count

    from bench.scenarios import SEARCH_WORDS, library_url, public_item_urls, site_url
    from cms.models import NewsIndexPage
    from partners.models import Membership, Organisation

    rng = random.Random(seed)
    library = library_url()
    item_urls = public_item_urls(2000)
    rng.shuffle(item_urls)
    item_urls = item_urls[:50]
    bench_orgs = Organisation.objects.filter(slug__startswith="bench-")
    busiest = (
        bench_orgs.annotate(n=Count("referrals_received")).order_by("-n", "pk").first()
        or Organisation.objects.order_by("pk").first()
    )
    with_items = (
        bench_orgs.annotate(n=Count("knowledge_items")).order_by("-n", "pk").first() or busiest
    )
    membership = (
        Membership.objects.filter(organisation=busiest, role="social_worker", is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    news = NewsIndexPage.objects.live().first()
    measured = {
        "home": ["/"],
        "library": [library],
        "library_by_kind": [f"{library}?kind=methodology"],
        "library_page_50": [f"{library}?page=50"],
        "library_filtered": [f"{library}?kind=methodology&region=olomoucky"],
        "knowledge_item": item_urls,
        "partner_directory": ["/partneri/"],
        "partner_detail": [with_items.get_absolute_url()],
        "news_index": [site_url(news.url_path)] if news else [],
        "search": ["/hledat/?" + urllib.parse.urlencode({"q": word}) for word in SEARCH_WORDS],
    }
    return {name: urls for name, urls in measured.items() if urls}, membership.user


def member_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def static_path() -> str:
    css = sorted((ROOT / "static" / "css").glob("*.css"))
    return f"/static/css/{css[0].name}"


def wrk(port: int, urls: list[str], *, seconds: float, connections: int, cookie: str = "") -> dict:
    """One wrk run cycling through `urls`: requests/s, median and p99 latency, errors."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is not installed: run scripts/bootstrap bench (Debian's wrk).")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(url) for url in urls))
    command = [
        binary,
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds:g}s",
        "--latency",
        "--script",
        script.name,
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}")
    try:
        output = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, timeout=seconds + 60
        ).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    return parse_wrk(output)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    factor = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]
    return round(float(number) * factor, 2)


def parse_wrk(output: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    requests = re.search(r"(\d+) requests in", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(requests.group(1)) if requests else 0,
        "p50_ms": _ms(p50.group(1)) if p50 else None,
        "p99_ms": _ms(p99.group(1)) if p99 else None,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def warm(port: int, urls: list[str], cookie: str) -> None:
    headers = {"Cookie": cookie} if cookie else {}
    for url in urls:
        for _ in range(2):
            status, _headers, _body = get(port, url, headers)
            if status != 200:
                raise SystemExit(f"{url} answered {status} ({'member' if cookie else 'anonymous'})")


def markdown(result: dict) -> str:
    http = result["http"]
    env = http["environment"]
    lines = [
        f"### Over HTTP at {result['scale']} ({http['measured_at']})",
        "",
        f"gunicorn {env['gunicorn']}, {env['workers']} sync workers on 127.0.0.1, settings "
        f"{env['settings']}, cache {env['cache']}; wrk {env['wrk']} with {env['connections']} "
        f"connections on 2 threads for {env['seconds']} s per row, after a warm-up. "
        f"Load average {env['load_average_at_start'][0]} at the start, "
        f"{env['load_average_at_end'][0]} at the end (2 cores; above 2 other processes "
        "competed for the CPU).",
        "",
        "| Page | Reader | Page cache | Requests/s | p50 ms | p99 ms | of ceiling | "
        "In-process p95 ms | Target |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    in_process = result.get("pages", {})
    for run in http["runs"]:
        ceiling = http["static_ceiling"][run["page_cache"]]["rps"]
        share = f"{run['rps'] / ceiling:.0%}" if ceiling else "–"
        p95 = in_process.get(run["page"], {}).get("p95_ms", "–")
        if run["reader"] != "member":
            p95 = "–"
        target = TARGETS.get(run["page"]) if run["reader"] == "member" else None
        verdict = ""
        if target and run["page_cache"] == "off" and result["scale"] == "M":
            verdict = f"≥ {target}: {'met' if run['rps'] >= target else 'missed'}"
        lines.append(
            f"| {run['page']} | {run['reader']} | {run['page_cache']} | {run['rps']} | "
            f"{run['p50_ms']} | {run['p99_ms']} | {share} | {p95} | {verdict} |"
        )
    lines.append("")
    for mode, ceiling in http["static_ceiling"].items():
        lines.append(
            f"Static-file ceiling (page cache {mode}): {ceiling['rps']} requests/s, p50 "
            f"{ceiling['p50_ms']} ms, p99 {ceiling['p99_ms']} ms ({ceiling['path']})."
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", required=True, help="label of the dataset (S, M, L)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", help="comma-separated page names (default: all)")
    parser.add_argument("--readers", default="anonymous,member")
    parser.add_argument("--page-cache", default="on,off", help="on, off or both")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
    import django

    django.setup()
    import gunicorn
    from django.conf import settings

    measured, member = pages()
    if args.only:
        measured = {name: urls for name, urls in measured.items() if name in args.only.split(",")}
    cookie = member_cookie(member)
    readers = {"anonymous": "", "member": cookie}
    readers = {name: readers[name] for name in args.readers.split(",")}
    wrk_version = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "--version"], capture_output=True, text=True
    )
    load_start = [round(x, 2) for x in os.getloadavg()]
    runs, ceilings = [], {}
    for mode in args.page_cache.split(","):
        env = {"PORTAL_PAGE_CACHE": "1" if mode == "on" else "0"}
        with Server(workers=2, env=env) as server:
            static = static_path()
            warm(server.port, [static], "")
            print(f"  page cache {mode}: static ceiling ...", flush=True)
            ceilings[mode] = {
                "path": static,
                **wrk(server.port, [static], seconds=args.seconds, connections=args.connections),
            }
            print(f"    {ceilings[mode]}", flush=True)
            for name, urls in measured.items():
                for reader, reader_cookie in readers.items():
                    warm(server.port, urls, reader_cookie)
                    figures = wrk(
                        server.port,
                        urls,
                        seconds=args.seconds,
                        connections=args.connections,
                        cookie=reader_cookie,
                    )
                    run = {"page": name, "reader": reader, "page_cache": mode, **figures}
                    run["load_average"] = [round(x, 2) for x in os.getloadavg()]
                    print(f"  {run}", flush=True)
                    runs.append(run)
    http = {
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": {
            "gunicorn": gunicorn.__version__,
            "workers": 2,
            "settings": os.environ["DJANGO_SETTINGS_MODULE"],
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "wrk": (wrk_version.stdout or wrk_version.stderr).split()[1]
            if (wrk_version.stdout or wrk_version.stderr)
            else "?",
            "connections": args.connections,
            "seconds": args.seconds,
            "member": member.username,
            "cpus": os.cpu_count(),
            "load_average_at_start": load_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "pages": {name: urls[:3] for name, urls in measured.items()},
        "static_ceiling": ceilings,
        "runs": runs,
    }
    path = RESULTS / f"{args.scale}.json"
    result = json.loads(path.read_text()) if path.exists() else {"scale": args.scale}
    result["http"] = http
    table = markdown(result)
    print()
    print(table)
    if not args.no_write:
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / f"{args.scale}-http.md").write_text(table)
        print(f"Written {path} and {args.scale}-http.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
