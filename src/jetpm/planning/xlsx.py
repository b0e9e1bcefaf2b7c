"""Spreadsheets of planning: the host organisations' request template (download and upload) and the
national demand export (XLSX and CSV with a BOM, for Excel in Japan)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jetpm.core import exports
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError
from jetpm.core.models import Language, Organisation
from jetpm.core.states import JapaneseLevel, JobType
from jetpm.planning.models import RequestLine
from jetpm.planning.selectors.demand import DemandSummary
from jetpm.planning.services.requests import ImportRow, LineData
from jetpm.planning.states import SchoolLevel, Setting

XLSX_CONTENT_TYPE = exports.XLSX_CONTENT_TYPE
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
SHEET = "requests"
COLUMNS = [
    "org_code",
    "org_name",
    "job_type",
    "language",
    "new_participants",
    "continuing",
    "school_levels",
    "japanese_level",
    "driving_licence",
    "sport",
    "setting",
    "note",
]
YES = {"yes", "y", "true", "1", "はい", "有", "要"}
NO = {"no", "n", "false", "0", "いいえ", "無", "不要", ""}


def _bold_header(ws: Worksheet, header: list[str]) -> None:
    exports.append_row(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def _to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the template ------------------------------------------------------------------------------------


# Coded columns with a drop-down of their values in the template (school_levels takes several: no drop-down).
TEMPLATE_ROWS_WITH_LISTS = 1000  # rows below the data that keep the drop-downs, for lines added by hand


def _add_lists(ws: Worksheet, languages: list[str]) -> None:
    lists = {
        "job_type": JobType.values,
        "language": languages,
        "japanese_level": JapaneseLevel.values,
        "driving_licence": ["yes", "no"],
        "setting": Setting.values,
    }
    last = ws.max_row + TEMPLATE_ROWS_WITH_LISTS
    for name, values in lists.items():
        column = get_column_letter(COLUMNS.index(name) + 1)
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not a value of the list"),
            error=_("Choose a value of the list."),
        )
        dv.add(f"{column}2:{column}{last}")
        ws.add_data_validation(dv)


def request_template(
    host: Organisation,
    intake_year: int,
    orgs: list[Organisation],
    lines: dict[int, list[RequestLine]],
    locked: set[int] | None = None,
) -> bytes:
    """One row per contracting organisation of the area whose request can still be changed (one per line
    where it already has lines), drop-downs for the coded columns, and a sheet of instructions; the
    organisations of ``locked`` (their request is submitted or further) are left out and named there."""
    locked = locked or set()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _bold_header(ws, COLUMNS)
    for org in orgs:
        if org.pk in locked:
            continue
        mine = lines.get(org.pk, [])
        if not mine:
            exports.append_row(ws, [org.code, org.name, "", "", None, None, "", "", "", "", "", ""])
        for line in mine:
            exports.append_row(
                ws,
                [
                    org.code,
                    org.name,
                    line.job_type,
                    line.language.code,
                    line.new_participants,
                    line.continuing,
                    ",".join(line.school_levels),
                    line.japanese_level,
                    "yes" if line.driving_licence else "no",
                    line.sport,
                    line.setting,
                    line.note,
                ],
            )
    for col, width in zip("ABCDEFGHIJKL", [14, 28, 9, 9, 16, 11, 30, 14, 14, 14, 9, 40], strict=True):
        ws.column_dimensions[col].width = width
    _add_lists(ws, sorted(Language.objects.filter(designated=True).values_list("code", flat=True)))
    info = wb.create_sheet("instructions")
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 100
    rows = [
        (_("Host organisation"), f"{host.name} ({host.code})"),
        (_("Intake"), fiscal_year_label(intake_year)),
        ("", ""),
        (
            _("How to fill in"),
            _(
                "One row per job type and designated language of a contracting organisation. Copy a row to "
                "add another line for the same organisation. Rows with an org_code and nothing else are "
                "ignored. Do not change, add or remove columns."
            ),
        ),
        (
            _("What is replaced"),
            _(
                "On upload, the lines of every organisation named in the file are replaced by the file's "
                "lines (its request stays a draft); if any row has a mistake, nothing is saved."
            ),
        ),
        ("org_code", _("the organisation's code (do not change)")),
        ("org_name", _("for reading only")),
        ("job_type", ", ".join(JobType.values)),
        ("language", _("designated language code, e.g. en, de, fr, zh, ko")),
        ("new_participants", _("whole number, 0 or more: new participants wanted")),
        ("continuing", _("whole number, 0 or more: current participants expected to stay")),
        ("school_levels", _("comma-separated: %(codes)s") % {"codes": ", ".join(SchoolLevel.values)}),
        ("japanese_level", _("CIR only: %(levels)s") % {"levels": ", ".join(JapaneseLevel.values)}),
        ("driving_licence", _("yes or no")),
        ("sport", _("SEA only: the sport (required for SEA)")),
        ("setting", ", ".join(Setting.values)),
        ("note", _("at most 500 characters")),
    ]
    left_out = [org for org in orgs if org.pk in locked]
    if left_out:
        rows.append(("", ""))
        rows.append(
            (
                _("Not in the file"),
                _("Their request was already submitted and can no longer be changed: %(orgs)s")
                % {"orgs": ", ".join(f"{org.name} ({org.code})" for org in left_out)},
            )
        )
    for a, b in rows:
        exports.append_row(info, [a, b])
    return _to_bytes(wb)


# --- the upload --------------------------------------------------------------------------------------


def check_xlsx(upload: IO[bytes], size: int) -> None:
    """Refuse a file over 5 MB, or one that is not an XLSX workbook by its content."""
    if size > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("The file is too large (%(size)s MB; at most 5 MB).") % {"size": f"{size / 1048576:.1f}"},
            field="file",
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    not_xlsx = DomainError(_("The file is not an Excel workbook (.xlsx)."), field="file")
    if head != b"PK\x03\x04":
        raise not_xlsx
    try:
        with zipfile.ZipFile(upload) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile as exc:
        raise not_xlsx from exc
    finally:
        upload.seek(0)
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise not_xlsx


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(header: list[str]) -> None:
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in COLUMNS if c not in header]
    problems = []
    if unknown:
        problems.append(_("unknown column(s): %(names)s") % {"names": ", ".join(f"“{h}”" for h in unknown)})
    if missing:
        problems.append(_("missing column(s): %(names)s") % {"names": ", ".join(f"“{c}”" for c in missing)})
    if not problems and header != COLUMNS:
        for i, (found, expected) in enumerate(zip(header, COLUMNS, strict=False), start=1):
            if found != expected:
                problems.append(
                    _("column %(n)s should be “%(expected)s”, not “%(found)s”")
                    % {"n": i, "expected": expected, "found": found}
                )
                break
        else:
            problems.append(_("duplicate columns"))
    if problems:
        raise DomainError(
            _("The header row does not match the template: %(problems)s.")
            % {"problems": "; ".join(problems)},
            field="file",
        )


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def parse_request_rows(upload: IO[bytes]) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    """The rows of an uploaded template, and the problems found while reading cells (e.g. driving_licence
    not yes/no). The header must be the template's exactly; a bad header raises :class:`DomainError`."""
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise DomainError(_("The workbook cannot be read: %(error)s") % {"error": exc}, field="file") from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        first = next(it, None)
        if first is None:
            raise DomainError(_("The workbook is empty."), field="file")
        header = [_text(h) for h in first]
        while header and header[-1] == "":
            header.pop()
        _check_header(header)
        rows: list[ImportRow] = []
        problems: list[tuple[int, str]] = []
        for number, cells in enumerate(it, start=2):
            values = list(cells[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(cells))
            if number > MAX_ROWS + 1:
                raise DomainError(
                    _("The file has too many rows (at most %(n)s).") % {"n": MAX_ROWS}, field="file"
                )
            record = dict(zip(COLUMNS, values, strict=True))
            rest = [record[c] for c in COLUMNS if c not in ("org_code", "org_name")]
            if all(_text(v) == "" for v in rest):
                continue  # an organisation without lines, or an empty row
            licence = _yes_no(record["driving_licence"])
            if licence is None:
                problems.append(
                    (
                        number,
                        _("row %(row)s, driving_licence: “%(value)s” is not yes or no")
                        % {"row": number, "value": _text(record["driving_licence"])},
                    )
                )
            numbers = {}
            for name in ("new_participants", "continuing"):
                v = record[name]
                numbers[name] = v if isinstance(v, int | float) and not isinstance(v, bool) else _text(v)
            rows.append(
                ImportRow(
                    row=number,
                    org_code=_text(record["org_code"]),
                    data=LineData(
                        job_type=_text(record["job_type"]),
                        language=_text(record["language"]),
                        new_participants=numbers["new_participants"],
                        continuing=numbers["continuing"],
                        school_levels=[s.strip() for s in _text(record["school_levels"]).split(",")],
                        japanese_level=_text(record["japanese_level"]) or JapaneseLevel.NONE,
                        driving_licence=bool(licence),
                        sport=_text(record["sport"]),
                        setting=_text(record["setting"]) or Setting.EITHER,
                        note=_text(record["note"]),
                    ),
                )
            )
        return rows, problems
    finally:
        wb.close()


# --- the demand export -------------------------------------------------------------------------------


def _demand_rows(summary: DemandSummary) -> Iterable[list[Any]]:
    titles = {
        "job_type": _("Job type"),
        "language": _("Language"),
        "prefecture": _("Prefecture"),
        "co_kind": _("Kind of organisation"),
    }
    for section, rows in summary.sections():
        for r in rows:
            yield [
                str(titles[section]),
                r.key,
                r.label,
                r.new,
                r.continuing,
                r.total,
                r.last_new,
                r.last_total,
                r.change_new,
                r.change_total,
            ]


def _demand_header(summary: DemandSummary) -> list[str]:
    year, last = fiscal_year_label(summary.intake_year), fiscal_year_label(summary.intake_year - 1)
    return [
        _("Grouping"),
        _("Code"),
        _("Name"),
        _("New participants %(year)s") % {"year": year},
        _("Continuing %(year)s") % {"year": year},
        _("Total %(year)s") % {"year": year},
        _("New participants %(year)s") % {"year": last},
        _("Total %(year)s") % {"year": last},
        _("Change in new participants"),
        _("Change in total"),
    ]


def demand_csv(summary: DemandSummary) -> bytes:
    return exports.csv_bytes([_demand_header(summary), *_demand_rows(summary)])


def demand_xlsx(summary: DemandSummary, lines: list[RequestLine]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "totals"
    _bold_header(ws, _demand_header(summary))
    for row in _demand_rows(summary):
        exports.append_row(ws, row)
    detail = wb.create_sheet("organisations")
    _bold_header(
        detail,
        [
            "org_code",
            "org_name",
            "prefecture",
            "co_kind",
            "status",
            "job_type",
            "language",
            "new_participants",
            "continuing",
        ],
    )
    for line in lines:
        org = line.request.organisation
        exports.append_row(
            detail,
            [
                org.code,
                org.name,
                org.prefecture.code if org.prefecture else "",
                org.co_kind,
                line.request.status,
                line.job_type,
                line.language.code,
                line.new_participants,
                line.continuing,
            ],
        )
    return _to_bytes(wb)
