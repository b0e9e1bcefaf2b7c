"""Every write of requests (配置要望). Keyword-only, typed, ``actor`` first, atomic, audited in the same
transaction; transitions go through :data:`jetpm.planning.workflows.REQUESTS`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied, raise_all
from jetpm.core.models import Language, Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import JapaneseLevel, JobType, OrgKind
from jetpm.planning import job_rules
from jetpm.planning import permissions as perms
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.selectors.requests import continuing_figures
from jetpm.planning.states import REQUEST_EDITABLE, RequestStatus, SchoolLevel, Setting
from jetpm.planning.workflows import REQUESTS, request_writer, require_window

MAX_PARTICIPANTS = 9999
LINE_FIELDS = [
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


# --- validation of a line ---------------------------------------------------------------------------


@dataclass
class LineData:
    """One request line as entered (form or spreadsheet row); :func:`clean_line` checks it."""

    job_type: str
    language: str  # ISO code of a designated language
    new_participants: Any = 0
    continuing: Any = 0
    school_levels: list[str] = field(default_factory=list)
    japanese_level: str = JapaneseLevel.NONE
    driving_licence: bool = False
    sport: str = ""
    setting: str = Setting.EITHER
    note: str = ""


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def clean_line(
    data: LineData, languages: dict[str, Language], *, intake_year: int | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The line's field values ready for the model, and the errors as (field, message), none when valid.

    ``languages`` are the designated languages by code; ``intake_year`` the request's (the job types'
    rules: ALT takes only its five languages, SEA exists from FY1995)."""
    errors: list[tuple[str, str]] = []
    out: dict[str, Any] = {}
    job = (data.job_type or "").strip().upper()
    if job not in JobType.values:
        errors.append(
            ("job_type", _("unknown job type “%(value)s” (use ALT, CIR or SEA)") % {"value": data.job_type})
        )
    out["job_type"] = job
    code = (data.language or "").strip().lower()
    language = languages.get(code)
    if not code:
        errors.append(("language", _("give the designated language")))
    elif language is None:
        errors.append(("language", _("unknown code '%(code)s'") % {"code": data.language}))
    out["language"] = language
    if job in JobType.values:
        errors += job_rules.problems(job, language.code if language else None, intake_year)
    for name in ("new_participants", "continuing"):
        raw = getattr(data, name)
        n = 0 if raw in (None, "") else _whole_number(raw)
        if n is None:
            errors.append((name, _("“%(value)s” is not a whole number") % {"value": raw}))
        elif n < 0:
            errors.append((name, _("must not be negative (got %(value)s)") % {"value": n}))
        elif n > MAX_PARTICIPANTS:
            errors.append((name, _("must be at most %(max)s") % {"max": MAX_PARTICIPANTS}))
        out[name] = n
    levels: list[str] = []
    for level in data.school_levels or []:
        level = str(level).strip()
        if not level:
            continue
        if level not in SchoolLevel.values:
            errors.append(
                (
                    "school_levels",
                    _("unknown school level “%(value)s” (use %(choices)s)")
                    % {"value": level, "choices": ", ".join(SchoolLevel.values)},
                )
            )
        elif level not in levels:
            levels.append(level)
    out["school_levels"] = [v for v in SchoolLevel.values if v in levels]
    jlpt = (data.japanese_level or JapaneseLevel.NONE).strip()
    if jlpt.lower() == "none":
        jlpt = JapaneseLevel.NONE
    jlpt = jlpt.upper() if jlpt != JapaneseLevel.NONE else jlpt
    if jlpt not in JapaneseLevel.values:
        errors.append(
            (
                "japanese_level",
                _("unknown Japanese level “%(value)s” (use none or N5–N1)") % {"value": data.japanese_level},
            )
        )
    elif jlpt != JapaneseLevel.NONE and job in (JobType.ALT, JobType.SEA):
        errors.append(("japanese_level", _("a Japanese level is asked of CIR posts only")))
    out["japanese_level"] = jlpt
    out["driving_licence"] = bool(data.driving_licence)
    sport = (data.sport or "").strip()
    if sport and job != JobType.SEA and job in JobType.values:
        errors.append(("sport", _("a sport is given for SEA posts only")))
    if not sport and job == JobType.SEA:
        errors.append(("sport", _("name the sport of the SEA post")))
    if len(sport) > 100:
        errors.append(("sport", _("at most 100 characters")))
    out["sport"] = sport
    setting = (data.setting or Setting.EITHER).strip().lower()
    if setting not in Setting.values:
        errors.append(
            (
                "setting",
                _("unknown setting “%(value)s” (use %(choices)s)")
                % {"value": data.setting, "choices": ", ".join(Setting.values)},
            )
        )
    out["setting"] = setting
    note = (data.note or "").strip()
    if len(note) > 500:
        errors.append(("note", _("at most 500 characters")))
    out["note"] = note
    return out, errors


def designated_by_code() -> dict[str, Language]:
    return {lang.code: lang for lang in Language.objects.filter(designated=True)}


# --- the requests window and permissions ------------------------------------------------------------


def _require_writer(actor: User, req: PlacementRequest) -> None:
    """The CO's coordinators while the window is open; MIC/CLAIR staff at any time."""
    if not request_writer(scope_of(actor), req):
        raise PermissionDenied(_("Only the contracting organisation's coordinators may change its request."))


def _require_editable(req: PlacementRequest) -> None:
    if req.status not in REQUEST_EDITABLE:
        raise DomainError(
            _("The request is %(status)s and can no longer be changed.")
            % {"status": RequestStatus(req.status).label.lower()}
        )


def _lock(request_id: int) -> PlacementRequest:
    try:
        return (
            PlacementRequest.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=request_id)
        )
    except PlacementRequest.DoesNotExist as exc:
        raise DomainError(_("No such request.")) from exc


def _record(actor: User, action: str, req: PlacementRequest, changes: dict[str, Any]) -> None:
    audit.record(actor=actor, action=action, obj=req, organisation=req.organisation_id, changes=changes)


# --- starting a request and its lines ---------------------------------------------------------------


@transaction.atomic
def start_request(*, actor: User, organisation_id: int, intake_year: int) -> PlacementRequest:
    """Start (or return the existing) request of a contracting organisation for an intake year.

    A new request gets a line for each job type and language in which the reappointment round of the year
    before confirmed participants (jetpm.appointments): its "continuing" is that figure, its new participants
    0; the coordinator changes them as they see fit. SEA posts are left out (a line needs the sport)."""
    org = Organisation.objects.filter(pk=organisation_id, kind=OrgKind.CONTRACTING_ORG).first()
    if org is None:
        raise DomainError(_("Requests are made by contracting organisations."), field="organisation")
    scope = scope_of(actor)
    if not perms.is_request_agency(scope):
        if not perms.is_request_writer(scope, org.pk):
            raise PermissionDenied(
                _("Only the contracting organisation's coordinators may start its request.")
            )
        require_window(intake_year)
    existing = PlacementRequest.objects.filter(organisation=org, intake_year=intake_year).first()
    if existing is not None:
        return existing
    req = PlacementRequest.objects.create(organisation=org, intake_year=intake_year)
    _record(
        actor, "request.create", req, {"organisation": [None, org.pk], "intake_year": [None, intake_year]}
    )
    _prefill_continuing(actor, req)
    return req


def _prefill_continuing(actor: User, req: PlacementRequest) -> None:
    figures = continuing_figures(actor, organisation_id=req.organisation_id, intake_year=req.intake_year)
    languages = designated_by_code()
    lines = [
        RequestLine(request=req, job_type=job, language=languages[lang], new_participants=0, continuing=n)
        for (job, lang), n in sorted(figures.counts.items())
        if job != JobType.SEA and lang in languages and n > 0
    ]
    if not lines:
        return
    RequestLine.objects.bulk_create(lines)
    _record(
        actor,
        "request.prefill_continuing",
        req,
        {
            "round": [None, figures.round_year],
            "continuing": [None, {_line_key(x.job_type, x.language): x.continuing for x in lines}],
        },
    )


def _line_snapshot(line: RequestLine) -> dict[str, Any]:
    snap = audit.snapshot(line, LINE_FIELDS)
    snap["language"] = line.language.code
    return snap


def _line_key(job_type: str, language: Language) -> str:
    return f"{job_type}/{language.code}"


@transaction.atomic
def save_line(*, actor: User, request_id: int, data: LineData, line_id: int | None = None) -> RequestLine:
    """Add a line to a request (``line_id`` None) or change one; the request must be editable."""
    req = _lock(request_id)
    _require_writer(actor, req)
    _require_editable(req)
    values, errors = clean_line(data, designated_by_code(), intake_year=req.intake_year)
    raise_all(list(errors))  # every problem of the line at once, each on its field
    line: RequestLine | None = None
    if line_id is not None:
        line = RequestLine.objects.select_related("language").filter(pk=line_id, request=req).first()
        if line is None:
            raise DomainError(_("No such line in this request."))
    clash = RequestLine.objects.filter(request=req, job_type=values["job_type"], language=values["language"])
    if line is not None:
        clash = clash.exclude(pk=line.pk)
    if clash.exists():
        raise DomainError(
            _("The request already has a line for %(job)s in %(language)s.")
            % {"job": values["job_type"], "language": values["language"]},
            field="language",
        )
    before = _line_snapshot(line) if line is not None else {}
    if line is None:
        line = RequestLine(request=req)
    for name, value in values.items():
        setattr(line, name, value)
    line.save()
    after = _line_snapshot(line)
    changes: dict[str, Any] = audit.diff(before, after)
    if changes:
        action = "request.line_update" if before else "request.line_create"
        changes["line"] = [
            f"{before['job_type']}/{before['language']}" if before else None,
            _line_key(line.job_type, line.language),
        ]
        _record(actor, action, req, changes)
        req.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def delete_line(*, actor: User, request_id: int, line_id: int) -> PlacementRequest:
    req = _lock(request_id)
    _require_writer(actor, req)
    _require_editable(req)
    line = RequestLine.objects.select_related("language").filter(pk=line_id, request=req).first()
    if line is None:
        raise DomainError(_("No such line in this request."))
    before = _line_snapshot(line)
    changes: dict[str, Any] = audit.diff(before, {})
    changes["line"] = [_line_key(line.job_type, line.language), None]
    line.delete()
    _record(actor, "request.line_delete", req, changes)
    req.save(update_fields=["updated_at"])
    return req


@transaction.atomic
def update_request_note(*, actor: User, request_id: int, note: str) -> PlacementRequest:
    req = _lock(request_id)
    _require_writer(actor, req)
    _require_editable(req)
    note = note.strip()
    if len(note) > 2000:
        raise DomainError(_("The note is too long (at most 2,000 characters)."), field="note")
    if note != req.note:
        _record(actor, "request.note", req, {"note": [req.note, note]})
        req.note = note
        req.save(update_fields=["note", "updated_at"])
    return req


# --- transitions (planning/workflows.py: REQUESTS) ----------------------------------------------------


@transaction.atomic
def submit_request(*, actor: User, request_id: int) -> PlacementRequest:
    """The contracting organisation sends its request to its host organisation (at least one line)."""
    return workflow.perform(REQUESTS, _lock(request_id), "submit", actor=actor, values={"return_reason": ""})


@transaction.atomic
def forward_request(*, actor: User, request_id: int) -> PlacementRequest:
    """The host organisation forwards a submitted request to MIC/CLAIR."""
    return workflow.perform(REQUESTS, _lock(request_id), "forward", actor=actor)


@transaction.atomic
def forward_all_submitted(*, actor: User, host_id: int, intake_year: int) -> int:
    """Forward every submitted request of a host organisation's area for an intake; the number forwarded."""
    if not perms.can_upload_requests(scope_of(actor), host_id):
        raise PermissionDenied(_("Only the coordinators of the host organisation may forward its requests."))
    require_window(intake_year)
    rows = list(
        PlacementRequest.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(organisation__host_org_id=host_id, intake_year=intake_year, status=RequestStatus.SUBMITTED)
        .order_by("pk")
    )
    for req in rows:
        workflow.perform(REQUESTS, req, "forward", actor=actor)
    return len(rows)


@transaction.atomic
def accept_request(*, actor: User, request_id: int) -> PlacementRequest:
    """MIC/CLAIR accept a submitted or forwarded request; it is immutable afterwards."""
    return workflow.perform(REQUESTS, _lock(request_id), "accept", actor=actor)


@transaction.atomic
def return_request(*, actor: User, request_id: int, reason: str) -> PlacementRequest:
    """Send a request back to the contracting organisation with a reason: its host organisation (what was
    submitted to it, while the window is open) or MIC/CLAIR staff."""
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise DomainError(_("The reason is too long (at most 2,000 characters)."), field="reason")
    return workflow.perform(
        REQUESTS, _lock(request_id), "return", actor=actor, reason=reason, values={"return_reason": reason}
    )


# --- bulk entry from a spreadsheet ------------------------------------------------------------------


@dataclass
class ImportRow:
    row: int  # the spreadsheet row number (the header is row 1)
    org_code: str
    data: LineData


class RowErrors(DomainError):
    """The upload was refused; ``errors`` lists every problem as “row 7, language: unknown code 'xx'”."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            _("Nothing was saved: %(count)s problem(s) in the file.") % {"count": len(errors)}, field="file"
        )
        self.errors = errors


@dataclass
class ImportResult:
    organisations: int
    lines: int
    created_requests: int


@transaction.atomic
def import_area_lines(
    *,
    actor: User,
    host_id: int,
    intake_year: int,
    rows: list[ImportRow],
    read_errors: list[tuple[int, str]] | None = None,
) -> ImportResult:
    """Write a host organisation's spreadsheet: every row is checked first, then the draft lines of every
    contracting organisation named in the file are replaced by the file's lines, all or nothing."""
    if not perms.can_upload_requests(scope_of(actor), host_id):
        raise PermissionDenied(
            _("Only the coordinators of the host organisation may upload its area's requests.")
        )
    require_window(intake_year)
    area = {o.code: o for o in Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG, host_org_id=host_id)}
    existing = {
        r.organisation_id: r
        for r in PlacementRequest.objects.select_for_update(of=("self",)).filter(
            organisation__host_org_id=host_id, intake_year=intake_year
        )
    }
    languages = designated_by_code()
    errors: list[tuple[int, str]] = list(read_errors or [])
    planned: dict[str, list[dict[str, Any]]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    year = fiscal_year_label(intake_year)
    for r in rows:
        code = (r.org_code or "").strip()
        org = area.get(code)
        if org is None:
            errors.append(
                (
                    r.row,
                    _("row %(row)s, org_code: “%(code)s” is not a contracting organisation of your area")
                    % {"row": r.row, "code": code},
                )
            )
            continue
        req = existing.get(org.pk)
        if req is not None and req.status not in REQUEST_EDITABLE:
            errors.append(
                (
                    r.row,
                    _(
                        "row %(row)s, org_code: the request of %(org)s for %(year)s is %(status)s "
                        "and cannot be changed"
                    )
                    % {
                        "row": r.row,
                        "org": code,
                        "year": year,
                        "status": RequestStatus(req.status).label.lower(),
                    },
                )
            )
            continue
        values, problems = clean_line(r.data, languages, intake_year=intake_year)
        for name, message in problems:
            errors.append(
                (
                    r.row,
                    _("row %(row)s, %(field)s: %(message)s")
                    % {"row": r.row, "field": name, "message": message},
                )
            )
        if problems:
            continue
        key = (code, values["job_type"], values["language"].code)
        if key in seen:
            errors.append(
                (
                    r.row,
                    _(
                        "row %(row)s, language: %(job)s in %(language)s for %(org)s "
                        "is already on row %(first)s"
                    )
                    % {"row": r.row, "job": key[1], "language": key[2], "org": code, "first": seen[key]},
                )
            )
            continue
        seen[key] = r.row
        planned.setdefault(code, []).append(values)
    if errors:
        raise RowErrors([message for _row, message in sorted(errors, key=lambda e: e[0])])
    if not planned:
        raise DomainError(_("The file has no request lines."), field="file")
    created = 0
    n_lines = 0
    for code, lines in planned.items():
        org = area[code]
        req = existing.get(org.pk)
        if req is None:
            req = PlacementRequest.objects.create(organisation=org, intake_year=intake_year)
            _record(
                actor,
                "request.create",
                req,
                {"organisation": [None, org.pk], "intake_year": [None, intake_year]},
            )
            created += 1
        old = [_line_snapshot(x) for x in req.lines.select_related("language")]
        req.lines.all().delete()
        RequestLine.objects.bulk_create(RequestLine(request=req, **values) for values in lines)
        n_lines += len(lines)
        new = [{**values, "language": values["language"].code} for values in lines]
        _record(actor, "request.import", req, {"lines": [old, new]})
        req.save(update_fields=["updated_at"])
    return ImportResult(organisations=len(planned), lines=n_lines, created_requests=created)


# --- exports ----------------------------------------------------------------------------------------


@transaction.atomic
def record_export(*, actor: User, action: str, obj: Model | None, details: dict[str, Any]) -> None:
    """Audit a download of organisation data (the demand tables, a host organisation's template)."""
    target: Model = obj if obj is not None else actor
    organisation = obj.pk if isinstance(obj, Organisation) else None
    audit.record(
        actor=actor,
        action=action,
        obj=target,
        organisation=organisation,
        changes={k: [None, v] for k, v in details.items()},
    )
