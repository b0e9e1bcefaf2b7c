"""Every HTML page of the demo, crawled as each demo login: p50/p95/max per page kind.

A fresh database (SQLite in a temporary folder, or a PostgreSQL database ``jetpm_bench_crawl_<pid>`` on
127.0.0.1:5432) is migrated and given the demo world (``jetpm demo-data --scale small|full --seed 1``). The
app is served by gunicorn (DEBUG off). Each demo login (``jetpm demo-logins``) logs in and walks the site from
the home page, breadth first: every link (``<a href>``) to the same host, GET only, leaving out logging
out, the admin, the API, static files and downloads (exports, PDFs, files: anything answering other than
HTML is counted apart). A page kind is its URL pattern's name (``applications:intake_detail``); at most
``--per-kind`` different URLs of one kind are followed per login (the 2nd..20th page of a list, a few
records of a detail page), at most ``--max-pages`` per login. Then every page found is requested again
``--rounds`` times, one request at a time (the latency of a page, not of a queue).

Printed: per page kind, requests, p50/p95/max (ms) over all logins and rounds; the slowest kinds first;
pages that answered an error. Exit 1 when a page answers 5xx or a kind's p95 is 300 ms or more.

    .venv/bin/python bench/bench_page_crawl.py [--database sqlite|postgresql] [--scale small|full]
        [--rounds 3] [--per-kind 12] [--max-pages 400] [--logins mission.staff,clair.staff] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from html import unescape
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bench_entrance_load import ROOT, Browser, Sample, database_for, free_port, percentile, wait_for

TARGET_P95_MS = 300.0
SKIP = re.compile(
    r"^/(static|api|admin|health)/|logout|/export|download|/file|/receipt|/letter|/notice\.pdf|\.pdf|\.xlsx"
    r"|\.csv|\.ics|format=(csv|xlsx|pdf)|/language/"
)
# URL names of downloads (files, PDFs, calendars, exports): left out whatever their path
DOWNLOAD_KIND = re.compile(r"download|export|_ics$|notice$|receipt|letter|pdf|file")
HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def kind_of(path: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "(unresolved)"
    return match.view_name


def links(base: str, body: str) -> list[str]:
    out = []
    for raw in HREF.findall(body):
        url = urldefrag(urljoin(base, unescape(raw)))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or (parts.netloc and not parts.netloc.startswith("127.0.0.1")):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not SKIP.search(path):
            out.append(path)
    return out


def crawl(b: Browser, per_kind: int, max_pages: int, skipped: dict[str, int]) -> list[tuple[str, str]]:
    """The pages found from the home page: (path, kind), breadth first."""
    seen: set[str] = set()
    per: dict[str, int] = defaultdict(int)
    found: list[tuple[str, str]] = []
    queue: deque[str] = deque(["/"])
    while queue and len(found) < max_pages:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        kind = kind_of(path)
        if DOWNLOAD_KIND.search(kind):
            skipped[kind] += 1
            continue
        if per[kind] >= per_kind:
            continue
        status, body, headers = b.request("crawl", "GET", path)
        if not headers.get("content-type", "").startswith("text/html"):
            skipped[kind] += 1
            continue
        per[kind] += 1
        found.append((path, kind))
        if status == 200:
            queue.extend(p for p in links(path, body.decode("utf-8", "replace")) if p not in seen)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--scale", choices=("small", "full"), default="full")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-kind", type=int, default=12)
    parser.add_argument("--max-pages", type=int, default=400)
    parser.add_argument("--logins", default="", help="comma-separated demo usernames (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary folder")
    parser.add_argument(
        "--existing", default="", metavar="DATABASE_URL", help="crawl this database (a demo world kept)"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="jetpm-bench-crawl-"))
    db = database_for(args.database, tmp, f"jetpm_bench_crawl_{os.getpid()}")
    if args.existing:
        db.url, db.kind = args.existing, "existing"
    env = {
        "DATABASE_URL": db.url,
        "JETPM_DEBUG": "0",
        "JETPM_SECRET_KEY": secrets.token_urlsafe(50),
        "JETPM_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JETPM_VAR_DIR": str(tmp / "var"),
        "JETPM_MEDIA_ROOT": str(tmp / "media"),
        "JETPM_DB_CONN_MAX_AGE": "60",
        "JETPM_ACCESS_LOG": "0",
        "JETPM_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "jetpm.settings",
    }
    os.environ.update(env)
    db.create()
    gunicorn: subprocess.Popen[bytes] | None = None
    failed: list[str] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from jetpm.demo.generator import build_world
        from jetpm.demo.logins import DEMO_LOGINS, DEMO_PASSWORD

        t0 = time.perf_counter()
        if not args.existing:
            call_command("migrate", verbosity=0)
            build_world(scale=args.scale, seed=1)
            print(f"set-up (migrate, demo world {args.scale}): {time.perf_counter() - t0:.1f} s")
        connections.close_all()

        port = free_port()
        log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "jetpm.wsgi:application",
                f"--workers={args.workers}",
                f"--bind=127.0.0.1:{port}",
                "--timeout=120",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(port, gunicorn)
        wanted = [u for u in args.logins.split(",") if u]
        logins = [d.username for d in DEMO_LOGINS if not wanted or d.username in wanted]
        by_kind: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        skipped: dict[str, int] = defaultdict(int)
        pages_per_login: dict[str, int] = {}
        print(f"date: {time.strftime('%a %b %d %H:%M:%S UTC %Y', time.gmtime())}  nproc: {os.cpu_count()}")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        t_crawl = time.perf_counter()
        for username in logins:
            samples: list[Sample] = []
            b = Browser(port, samples, threading.Lock())
            b.request("login page", "GET", "/accounts/login/")
            status, _body, headers = b.post_form(
                "log in", "/accounts/login/", {"username": username, "password": DEMO_PASSWORD, "next": "/"}
            )
            if status != 302 or "sessionid" not in b.cookies:
                errors.append(f"{username}: log in answered {status} {headers.get('location', '')}")
                continue
            pages = crawl(b, args.per_kind, args.max_pages, skipped)
            pages_per_login[username] = len(pages)
            for _round in range(args.rounds):
                for path, kind in pages:
                    n = len(samples)
                    b.request(kind, "GET", path)
                    s = samples[n]
                    by_kind[kind].append(s.ms)
                    if s.status >= 400 and s.status not in (403, 404):
                        errors.append(f"{username}: GET {path} answered {s.status}")
                    if s.status >= 500:
                        failed.append(f"{username}: GET {path} answered {s.status}")
        crawl_s = time.perf_counter() - t_crawl
        print(f"load average after: {os.getloadavg()[0]:.2f}; crawl and rounds: {crawl_s:.0f} s")
        print("pages per login: " + ", ".join(f"{u} {n}" for u, n in pages_per_login.items()))
        if skipped:
            left_out = ", ".join(f"{k} {n}" for k, n in sorted(skipped.items()))
            print(f"not HTML (downloads, left out): {left_out}")
        rows = sorted(
            ((k, len(v), percentile(v, 50), percentile(v, 95), max(v)) for k, v in by_kind.items()),
            key=lambda r: -r[3],
        )
        everything = [ms for v in by_kind.values() for ms in v]
        print()
        print(f"{len(rows)} page kinds, {len(everything)} requests; slowest p95 first")
        print()
        print("| page kind | requests | p50 (ms) | p95 (ms) | max (ms) |")
        print("|---|---:|---:|---:|---:|")
        for kind, n, p50, p95, mx in rows:
            print(f"| {kind} | {n} | {p50:.0f} | {p95:.0f} | {mx:.0f} |")
        if everything:
            print(
                f"| **all** | {len(everything)} | {percentile(everything, 50):.0f} | "
                f"{percentile(everything, 95):.0f} | {max(everything):.0f} |"
            )
        slow = [r for r in rows if r[3] >= TARGET_P95_MS]
        print(
            f"\ntarget: every page kind's p95 under {TARGET_P95_MS:.0f} ms: "
            + ("met" if not slow else f"NOT met ({len(slow)} kinds)")
        )
        failed += [f"{k}: p95 {p95:.0f} ms" for k, _n, _p50, p95, _mx in slow]
        for e in errors[:30]:
            print("error:", e)
    except BaseException:
        print((tmp / "gunicorn.log").read_text(errors="replace")[-5000:])
        raise
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        if args.keep or args.existing:
            print(f"kept: {db.url} and {tmp}")
        else:
            db.drop()
            shutil.rmtree(tmp, ignore_errors=True)
    for problem in failed:
        print("FAILED:", problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
