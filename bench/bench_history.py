"""Benchmark: import 200,000 rows of participant history and compute the two statistics.

    .venv/bin/python bench/bench_history.py                       # a temporary SQLite database
    .venv/bin/python bench/bench_history.py --database-url postgres://postgres@127.0.0.1:5432/jetpm_bench_h

The history spans 40 programme years (FY1987–FY2026): cohorts of about 1,400–2,000 new participants a year
with the seed's retention (about 83 % into year 2, 72 % into 3, 67 % into 4, 62 % into 5), so about 5,000
participants a year, as in the seed. The PostgreSQL database must exist and be empty; the script migrates it.
Each command runs as the real ``jetpm`` console command in a subprocess (wall time includes Django's start-up)
and, for comparison, in-process through ``call_command``. Prints Markdown table rows (``--header`` first).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
JETPM = ROOT / ".venv" / "bin" / "jetpm"
ROWS = 200_000
FIRST_FY, LAST_FY = 1987, 2026
RETENTION = [0.83, 0.72, 0.67, 0.62]  # into years 2, 3, 4, 5
COUNTRIES = {
    "US": 50,
    "GB": 13,
    "CA": 9,
    "PH": 6,
    "AU": 5,
    "NZ": 3,
    "ZA": 3,
    "IE": 2,
    "CN": 1,
    "KR": 1,
    "FR": 1,
}
JOBS = {"ALT": 90, "CIR": 9, "SEA": 1}
N_COS = 200

HEADER = (
    "| database | rows | participants | import CLI (s) | import in-process (s) | re-import CLI (s) "
    "| stats retention CLI / in-process (s) | stats participants CLI / in-process (s) |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def history_csv(path: Path, co_codes: list[str], seed: int = 1) -> tuple[int, int]:
    """Write the history file; (rows, participants)."""
    rng = random.Random(seed)
    countries, cw = list(COUNTRIES), list(COUNTRIES.values())
    jobs, jw = list(JOBS), list(JOBS.values())
    rows: list[list[object]] = []
    participants = 0
    for cohort in range(FIRST_FY, LAST_FY + 1):
        size = rng.randint(1_400, 2_000)
        if cohort == LAST_FY:  # the last cohort has one year: it makes the total exact
            size = ROWS - len(rows)
        for k in range(size):
            participants += 1
            jet_id = f"B{cohort}{k:05d}"
            country, job = rng.choices(countries, cw)[0], rng.choices(jobs, jw)[0]
            co = rng.choice(co_codes)
            years = 1
            while years < 5 and cohort + years <= LAST_FY and rng.random() < RETENTION[years - 1]:
                years += 1
            for fy in range(cohort, cohort + years):
                rows.append(
                    [jet_id, fy, cohort, fy - cohort + 1, country, job, co, "en" if job != "SEA" else ""]
                )
        if len(rows) >= ROWS:
            break
    rows = rows[:ROWS]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "jet_id",
            "fiscal_year",
            "cohort_year",
            "year_on_programme",
            "country",
            "job_type",
            "contracting_org",
            "language",
        ]
    )
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return len(rows), len({r[0] for r in rows})


def timed_cli(*args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(JETPM), *args], check=True, stdout=subprocess.DEVNULL, env=os.environ.copy())
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="an empty database to use (default: a temporary SQLite file)")
    parser.add_argument("--header", action="store_true", help="print the Markdown table header first")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="jetpm-bench-history-"))
    try:
        os.environ["JETPM_VAR_DIR"] = str(tmp)
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "jetpm.settings"
        sys.path.insert(0, str(SRC))

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from jetpm.appointments.models import AppointmentTerm, Participant
        from jetpm.core.models import Organisation, Person, Prefecture
        from jetpm.core.states import COKind, OrgKind
        from jetpm.demo.world.core import lg_code

        call_command("migrate", verbosity=0, interactive=False)
        prefs = list(Prefecture.objects.order_by("code"))
        Organisation.objects.bulk_create(
            Organisation(
                kind=OrgKind.CONTRACTING_ORG,
                code=f"co-bench-{i}",
                name_en=f"Bench CO {i}",
                name_ja=f"ベンチ{i}",
                co_kind=COKind.MUNICIPALITY,
                prefecture=prefs[i % 47],
                lg_code=lg_code(f"{prefs[i % 47].code}{200 + i:03d}"),
            )
            for i in range(N_COS)
        )
        co_codes = list(Organisation.objects.values_list("lg_code", flat=True))
        path = tmp / "history.csv"
        n_rows, n_participants = history_csv(path, co_codes)
        connection.close()

        t_import = timed_cli("import-history", str(path))
        t_reimport = timed_cli("import-history", str(path))
        assert AppointmentTerm.objects.count() == n_rows and Participant.objects.count() == n_participants
        stats_r = [
            "stats",
            "retention",
            "--from-fy",
            str(FIRST_FY),
            "--to-fy",
            str(LAST_FY),
            "--format",
            "csv",
        ]
        stats_p = ["stats", "participants", "--fy", "2024", "--format", "csv"]
        t_ret_cli = timed_cli(*stats_r)
        t_par_cli = timed_cli(*stats_p)
        t0 = time.perf_counter()
        call_command(*stats_r, stdout=io.StringIO())
        t_ret = time.perf_counter() - t0
        t0 = time.perf_counter()
        call_command(*stats_p, stdout=io.StringIO())
        t_par = time.perf_counter() - t0
        # the import in-process, into an emptied database
        AppointmentTerm.objects.all().delete()
        Participant.objects.all().delete()
        Person.objects.all().delete()
        t0 = time.perf_counter()
        call_command("import-history", str(path), stdout=io.StringIO())
        t_import_in = time.perf_counter() - t0

        version = ".".join(str(part) for part in connection.get_database_version())
        label = f"{connection.display_name} {version}"
        if args.header:
            print(HEADER)
        print(
            f"| {label} | {n_rows:,} | {n_participants:,} | {t_import:.1f} | {t_import_in:.1f} "
            f"| {t_reimport:.1f} "
            f"| {t_ret_cli:.2f} / {t_ret:.2f} | {t_par_cli:.2f} / {t_par:.2f} |"
        )
        connection.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
