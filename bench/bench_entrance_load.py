"""The last hour before an intake deadline: concurrent applicants upload their documents and submit.

A fresh PostgreSQL database (``jetpm_bench_<pid>`` on 127.0.0.1:5432, trust authentication) is created and
migrated; a minimal world is written into it: the next intake year's cycle whose intake window is open today
and closes tomorrow, its approved guideline with criteria, one mission (the UK), and N pre-verified applicant
accounts whose applications are complete drafts but for the documents (every form step saved, both referees
invited). The app is then served by gunicorn (DEBUG off, as in docs/operations.md) and N threads, all
started at once, each act as one applicant through HTTP: the login page, log in, the portal, the documents
page, three uploads (a real small PDF or PNG each, multipart), the review page, submit, the application page.
Every other applicant double-clicks: two submit POSTs at the same moment on two connections.

Checks (exit status 1 when one fails): no 5xx and every response the expected one (302 after a POST, 200
for a page); in the database every applicant's application submitted exactly once (one application per
person, status submitted, one ``application.submit`` audit event, one "received" notice, three documents).
Printed: requests, p50/p95/max latency per kind of request and overall. The database is dropped at the end.

    .venv/bin/python bench/bench_entrance_load.py [--applicants 50] [--workers 4] [--threads 2]
        [--think MIN MAX (default 1 3)] [--ramp SECONDS] [--login-first] [--keep]

Each applicant is a person: between two requests they read the page for 1–3 s (``--think``, as locust's
``between(1, 3)``); all 50 start at the same instant unless ``--ramp`` spreads them.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
PASSWORD = "bench-applicant-2026"
UPLOADS = (("transcript", "pdf"), ("degree", "pdf"), ("nationality", "png"))
TARGET_P95_MS = 500.0


# --- the files uploaded ----------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.drawString(72, 720, "Benchmark document (not a real document)")
    c.showPage()
    c.save()
    return buf.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 250), (230, 236, 242)).save(buf, format="PNG")
    return buf.getvalue()


# --- a minimal HTTP client with cookies ------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int
    ms: float
    ok: bool


@dataclass
class Browser:
    port: int
    samples: list[Sample]
    lock: threading.Lock
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        expect: int = 200,
    ) -> tuple[int, bytes, dict[str, str]]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": f"http://127.0.0.1:{self.port}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        for raw in resp.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        with self.lock:
            self.samples.append(Sample(kind, resp.status, ms, resp.status == expect))
        return resp.status, data, {k.lower(): v for k, v in resp.headers.items()}

    def post_form(self, kind: str, path: str, fields: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request(
            kind,
            "POST",
            path,
            body=urlencode(fields).encode(),
            content_type="application/x-www-form-urlencoded",
            expect=302,
        )

    def post_file(self, kind: str, path: str, fields: dict[str, str], filename: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        ctype = "application/pdf" if filename.endswith(".pdf") else "image/png"
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        self.request(
            kind,
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
            expect=302,
        )


# --- the world -------------------------------------------------------------------------------------------


@dataclass
class World:
    year: int
    deadline: date
    applicants: list[tuple[str, int]]  # (username, application id)


def build_world(n: int) -> World:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from jetpm.applications.models import Application, Referee
    from jetpm.applications.portal.selectors import FORM_STEPS
    from jetpm.core.calendar import default_milestone_dates
    from jetpm.core.models import (
        Country,
        Language,
        Milestone,
        Organisation,
        Person,
        Prefecture,
        RecruitmentCycle,
        User,
    )
    from jetpm.core.states import MilestoneKind, OrgKind, PersonKind
    from jetpm.demo.world.entrance import STATEMENT
    from jetpm.demo.world.planning_guidelines import CRITERIA
    from jetpm.planning.models import Criterion, Guideline
    from jetpm.planning.states import GuidelineStatus

    today = timezone.localdate()
    year = today.year + 1  # the intake whose applications are taken in the autumn before it
    deadline = today + timedelta(days=1)
    gb, en = Country.objects.get(code="GB"), Language.objects.get(code="en")
    prefs = list(Prefecture.objects.order_by("code")[:3])
    mission = Organisation.objects.create(
        kind=OrgKind.MISSION,
        code="mission-gb-bench",
        name_ja="在英国日本国大使館",
        name_en="Embassy of Japan in the UK",
    )
    mission.countries.add(gb)
    cycle = RecruitmentCycle.objects.create(intake_year=year)
    dates = default_milestone_dates(year)
    dates[MilestoneKind.INTAKE] = (today - timedelta(days=70), deadline)
    Milestone.objects.bulk_create(
        Milestone(cycle=cycle, kind=kind, starts_on=start, ends_on=end)
        for kind, (start, end) in dates.items()
    )
    g = Guideline.objects.create(
        intake_year=year,
        version=1,
        status=GuidelineStatus.APPROVED,
        approved_at=timezone.now(),
        former_participant_gap_years=5,
        lifetime_cap_years=5,
        max_years_in_japan=6,
        cir_japanese_level="N2",
        statement_max_words=1200,
        text_ja="ベンチマーク用の募集要項です。",
        text_en="The benchmark's guidelines.",
    )
    Criterion.objects.bulk_create(
        Criterion(
            guideline=g,
            stage=stage,
            code=code,
            name_ja=ja,
            name_en=en_name,
            weight=weight,
            scale_min=lo,
            scale_max=hi,
            order=i,
        )
        for i, (stage, code, ja, en_name, weight, lo, hi) in enumerate(CRITERIA)
    )
    password = make_password(PASSWORD)  # Argon2, hashed once
    users = User.objects.bulk_create(
        User(
            username=f"bench.applicant.{i}@example.org",
            email=f"bench.applicant.{i}@example.org",
            password=password,
            first_name="Bench",
            last_name=f"Applicant{i}",
            language="en",
            is_active=True,
        )
        for i in range(n)
    )
    persons = Person.objects.bulk_create(
        Person(
            kind=PersonKind.APPLICANT,
            user=u,
            family_name=f"Benchmark{i}",
            given_name="Alex",
            birth_date=date(1995, 1, 1) + timedelta(days=37 * i),
            email=u.email,
            nationality=gb,
            mission=mission,
        )
        for i, u in enumerate(users)
    )
    statement = " ".join(STATEMENT[:10])
    apps = Application.objects.bulk_create(
        Application(
            reference=f"{year}-GB-B{i:05d}",
            person=p,
            intake_year=year,
            mission=mission,
            country=gb,
            job_type="ALT",
            language=en,
            status="draft",
            steps_done=list(FORM_STEPS),
            passport_family_name=p.family_name,
            passport_given_names=p.given_name,
            birth_date=p.birth_date,
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
            preference_1=prefs[0],
            preference_2=prefs[1],
            preference_3=prefs[2],
            preference_reasons="Rural life.",
            medical_fit=True,
            statement=statement,
            declaration_true=True,
            declaration_consent=True,
        )
        for i, p in enumerate(persons)
    )
    now = timezone.now()
    Referee.objects.bulk_create(
        Referee(
            application=a,
            order=order,
            name=f"Referee {order}",
            email=f"referee{order}.{a.pk}@example.org",
            relationship="Professor",
            invited_at=now,
            expires_at=now + timedelta(days=14),
        )
        for a in apps
        for order in (1, 2)
    )
    return World(
        year=year,
        deadline=deadline,
        applicants=[(u.username, a.pk) for u, a in zip(users, apps, strict=True)],
    )


# --- one applicant ---------------------------------------------------------------------------------------


def applicant(
    port: int,
    username: str,
    app_id: int,
    files: dict[str, bytes],
    double_click: bool,
    samples: list[Sample],
    lock: threading.Lock,
    barrier: threading.Barrier,
    errors: list[str],
    delay: float,
    after_login: threading.Barrier | None,
    think: tuple[float, float] = (0.0, 0.0),
) -> None:
    b = Browser(port, samples, lock)
    rng = random.Random(username)

    def pause() -> None:  # with --think: a person reads the page before the next click (locust's "between")
        if think[1] > 0:
            time.sleep(rng.uniform(*think))

    try:
        barrier.wait()
        time.sleep(delay)  # with --ramp: arrivals spread over the ramp
        b.request("login page", "GET", "/accounts/login/")
        pause()
        status, _body, headers = b.post_form(
            "log in",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "next": "/applications/portal/"},
        )
        logged_in = status == 302 and "sessionid" in b.cookies
        if after_login is not None:
            after_login.wait()  # --login-first: the uploads and submissions start together
        if not logged_in:
            errors.append(f"{username}: login failed ({status} {headers.get('location', '')})")
            return
        pause()
        b.request("portal", "GET", "/applications/portal/")
        pause()
        b.request("documents page", "GET", f"/applications/portal/{app_id}/documents/")
        for kind, ext in UPLOADS:
            pause()
            b.post_file(
                "upload",
                f"/applications/portal/{app_id}/documents/",
                {"kind": kind},
                f"{kind}.{ext}",
                files[ext],
            )
        pause()
        b.request("review page", "GET", f"/applications/portal/{app_id}/")
        pause()
        submit = f"/applications/portal/{app_id}/submit/"
        if double_click:
            second = Browser(port, samples, lock, cookies=dict(b.cookies))
            t = threading.Thread(target=second.post_form, args=("submit (double-click)", submit, {}))
            t.start()
            b.post_form("submit (double-click)", submit, {})
            t.join()
        else:
            b.post_form("submit", submit, {})
        pause()
        _s, body, _h = b.request("application page", "GET", f"/applications/portal/{app_id}/")
        if b"receipt" not in body.lower():
            errors.append(f"{username}: the application page after submitting shows no receipt link")
    except Exception as exc:
        errors.append(f"{username}: {type(exc).__name__}: {exc}")


# --- figures ---------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))
    return ordered[k]


def table(samples: list[Sample]) -> list[tuple[str, int, int, float, float, float]]:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    order = [
        "login page",
        "log in",
        "portal",
        "documents page",
        "upload",
        "review page",
        "submit",
        "submit (double-click)",
        "application page",
    ]
    rows = []
    for kind in [*order, *sorted(set(by_kind) - set(order))]:
        if kind not in by_kind:
            continue
        ms = [s.ms for s in by_kind[kind]]
        bad = sum(1 for s in by_kind[kind] if not s.ok)
        rows.append((kind, len(ms), bad, percentile(ms, 50), percentile(ms, 95), max(ms)))
    # the requests of signed-in applicants: what the rush asks once everyone has logged in (the log-ins are
    # Argon2 checks whose cost is set on purpose: docs/decisions/0003-password-hashing.md)
    after = [s for s in samples if s.kind not in ("login page", "log in")]
    if after and len(after) < len(samples):
        ms = [s.ms for s in after]
        rows.append(
            (
                "signed in (all but the log-in)",
                len(ms),
                sum(1 for s in after if not s.ok),
                percentile(ms, 50),
                percentile(ms, 95),
                max(ms),
            )
        )
    ms = [s.ms for s in samples]
    rows.append(
        ("all", len(ms), sum(1 for s in samples if not s.ok), percentile(ms, 50), percentile(ms, 95), max(ms))
    )
    return rows


def verify(world: World) -> list[str]:
    from django.db.models import Count

    from jetpm.applications.models import Application, Document, Notice
    from jetpm.core.models import AuditEvent, Person

    problems = []
    ids = [a for _u, a in world.applicants]
    persons = Person.objects.filter(user__username__in=[u for u, _a in world.applicants])
    per_person = Counter(Application.objects.filter(person__in=persons).values_list("person_id", flat=True))
    if len(per_person) != len(ids) or set(per_person.values()) != {1}:
        problems.append(f"applications per applicant: {sorted(Counter(per_person.values()).items())}")
    statuses = Counter(Application.objects.filter(pk__in=ids).values_list("status", flat=True))
    if statuses != Counter({"submitted": len(ids)}):
        problems.append(f"statuses: {dict(statuses)}")
    if Application.objects.filter(pk__in=ids, submitted_at__isnull=True).exists():
        problems.append("an application has no submission time")
    submits = Counter(
        AuditEvent.objects.filter(
            action="application.submit", object_id__in=[str(i) for i in ids]
        ).values_list("object_id", flat=True)
    )
    if len(submits) != len(ids) or set(submits.values()) != {1}:
        problems.append(
            f"submission audit events per application: {sorted(Counter(submits.values()).items())}"
        )
    received = Counter(
        Notice.objects.filter(application_id__in=ids, kind="received").values_list(
            "application_id", flat=True
        )
    )
    if len(received) != len(ids) or set(received.values()) != {1}:
        problems.append(f"'received' notices per application: {sorted(Counter(received.values()).items())}")
    docs = (
        Document.objects.filter(application_id__in=ids)
        .values("application_id")
        .annotate(n=Count("id"), kinds=Count("kind", distinct=True))
    )
    bad_docs = [d for d in docs if (d["n"], d["kinds"]) != (3, 3)]
    if len(docs) != len(ids) or bad_docs:
        problems.append(
            f"documents: {len(docs)} applications with documents, {len(bad_docs)} not exactly 3 kinds"
        )
    return problems


# --- main ------------------------------------------------------------------------------------------------


@dataclass
class Database:
    """The benchmark's own database: a SQLite file in the temporary folder, or a PostgreSQL database on the
    local server (trust authentication), created before and dropped after."""

    kind: str
    url: str
    name: str

    def create(self) -> None:
        if self.kind == "postgresql":
            subprocess.run(["createdb", *PG, self.name], check=True)

    def drop(self) -> None:
        if self.kind == "postgresql":
            subprocess.run(["dropdb", *PG, "--if-exists", "--force", self.name], check=False)


def database_for(kind: str, tmp: Path, name: str) -> Database:
    if kind == "sqlite":
        return Database(kind, f"sqlite:///{tmp / (name + '.sqlite3')}", name)
    return Database(kind, f"postgres://postgres@127.0.0.1:5432/{name}", name)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(master: int) -> list[int]:
    """The gunicorn master and its workers."""
    pids = [master]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def database_pids(database: Database) -> list[int]:
    """The PostgreSQL server processes serving the benchmark's database (none for SQLite)."""
    if database.kind != "postgresql":
        return []
    out = subprocess.run(
        ["psql", *PG, "-At", "-c", f"SELECT pid FROM pg_stat_activity WHERE datname = '{database.name}'"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [int(line) for line in out.split() if line.strip().isdigit()]


def cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: _cpu_seconds(pid) for pid in pids}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument(
        "--database",
        choices=("postgresql", "sqlite"),
        default="postgresql",
        help="a fresh PostgreSQL database on 127.0.0.1:5432, or a SQLite file (WAL) in a temporary folder",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="spread the arrivals evenly over this many seconds"
    )
    parser.add_argument(
        "--login-first", action="store_true", help="everyone logs in, then all upload and submit at once"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds each applicant waits between two requests, uniformly drawn (as locust's between()); "
        "0 0 fires every request at once (a stress test, not people)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database (not dropped)")
    args = parser.parse_args()
    if args.applicants < 2:
        parser.error("--applicants must be at least 2")

    tmp = Path(tempfile.mkdtemp(prefix="jetpm-bench-"))
    database = database_for(args.database, tmp, f"jetpm_bench_{os.getpid()}")
    db = database.name
    env = {
        "DATABASE_URL": database.url,
        "JETPM_DEBUG": "0",
        "JETPM_SECRET_KEY": secrets.token_urlsafe(50),
        "JETPM_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JETPM_VAR_DIR": str(tmp / "var"),
        "JETPM_MEDIA_ROOT": str(tmp / "media"),
        "JETPM_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "JETPM_DB_CONN_MAX_AGE": "60",  # as in docs/operations.md
        "DJANGO_SETTINGS_MODULE": "jetpm.settings",
    }
    os.environ.update(env)
    database.create()
    gunicorn: subprocess.Popen[bytes] | None = None
    failed: list[str] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        world = build_world(args.applicants)
        setup_s = time.perf_counter() - t0
        connections.close_all()

        port = free_port()
        log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "jetpm.wsgi:application",
                "--preload",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(port, gunicorn)
        # warm every worker (imports, URL resolver, templates): not measured
        warm: list[Sample] = []
        for _ in range(4 * args.workers):
            Browser(port, warm, threading.Lock()).request("warm", "GET", "/accounts/login/")

        files = {"pdf": pdf_bytes(), "png": png_bytes()}
        from django.contrib.auth.hashers import check_password, make_password

        hashed = make_password(PASSWORD)
        t1 = time.perf_counter()
        check_password(PASSWORD, hashed)
        argon2_ms = (time.perf_counter() - t1) * 1000
        load_before = f"{os.getloadavg()[0]:.2f}"
        samples: list[Sample] = []
        lock = threading.Lock()
        errors: list[str] = []
        barrier = threading.Barrier(len(world.applicants))
        after_login = threading.Barrier(len(world.applicants)) if args.login_first else None
        threads = [
            threading.Thread(
                target=applicant,
                args=(
                    port,
                    username,
                    app_id,
                    files,
                    i % 2 == 1,
                    samples,
                    lock,
                    barrier,
                    errors,
                    args.ramp * i / len(world.applicants),
                    after_login,
                    tuple(args.think),
                ),
            )
            for i, (username, app_id) in enumerate(world.applicants)
        ]
        app_cpu = cpu_of(server_pids(gunicorn.pid))
        db_cpu = cpu_of(database_pids(database))  # the workers' persistent connections, opened above
        started = time.perf_counter()
        client_cpu = time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu  # this process: the applicants' HTTP clients
        # CPU spent by the app server and by the database server during the run: what the two cores had to
        # give, whatever else the machine was doing
        app_used = sum(v - app_cpu.get(pid, 0.0) for pid, v in cpu_of(server_pids(gunicorn.pid)).items())
        db_used = sum(v - db_cpu.get(pid, 0.0) for pid, v in cpu_of(database_pids(database)).items())

        rows = table(samples)
        print(f"date: {time.strftime('%a %b %d %H:%M:%S UTC %Y', time.gmtime())}  nproc: {os.cpu_count()}")
        print(f"load average before / after the run: {load_before} / {os.getloadavg()[0]:.2f}")
        print(
            f"one Argon2 password check here: {argon2_ms:.0f} ms; arrivals ramp: {args.ramp:.0f} s; "
            f"think time: {args.think[0]:g}–{args.think[1]:g} s; "
            f"login first: {'yes' if args.login_first else 'no'}"
        )
        print(
            f"applicants: {len(world.applicants)} concurrent, {len(world.applicants) // 2} "
            f"double-clicking submit; gunicorn {args.workers} workers × {args.threads} threads; "
            f"{args.database} {db}; set-up {setup_s:.1f} s; load wall time {wall:.2f} s; "
            f"{len(samples) / wall:.1f} requests/s"
        )
        n = len(world.applicants)
        print(
            f"CPU used during the run: app server {app_used:.1f} s, database server {db_used:.1f} s "
            f"({(app_used + db_used) / n * 1000:.0f} ms per applicant, {(app_used + db_used) / wall:.2f} of "
            f"{os.cpu_count()} CPUs on average); the load generator (this process) {client_cpu:.1f} s"
        )
        print()
        print("| request | count | unexpected status | p50 (ms) | p95 (ms) | max (ms) |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind, n, bad, p50, p95, mx in rows:
            print(f"| {kind} | {n} | {bad} | {p50:.0f} | {p95:.0f} | {mx:.0f} |")
        print()
        statuses = Counter(s.status for s in samples)
        print("statuses:", dict(sorted(statuses.items())))
        if any(s.status >= 500 for s in samples):
            failed.append(f"{sum(1 for s in samples if s.status >= 500)} responses with 5xx")
        if any(not s.ok for s in samples):
            failed.append(f"{sum(1 for s in samples if not s.ok)} responses not the expected status")
        failed += errors[:10]
        problems = verify(world)
        failed += problems
        print(
            f"submissions checked: {len(world.applicants)} applications, each submitted exactly once"
            if not problems
            else "submission checks FAILED"
        )
        overall_p95 = rows[-1][4]
        print(
            f"target: p95 < {TARGET_P95_MS:.0f} ms overall: "
            + ("met" if overall_p95 < TARGET_P95_MS else "NOT met")
        )
        if overall_p95 >= TARGET_P95_MS:
            failed.append(f"p95 {overall_p95:.0f} ms ≥ {TARGET_P95_MS:.0f} ms")
        server_errors = (tmp / "gunicorn.log").read_text(errors="replace")
        if "Traceback" in server_errors:
            failed.append("gunicorn logged a traceback (see below)")
            print(server_errors[-3000:])
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
        except Exception:  # Django may not be set up yet
            pass
        if not args.keep:
            database.drop()
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept: {database.url} and {tmp}")
    for problem in failed:
        print("FAILED:", problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
