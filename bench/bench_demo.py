"""Benchmark: load the demo world into a fresh database and report wall time and peak memory.

    .venv/bin/python bench/bench_demo.py                       # a temporary SQLite database
    .venv/bin/python bench/bench_demo.py --database-url postgres://postgres@127.0.0.1:5432/jetpm_bench

The PostgreSQL database must exist and be empty (create it with ``psql -c 'create database …'``, drop it
afterwards); the script migrates it. Prints one Markdown table row (``--header`` adds the header).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

HEADER = (
    "| database | scale | seed | organisations | persons | migrate (s) | load (s) "
    "| peak RSS before load (MiB) | peak RSS (MiB) |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="an empty database to use (default: a temporary SQLite file)")
    parser.add_argument("--scale", default="full", choices=["small", "full"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--header", action="store_true", help="print the Markdown table header first")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="jetpm-bench-"))
    try:
        # Everything the settings read comes from the environment: set it before django.setup().
        os.environ["JETPM_VAR_DIR"] = str(tmp)
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "jetpm.settings"
        sys.path.insert(0, str(SRC))

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from jetpm.core.models import Organisation, Person
        from jetpm.demo.generator import build_world

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        t_migrate = time.perf_counter() - t0
        rss_before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

        t0 = time.perf_counter()
        build_world(scale=args.scale, seed=args.seed)
        t_load = time.perf_counter() - t0
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        version = ".".join(str(part) for part in connection.get_database_version())
        label = f"{connection.display_name} {version}"
        if args.header:
            print(HEADER)
        print(
            f"| {label} | {args.scale} | {args.seed} | {Organisation.objects.count():,} | "
            f"{Person.objects.count():,} | {t_migrate:.2f} | {t_load:.2f} | "
            f"{rss_before_mib:.0f} | {peak_mib:.0f} |"
        )
        connection.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
