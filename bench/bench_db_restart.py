"""The database restarted while applicants submit: nothing half-written, and the app serves again at once.

A throwaway PostgreSQL cluster of its own (``initdb`` into a temporary folder, on a free port; run as the
``postgres`` user when started as root) — never the shared server on 5432 — holds a fresh, migrated database
with the deadline rush's world (bench_entrance_load.build_world: N applicants with complete drafts but for
the documents). The app is served by gunicorn with persistent connections (``JETPM_DB_CONN_MAX_AGE=60``), as
in production. N applicants log in, upload their three documents and submit (every other one double-clicks),
with a short reading time; once ``--restart-at`` of them (a fraction) have submitted, the cluster is stopped
(``pg_ctl stop -m fast``: every session cut, open transactions aborted; ``-m immediate``: a crash, recovery
from the WAL on start), left down ``--down`` seconds, and started again. An applicant whose request fails
(5xx, or the connection refused) waits half a second and tries the same step again, as a person would,
until a deadline.

Checks (exit 1 when one fails): for every applicant, one application, either submitted exactly once (status,
submission time, one ``application.submit`` audit event, one "received" notice, the three required
documents) or still a draft with none of these; every document record has its file; the audit chain verifies
(``jetpm audit verify``); and no request that started after the cluster was accepting connections again
failed (persistent connections are checked before reuse: ``CONN_HEALTH_CHECKS``). Printed: the outage,
requests and failures before / during / after it, p50/p95 per phase, duplicate uploads (a retried upload
whose first try had in fact been saved), files left on disk by uploads whose transaction was rolled back.

    .venv/bin/python bench/bench_db_restart.py [--applicants 40] [--restart-at 0.3] [--down 2]
        [--mode fast|immediate] [--think MIN MAX (default 0.2 0.8)] [--workers 4] [--threads 2]
        [--no-health-checks]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench_entrance_load import (
    PASSWORD,
    ROOT,
    UPLOADS,
    Browser,
    Sample,
    World,
    build_world,
    free_port,
    pdf_bytes,
    percentile,
    png_bytes,
    wait_for,
)

PG_BIN = Path(os.environ.get("JETPM_PG_BIN", "/usr/lib/postgresql/15/bin"))
DB = "jetpm_restart"


@dataclass
class Cluster:
    """A PostgreSQL cluster of the benchmark's own."""

    base: Path
    port: int

    @property
    def data(self) -> Path:
        return self.base / "data"

    def _as_postgres(self, *cmd: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            self._as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.base / "server.log"),
                "-w",
                "-t",
                "120",
                *args,
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        subprocess.run(
            self._as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync"
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # its own port and socket folder in its configuration, so that every start uses them (never 5432)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nunix_socket_directories = '{self.base}'\n"
                "listen_addresses = '127.0.0.1'\nfsync = on\n"
            )
        self.pg_ctl("start")
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", DB], check=True
        )

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB}"


@dataclass
class Try:
    kind: str
    started: float
    ms: float
    status: int  # 0: no answer (connection refused or cut)


def applicant(
    port: int,
    username: str,
    app_id: int,
    files: dict[str, bytes],
    double_click: bool,
    think: tuple[float, float],
    tries: list[Try],
    lock: threading.Lock,
    errors: list[str],
    deadline: float,
) -> None:
    samples: list[Sample] = []
    b = Browser(port, samples, threading.Lock())
    rng = random.Random(username)

    def step(kind: str, call, ok=lambda status: status in (200, 302)) -> int:  # type: ignore[no-untyped-def]
        """Do one step, again after a failure, until it answers as expected or the deadline passes."""
        while True:
            started = time.monotonic()
            try:
                status = call()
            except (OSError, http.client.HTTPException):
                status = 0
            with lock:
                tries.append(Try(kind, started, (time.monotonic() - started) * 1000, status))
            if ok(status):
                return status
            if time.monotonic() > deadline:
                errors.append(f"{username}: {kind} still failing ({status}) at the deadline")
                return status
            time.sleep(0.5)

    def pause() -> None:
        time.sleep(rng.uniform(*think))

    def logged_in() -> int:
        status, _body, _h = b.post_form(
            "log in", "/accounts/login/", {"username": username, "password": PASSWORD, "next": "/"}
        )
        return status if "sessionid" in b.cookies else 0

    try:
        step("login page", lambda: b.request("login page", "GET", "/accounts/login/")[0])
        pause()
        step("log in", logged_in, ok=lambda s: s == 302)
        pause()
        step(
            "documents page",
            lambda: b.request("documents", "GET", f"/applications/portal/{app_id}/documents/")[0],
        )
        for kind, ext in UPLOADS:
            pause()
            n = len(samples)

            def upload(kind: str = kind, ext: str = ext, n: int = n) -> int:
                b.post_file(
                    "upload",
                    f"/applications/portal/{app_id}/documents/",
                    {"kind": kind},
                    f"{kind}.{ext}",
                    files[ext],
                )
                return samples[-1].status if len(samples) > n else 0

            step("upload", upload, ok=lambda s: s == 302)
        pause()
        submit = f"/applications/portal/{app_id}/submit/"
        if double_click:
            second = Browser(port, [], threading.Lock(), cookies=dict(b.cookies))
            t = threading.Thread(target=lambda: _quiet(second.post_form, "submit", submit, {}))
            t.start()
        step("submit", lambda: b.post_form("submit", submit, {})[0], ok=lambda s: s == 302)
        if double_click:
            t.join()
        pause()
        step(
            "application page", lambda: b.request("application", "GET", f"/applications/portal/{app_id}/")[0]
        )
    except Exception as exc:
        errors.append(f"{username}: {type(exc).__name__}: {exc}")


def _quiet(fn, *args) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(OSError, http.client.HTTPException):
        fn(*args)


def verify(world: World, media: Path) -> tuple[list[str], dict[str, int]]:
    from django.db.models import Count

    from jetpm.applications.models import Application, Document, Notice
    from jetpm.applications.states import REQUIRED_DOCUMENTS
    from jetpm.core.models import AuditEvent

    problems: list[str] = []
    ids = [a for _u, a in world.applicants]
    apps = {a.pk: a for a in Application.objects.filter(pk__in=ids)}
    per_person = Counter(
        Application.objects.filter(person__user__username__in=[u for u, _a in world.applicants]).values_list(
            "person_id", flat=True
        )
    )
    if len(per_person) != len(ids) or set(per_person.values()) != {1}:
        problems.append(f"applications per applicant: {sorted(Counter(per_person.values()).items())}")
    submits = Counter(
        AuditEvent.objects.filter(
            action="application.submit", object_id__in=[str(i) for i in ids]
        ).values_list("object_id", flat=True)
    )
    received = Counter(
        Notice.objects.filter(application_id__in=ids, kind="received").values_list(
            "application_id", flat=True
        )
    )
    kinds: dict[int, Counter[str]] = {i: Counter() for i in ids}
    for app_id, kind in Document.objects.filter(application_id__in=ids).values_list("application_id", "kind"):
        kinds[app_id][kind] += 1
    figures = Counter()
    for app_id in ids:
        a = apps[app_id]
        if a.status == "submitted":
            figures["submitted"] += 1
            ok = (
                a.submitted_at is not None
                and submits[str(app_id)] == 1
                and received[app_id] == 1
                and all(kinds[app_id][k] >= 1 for k in REQUIRED_DOCUMENTS)
            )
            if not ok:
                problems.append(
                    f"application {a.reference}: submitted, with {submits[str(app_id)]} submission events, "
                    f"{received[app_id]} notices, documents {dict(kinds[app_id])}"
                )
        elif a.status == "draft":
            figures["draft"] += 1
            if a.submitted_at is not None or submits[str(app_id)] or received[app_id]:
                problems.append(f"application {a.reference}: a draft with traces of a submission")
        else:
            problems.append(f"application {a.reference}: status {a.status}")
        figures["duplicate uploads"] += sum(n - 1 for n in kinds[app_id].values() if n > 1)
    names = set(Document.objects.filter(application_id__in=ids).values_list("file", flat=True))
    missing = [n for n in names if not (media / n).is_file()]
    if missing:
        problems.append(f"{len(missing)} document records without their file")
    on_disk = {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}
    figures["files left by rolled-back uploads"] = len(on_disk - names)
    figures["documents"] = len(names)
    per_doc = Document.objects.filter(application_id__in=ids).values("application_id").annotate(n=Count("id"))
    figures["applications with documents"] = len(per_doc)
    return problems, dict(figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=40)
    parser.add_argument(
        "--restart-at", type=float, default=0.3, help="restart once this fraction of applicants has submitted"
    )
    parser.add_argument("--down", type=float, default=2.0, help="seconds the cluster stays stopped")
    parser.add_argument("--mode", choices=("fast", "immediate"), default="fast")
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 0.8), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds an applicant keeps trying")
    parser.add_argument(
        "--no-health-checks",
        action="store_true",
        help="persistent connections reused without a check (JETPM_DB_CONN_HEALTH_CHECKS=0), to compare",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="jetpm-bench-restart-"))
    tmp.chmod(0o711)  # the postgres user reaches its cluster's folder inside
    cluster = Cluster(base=tmp / "pg", port=free_port())
    cluster.base.mkdir()
    env = {
        "DATABASE_URL": cluster.url(),
        "JETPM_DEBUG": "0",
        "JETPM_SECRET_KEY": secrets.token_urlsafe(50),
        "JETPM_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JETPM_VAR_DIR": str(tmp / "var"),
        "JETPM_MEDIA_ROOT": str(tmp / "media"),
        "JETPM_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "JETPM_DB_CONN_MAX_AGE": "60",
        "JETPM_DB_CONN_HEALTH_CHECKS": "0" if args.no_health_checks else "1",
        "JETPM_ACCESS_LOG": "0",
        "DJANGO_SETTINGS_MODULE": "jetpm.settings",
    }
    os.environ.update(env)
    gunicorn: subprocess.Popen[bytes] | None = None
    failed: list[str] = []
    started_cluster = False
    try:
        cluster.init()
        started_cluster = True
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        world = build_world(args.applicants)
        connections.close_all()

        port = free_port()
        log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "jetpm.wsgi:application",
                "--preload",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
                f"--bind=127.0.0.1:{port}",
                "--timeout=120",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(port, gunicorn)
        for _ in range(4 * args.workers):  # every worker opens its persistent connection before the run
            Browser(port, [], threading.Lock()).request("warm", "GET", "/accounts/login/")
        files = {"pdf": pdf_bytes(), "png": png_bytes()}
        tries: list[Try] = []
        lock = threading.Lock()
        errors: list[str] = []
        t0 = time.monotonic()
        deadline = t0 + args.deadline
        threads = [
            threading.Thread(
                target=applicant,
                args=(port, u, a, files, i % 2 == 1, tuple(args.think), tries, lock, errors, deadline),
            )
            for i, (u, a) in enumerate(world.applicants)
        ]
        for t in threads:
            t.start()
        wanted = max(1, int(args.applicants * args.restart_at))
        while sum(1 for t in list(tries) if t.kind == "submit" and t.status == 302) < wanted:
            time.sleep(0.05)
        down = time.monotonic()
        cluster.pg_ctl("-m", args.mode, "stop")
        time.sleep(args.down)
        cluster.pg_ctl("start")  # returns when it accepts connections again (-w)
        up = time.monotonic()
        for t in threads:
            t.join()
        wall = time.monotonic() - t0

        def phase(t: Try) -> str:
            return "before" if t.started < down else ("during" if t.started < up else "after")

        print(f"date: {time.strftime('%a %b %d %H:%M:%S UTC %Y', time.gmtime())}  nproc: {os.cpu_count()}")
        print(
            f"applicants: {args.applicants} ({args.applicants // 2} double-clicking submit); think "
            f"{args.think[0]:g}–{args.think[1]:g} s; gunicorn {args.workers} × {args.threads}; persistent "
            f"connections checked before reuse: {'no' if args.no_health_checks else 'yes'}"
        )
        print(
            f"stopped (-m {args.mode}) at {down - t0:.1f} s, once {wanted} applicants had submitted; "
            f"accepting connections again {(up - down) * 1000:.0f} ms later; all done in {wall:.1f} s"
        )
        print()
        print("| phase | requests | failed (5xx or no answer) | p50 (ms) | p95 (ms) |")
        print("|---|---:|---:|---:|---:|")
        for name in ("before", "during", "after"):
            rows = [t for t in tries if phase(t) == name]
            bad = [t for t in rows if t.status == 0 or t.status >= 500]
            ms = [t.ms for t in rows] or [0.0]
            print(
                f"| {name} | {len(rows)} | {len(bad)} | {percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} |"
            )
        after_bad = [t for t in tries if phase(t) == "after" and (t.status == 0 or t.status >= 500)]
        if after_bad:
            failed.append(
                f"{len(after_bad)} requests failed after the database was back: "
                + ", ".join(f"{t.kind} {t.status}" for t in after_bad[:5])
            )
        failed += errors[:10]
        problems, figures = verify(world, tmp / "media")
        failed += problems
        print()
        print("after the run: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        audit = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "jetpm"), "audit", "verify"],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        print("jetpm audit verify:", audit.stdout.strip() or audit.stderr.strip())
        if audit.returncode != 0:
            failed.append("the audit chain does not verify")
        print(
            "nothing half-written: "
            + ("yes" if not problems else "NO")
            + f"; every request after the restart answered: {'yes' if not after_bad else 'NO'}"
        )
    except BaseException:
        print(
            (tmp / "gunicorn.log").read_text(errors="replace")[-4000:]
            if (tmp / "gunicorn.log").exists()
            else ""
        )
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
        if started_cluster:
            subprocess.run(
                cluster._as_postgres(
                    str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop"
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(tmp, ignore_errors=True)
    for problem in failed:
        print("FAILED:", problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
