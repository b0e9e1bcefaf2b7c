"""History files for the appointments tests, built from the published figures (/work/shared/data)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from jetpm.appointments.history.format import COLUMNS

DATA = Path("/work/shared/data")
REFERENCE = DATA / "retention_fy2022_2024.csv"
COUNTRIES = ["GB", "US", "IE", "AU"]
JOBS = ["ALT", "ALT", "ALT", "CIR", "ALT", "SEA"]


def reference_counts() -> dict[tuple[int, int], int]:
    with REFERENCE.open(encoding="utf-8") as f:
        return {
            (int(r["cohort_year"]), int(r["fiscal_year"])): int(r["participants"]) for r in csv.DictReader(f)
        }


def history_rows(
    counts: dict[tuple[int, int], int], *, first_fy: int = 2022, co_codes: tuple[str, ...] = ("210005",)
) -> list[dict[str, str]]:
    """One row per participant and fiscal year: participant k of a cohort serves in FY t while k < the
    count of (cohort, t), so a cohort's FY t participants are a subset of its FY t−1 participants."""
    rows: list[dict[str, str]] = []
    for cohort in sorted({c for c, _fy in counts}):
        years = sorted(fy for c, fy in counts if c == cohort)
        size = counts[(cohort, max(cohort, first_fy))]
        for k in range(size):
            jet_id = f"T{cohort}-{k:05d}"
            country = COUNTRIES[k % len(COUNTRIES)]
            job = JOBS[k % len(JOBS)]
            for fy in years:
                if k >= counts[(cohort, fy)]:
                    break
                rows.append(
                    {
                        "jet_id": jet_id,
                        "fiscal_year": str(fy),
                        "cohort_year": str(cohort),
                        "year_on_programme": str(fy - cohort + 1) if k % 2 else "",
                        "country": country,
                        "job_type": job,
                        "contracting_org": co_codes[k % len(co_codes)],
                        "language": "en" if job != "SEA" else "",
                    }
                )
    return rows


def csv_content(rows: list[dict[str, str]], *, columns: list[str] | None = None, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_content(rows: list[dict[str, str]], *, columns: list[str] | None = None) -> bytes:
    cols = columns or list(COLUMNS)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(cols)
    for r in rows:
        sheet.append([int(r[c]) if c.endswith("year") and r[c].isdigit() else r[c] for c in cols])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)
