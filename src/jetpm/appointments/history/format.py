"""The participant-history interchange format (formats/participant-history.md), pure: no ORM.

:func:`read_table` turns a CSV (UTF-8, with or without BOM) or XLSX (first sheet) file into a header and rows
of text; :func:`parse_rows` checks every rule of the format and returns the rows as :class:`HistoryRow` with
every error as a :class:`RowError` (row number as in the spreadsheet: the header is row 1). What the
database knows (countries, contracting organisations, languages, participants already recorded) comes in as
plain data, so the checks are the same for the command line, the web page and the tests.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jetpm.planning import job_types

COLUMNS: tuple[str, ...] = (
    "jet_id",
    "fiscal_year",
    "cohort_year",
    "year_on_programme",
    "country",
    "job_type",
    "contracting_org",
    "language",
)
REQUIRED: frozenset[str] = frozenset({"jet_id", "fiscal_year", "cohort_year", "country", "job_type"})
JOB_TYPES: tuple[str, ...] = ("ALT", "CIR", "SEA")
MIN_YEAR, MAX_YEAR = 1987, 2100
MAX_JET_ID = 20


class HistoryFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, not UTF-8, no header)."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = the header
    column: str  # a column name, or "" for the file/row as a whole
    reason: str

    def __str__(self) -> str:
        return (
            f"row {self.row}, {self.column}: {self.reason}"
            if self.column
            else f"row {self.row}: {self.reason}"
        )


@dataclass(frozen=True)
class HistoryRow:
    row: int
    jet_id: str
    fiscal_year: int
    cohort_year: int
    year_on_programme: int  # computed when the file leaves it blank
    country: str
    job_type: str
    contracting_org: str  # "" = not given
    language: str  # "" = not given


@dataclass(frozen=True)
class KnownParticipant:
    """A participant already in the database: what a file must agree with."""

    cohort_year: int
    country: str


@dataclass(frozen=True)
class Reference:
    """What the platform knows, as codes."""

    countries: frozenset[str]
    contracting_orgs: frozenset[str]  # 6-digit local-government codes and platform codes
    languages: frozenset[str]
    participants: Mapping[str, KnownParticipant]


# --- reading ----------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unquoted(text: str) -> str:
    """A CSV cell as typed: the platform's exports put a ``'`` before text a spreadsheet would read as a
    formula (``'=…``), so that ``'`` is not part of the value."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HistoryFileError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        return [[_unquoted(c).strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise HistoryFileError(f"the file is not valid CSV ({exc})") from exc


def read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            names = set(z.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise HistoryFileError("the file is not an XLSX workbook")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise HistoryFileError("the file is not an XLSX workbook") from exc
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_table(content: bytes, *, fmt: str) -> list[list[str]]:
    """The file's rows of text (``fmt``: ``csv`` or ``xlsx``)."""
    if fmt == "csv":
        return read_csv(content)
    if fmt == "xlsx":
        return read_xlsx(content)
    raise HistoryFileError(f"unknown format {fmt!r}: use a .csv or .xlsx file")


# --- checking ---------------------------------------------------------------------------------------


def _year(value: str) -> int | None:
    if not value or not (value.isascii() and value.lstrip("-").isdigit()):
        return None
    return int(value)


def parse_rows(table: Sequence[Sequence[str]], ref: Reference) -> tuple[list[HistoryRow], list[RowError]]:
    """Every row of ``table`` (header first) checked against the format and ``ref``."""
    errors: list[RowError] = []
    if not table or not any(table[0]):
        return [], [RowError(1, "", "the header row is missing")]
    header = list(table[0])
    while header and header[-1] == "":
        header.pop()
    seen: set[str] = set()
    for name in header:
        if name == "":
            errors.append(RowError(1, "", "a column has no name"))
        elif name not in COLUMNS:
            errors.append(RowError(1, name, f"unknown column (the columns are {', '.join(COLUMNS)})"))
        elif name in seen:
            errors.append(RowError(1, name, "the column appears twice"))
        seen.add(name)
    for name in COLUMNS:
        if name in REQUIRED and name not in seen:
            errors.append(RowError(1, name, "required column missing"))
    if errors:
        return [], errors
    index = {name: i for i, name in enumerate(header)}

    rows: list[HistoryRow] = []
    first_seen: dict[str, tuple[int, int, str]] = {}  # jet_id → (row, cohort_year, country) of its first row
    keys: dict[tuple[str, int], int] = {}  # (jet_id, fiscal_year) → row
    for n, raw in enumerate(table[1:], start=2):
        if not any(c for c in raw):
            continue  # a blank line
        if len(raw) > len(header) and any(raw[len(header) :]):
            errors.append(RowError(n, "", "more cells than columns in the header"))
            continue
        values = {name: (raw[i] if i < len(raw) else "") for name, i in index.items()}
        row_errors: list[RowError] = []

        def bad(column: str, reason: str, _n: int = n, _errs: list[RowError] = row_errors) -> None:
            _errs.append(RowError(_n, column, reason))

        jet_id = values["jet_id"]
        if not jet_id:
            bad("jet_id", "required")
        elif len(jet_id) > MAX_JET_ID:
            bad("jet_id", f"at most {MAX_JET_ID} characters (has {len(jet_id)})")
        years: dict[str, int] = {}
        for column in ("fiscal_year", "cohort_year"):
            v = values[column]
            y = _year(v)
            if not v:
                bad(column, "required")
            elif y is None:
                bad(column, f"not an integer: {v!r}")
            elif not MIN_YEAR <= y <= MAX_YEAR:
                bad(column, f"{y} is outside {MIN_YEAR}–{MAX_YEAR}")
            else:
                years[column] = y
        fy, cy = years.get("fiscal_year"), years.get("cohort_year")
        if fy is not None and cy is not None and cy > fy:
            bad("cohort_year", f"{cy} is after fiscal_year {fy}")
            cy = None
        yop_text = values.get("year_on_programme", "")
        yop: int | None = None
        if fy is not None and cy is not None:
            yop = fy - cy + 1
            if yop_text:
                given = _year(yop_text)
                if given is None:
                    bad("year_on_programme", f"not an integer: {yop_text!r}")
                elif given != yop:
                    bad("year_on_programme", f"{given} is not fiscal_year - cohort_year + 1 = {yop}")
        elif yop_text and _year(yop_text) is None:
            bad("year_on_programme", f"not an integer: {yop_text!r}")
        country = values["country"]
        if not country:
            bad("country", "required")
        elif country not in ref.countries:
            bad("country", f"unknown country code {country!r} (ISO 3166-1 alpha-2)")
        job_type = values["job_type"]
        if not job_type:
            bad("job_type", "required")
        elif job_type not in JOB_TYPES:
            bad("job_type", f"{job_type!r} is not one of {', '.join(JOB_TYPES)}")
        co = values.get("contracting_org", "")
        if co and co not in ref.contracting_orgs:
            bad("contracting_org", f"unknown contracting organisation {co!r}")
        elif fy is not None and not job_types.job_type_exists(job_type, fy):
            bad(
                "job_type", f"{job_type} exists from FY{job_types.FIRST_FISCAL_YEAR[job_type]}, not in FY{fy}"
            )
        language = values.get("language", "")
        if language and language not in ref.languages:
            bad("language", f"unknown language code {language!r} (ISO 639-1)")
        elif language and job_type in JOB_TYPES and not job_types.language_allowed(job_type, language):
            bad(
                "language",
                f"{language!r} is not a language of {job_type} ({', '.join(job_types.ALT_LANGUAGES)})",
            )

        # one cohort_year and country per participant, across the file and the database
        if jet_id and len(jet_id) <= MAX_JET_ID:
            known = ref.participants.get(jet_id)
            if known is not None:
                if cy is not None and cy != known.cohort_year:
                    bad("cohort_year", f"{cy} differs from {known.cohort_year} already recorded for {jet_id}")
                if country and country != known.country:
                    bad("country", f"{country} differs from {known.country} already recorded for {jet_id}")
            first = first_seen.get(jet_id)
            if known is not None:
                pass  # the database is the reference (checked above)
            elif first is None:
                if cy is not None and country:
                    first_seen[jet_id] = (n, cy, country)
            else:
                if cy is not None and cy != first[1]:
                    bad("cohort_year", f"{cy} differs from {first[1]} in row {first[0]} for {jet_id}")
                if country and country != first[2]:
                    bad("country", f"{country} differs from {first[2]} in row {first[0]} for {jet_id}")
            if fy is not None:
                dup = keys.get((jet_id, fy))
                if dup is not None:
                    bad("fiscal_year", f"{jet_id} in {fy} already given in row {dup}")
                else:
                    keys[(jet_id, fy)] = n

        if row_errors:
            errors.extend(row_errors)
            continue
        assert fy is not None and cy is not None and yop is not None
        rows.append(
            HistoryRow(
                row=n,
                jet_id=jet_id,
                fiscal_year=fy,
                cohort_year=cy,
                year_on_programme=yop,
                country=country,
                job_type=job_type,
                contracting_org=co,
                language=language,
            )
        )
    return rows, errors


def to_table(rows: Iterable[HistoryRow]) -> list[list[Any]]:
    """The rows as the format's table, header first (sorted by jet_id and fiscal year)."""
    out: list[list[Any]] = [list(COLUMNS)]
    for r in sorted(rows, key=lambda r: (r.jet_id, r.fiscal_year)):
        out.append(
            [
                r.jet_id,
                r.fiscal_year,
                r.cohort_year,
                r.year_on_programme,
                r.country,
                r.job_type,
                r.contracting_org,
                r.language,
            ]
        )
    return out
