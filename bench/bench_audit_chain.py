"""The audit chain's page (``/audit/chain/``) and ``jetpm audit verify`` on an existing database.

Run against a database that has its world already (the full demo: ``jetpm demo-data --scale full --seed 1``),
with ``DATABASE_URL`` set and ``PYTHONPATH`` pointing at the code to measure. The page is requested through
Django's test client in this process (no web server: the view, its queries and the template), signed in as a
national staff member, ``--runs`` times; the first request is reported apart (cold caches). Then the full
verification is timed once (``--verify``), as the command and the daily task run it.

    PYTHONPATH=src DATABASE_URL=sqlite:////tmp/chain_demo.sqlite3 \
        .venv/bin/python bench/bench_audit_chain.py [--user mic.staff] [--runs 5] [--verify]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="mic.staff")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verify", action="store_true", help="time one full verification too")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetpm.settings")
    os.environ.setdefault("JETPM_ACCESS_LOG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jetpm.core import audit
    from jetpm.core.models import AuditEvent, User

    settings.ALLOWED_HOSTS = ["*"]
    events = AuditEvent.objects.count()
    print(f"database: {connection.vendor}, {events:,} audit events")
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    timings: list[float] = []
    queries = 0
    for _ in range(args.runs + 1):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get("/audit/chain/")
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        if response.status_code != 200:
            print(f"the page answered {response.status_code}", file=sys.stderr)
            return 1
    first, rest = timings[0], timings[1:]
    print(
        f"/audit/chain/: first {first:,.0f} ms; then p50 {statistics.median(rest):,.0f} ms, "
        f"max {max(rest):,.0f} ms over {len(rest)} runs; {queries} queries"
    )
    if args.verify:
        start = time.perf_counter()
        verdict = audit.verify_chain()
        took = time.perf_counter() - start
        print(f"full verification: {took:,.1f} s, {verdict.verified:,} events, intact: {verdict.intact}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
