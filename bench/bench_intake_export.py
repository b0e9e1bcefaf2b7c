"""The missions' intake export of 10,000 applications: time to the first byte and to the last.

A fresh database (SQLite in a temporary folder, or a PostgreSQL database ``jetpm_bench_export_<pid>`` on
127.0.0.1:5432) is migrated and given one mission with one staff member and N submitted applications of one
intake year (default 10,000), each with its three required documents and two referees, one of them with a
letter; one in ten fails an eligibility rule, one in fifty shares a name and birth date with another (the
duplicate flag). The app is served by gunicorn (DEBUG off); the staff member logs in and downloads
``/applications/intake/export/?format=csv&year=Y`` several times (and the XLSX once or more), over HTTP.

Printed per format: time to the response's first body byte and to its last (p50 and max over the runs), bytes,
rows. Checks (exit 1): every download a 200 with the header and N rows, each download one
``application.export`` audit event with the count, and the CSV's total time p50 under the 1 s target.

    .venv/bin/python bench/bench_intake_export.py [--database sqlite|postgresql] [--applications 10000]
        [--runs 5] [--xlsx-runs 1] [--workers 2] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench_entrance_load import ROOT, Browser, Sample, database_for, free_port, percentile, wait_for

PASSWORD = "bench-staff-export-2026"
TARGET_MS = 1000.0


def build_world(n: int) -> tuple[int, str]:
    """(intake year, staff username)."""
    from django.contrib.auth.hashers import make_password

    from jetpm.applications.models import Application, Document, Referee
    from jetpm.core import services
    from jetpm.core.models import Country, Language, Organisation, Person, User
    from jetpm.core.states import OrgKind, PersonKind

    year = 2027
    gb, en = Country.objects.get(code="GB"), Language.objects.get(code="en")
    mission = Organisation.objects.create(
        kind=OrgKind.MISSION,
        code="mission-gb-export",
        name_ja="在英国日本国大使館",
        name_en="Embassy of Japan in the UK",
    )
    mission.countries.add(gb)
    staff = User.objects.create(
        username="bench.export.staff@example.org",
        email="bench.export.staff@example.org",
        password=make_password(PASSWORD),
        language="en",
    )
    services.add_membership(actor=None, user=staff, organisation=mission, role="staff")
    persons = Person.objects.bulk_create(
        (
            Person(
                kind=PersonKind.APPLICANT,
                family_name=f"Export{i}",
                given_name="Alex",
                birth_date=date(1990, 1, 1) + timedelta(days=i % 3000),
                email=f"export.applicant.{i}@example.org",
                nationality=gb,
                mission=mission,
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    submitted = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    apps = Application.objects.bulk_create(
        (
            Application(
                reference=f"{year}-GB-E{i:06d}",
                person=p,
                intake_year=year,
                mission=mission,
                country=gb,
                job_type="ALT",
                language=en,
                status="submitted",
                submitted_at=submitted + timedelta(minutes=i),
                # one in fifty shares the family name and birth date of the one before: a possible duplicate
                passport_family_name=f"Export{i - 1 if i % 50 == 1 else i}",
                passport_given_names="Alex",
                birth_date=p.birth_date if i % 50 != 1 else persons[i - 1].birth_date,
                sex="X",
                email=p.email,
                phone="+44 20 7946 0000",
                address="1 Sample Street, London",
                nationality=gb,
                degree="bachelor",
                degree_subject="History",
                institution="Northfield University",
                degree_date=date(2022, 6, 30),
                language_ability="native",
                japanese_level="none",
                statement="I would like to teach.",
                declaration_true=True,
                declaration_consent=True,
                medical_fit=True,
                eligibility_failures=["degree"] if i % 10 == 0 else [],
            )
            for i, p in enumerate(persons)
        ),
        batch_size=2000,
    )
    Document.objects.bulk_create(
        (
            Document(
                application=a,
                kind=kind,
                file=f"applications/bench/{a.pk}-{kind}.pdf",
                original_name=f"{kind}.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
            )
            for a in apps
            for kind in ("transcript", "degree", "nationality")
        ),
        batch_size=2000,
    )
    letters = Document.objects.bulk_create(
        (
            Document(
                application=a,
                kind="reference",
                file=f"applications/bench/{a.pk}-letter.pdf",
                original_name="letter.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="1" * 64,
            )
            for a in apps
        ),
        batch_size=2000,
    )
    Referee.objects.bulk_create(
        (
            Referee(
                application=a,
                order=order,
                name=f"Referee {order}",
                email=f"referee{order}.{a.pk}@example.org",
                relationship="Professor",
                letter=letter if order == 1 else None,
                received_at=submitted if order == 1 else None,
            )
            for a, letter in zip(apps, letters, strict=True)
            for order in (1, 2)
        ),
        batch_size=2000,
    )
    return year, staff.username


def download(port: int, cookies: dict[str, str], path: str) -> tuple[int, float, float, bytes]:
    """(status, ms to the first body byte, ms to the last, body)."""
    headers = {"Host": f"127.0.0.1:{port}", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        first = resp.read(1)
        ttfb = (time.perf_counter() - started) * 1000
        body = first + resp.read()
        total = (time.perf_counter() - started) * 1000
    finally:
        conn.close()
    return resp.status, ttfb, total, body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xlsx-runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary folder")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="jetpm-bench-export-"))
    db = database_for(args.database, tmp, f"jetpm_bench_export_{os.getpid()}")
    env = {
        "DATABASE_URL": db.url,
        "JETPM_DEBUG": "0",
        "JETPM_SECRET_KEY": secrets.token_urlsafe(50),
        "JETPM_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JETPM_VAR_DIR": str(tmp / "var"),
        "JETPM_MEDIA_ROOT": str(tmp / "media"),
        "JETPM_DB_CONN_MAX_AGE": "60",
        "JETPM_ACCESS_LOG": "0",
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
        from django.db import connection, connections

        from jetpm.core.models import AuditEvent

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        year, username = build_world(args.applications)
        print(f"set-up (migrate and {args.applications:,} applications): {time.perf_counter() - t0:.1f} s")
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
        samples: list[Sample] = []
        b = Browser(port, samples, threading.Lock())
        b.request("login page", "GET", "/accounts/login/")
        status, _body, _h = b.post_form(
            "log in", "/accounts/login/", {"username": username, "password": PASSWORD, "next": "/"}
        )
        if status != 302 or "sessionid" not in b.cookies:
            raise RuntimeError(f"log in failed: {status}")
        for _ in range(args.workers):  # warm the workers (imports, templates): not measured
            b.request("intake list", "GET", f"/applications/intake/?year={year}")
        print("warm-up: intake list " + ", ".join(f"{s.status} in {s.ms:.0f} ms" for s in samples[2:]))

        events_before = AuditEvent.objects.filter(action="application.export").count()
        results: dict[str, list[tuple[float, float, int]]] = {"csv": [], "xlsx": []}
        print(f"date: {time.strftime('%a %b %d %H:%M:%S UTC %Y', time.gmtime())}  nproc: {os.cpu_count()}")
        print(
            f"load average before: {os.getloadavg()[0]:.2f}; database: {args.database} ({connection.vendor})"
        )
        for fmt, runs in (("csv", args.runs), ("xlsx", args.xlsx_runs)):
            for _ in range(runs):
                status, ttfb, total, body = download(
                    port, b.cookies, f"/applications/intake/export/?format={fmt}&year={year}"
                )
                if status != 200:
                    failed.append(f"{fmt}: status {status}")
                    continue
                if fmt == "csv":
                    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
                else:
                    from openpyxl import load_workbook

                    rows = list(
                        load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True)
                    )
                if len(rows) != args.applications + 1 or rows[0][0] != "Application number":
                    failed.append(f"{fmt}: {len(rows)} rows")
                results[fmt].append((ttfb, total, len(body)))
        events = AuditEvent.objects.filter(action="application.export").order_by("-id")
        made = events.count() - events_before
        if made != args.runs + args.xlsx_runs:
            failed.append(f"{made} audit events for {args.runs + args.xlsx_runs} downloads")
        if any(e.changes["rows"] != [None, args.applications] for e in events[: max(made, 0)]):
            failed.append("an audit event does not count the rows")
        print()
        columns = ["format", "runs", "first byte p50 (ms)", "first byte max (ms)", "total p50 (ms)"]
        print("| " + " | ".join([*columns, "total max (ms)", "bytes"]) + " |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for fmt, res in results.items():
            if not res:
                continue
            ttfbs, totals = [r[0] for r in res], [r[1] for r in res]
            print(
                f"| {fmt.upper()} | {len(res)} | {percentile(ttfbs, 50):.0f} | {max(ttfbs):.0f} | "
                f"{percentile(totals, 50):.0f} | {max(totals):.0f} | {res[0][2]:,} |"
            )
        csv_p50 = percentile([r[1] for r in results["csv"]], 50) if results["csv"] else float("inf")
        print(
            f"\ntarget: the CSV of {args.applications:,} applications under {TARGET_MS:.0f} ms (p50): "
            + ("met" if csv_p50 < TARGET_MS else "NOT met")
        )
        if csv_p50 >= TARGET_MS:
            failed.append(f"CSV p50 {csv_p50:.0f} ms")
    except BaseException:
        print((tmp / "gunicorn.log").read_text(errors="replace")[-5000:])
        raise
    else:
        server_log = (tmp / "gunicorn.log").read_text(errors="replace")
        if "Traceback" in server_log:
            failed.append("gunicorn logged a traceback")
            print(server_log[-3000:])
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
        if args.keep:
            print("kept", tmp)
        else:
            db.drop()
            shutil.rmtree(tmp, ignore_errors=True)
    for problem in failed:
        print("FAILED:", problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
