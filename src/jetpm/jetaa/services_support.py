"""Every write of JETAA support's doing and checking: the support the missions commit and pay, the
chapters' reports on their projects (with photos), the missions' evaluations of the projects and HQ's
evaluation of each mission's year. Keyword-only, typed, ``actor`` first, atomic, audited; bad input refused
with every rule named at once, nothing half-written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core import audit, money
from jetpm.core.calendar import fiscal_year_bounds
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.uploads import JPEG, PNG, CheckedFile, check_upload
from jetpm.jetaa import budget
from jetpm.jetaa import permissions as perms
from jetpm.jetaa.models import (
    Commitment,
    ExecutionPlan,
    HQEvaluation,
    MissionEvaluation,
    Payment,
    ProjectLine,
    ProjectReport,
    ReportPhoto,
)
from jetpm.jetaa.services import TEXT_MAX, Errors, _decimal, _yen
from jetpm.jetaa.states import SUPPORTED, Currency, Effect, ExecutionPlanStatus, Rating
from jetpm.jetaa.windows import window_problem

MAX_PHOTOS = 10


def _line(line_id: int) -> ProjectLine:
    line = (
        ProjectLine.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__execution_plan")
        .filter(pk=line_id)
        .first()
    )
    if line is None:
        raise NotFound(_("This project line does not exist."))
    return line


def _supported(line: ProjectLine, what: str) -> None:
    if line.status not in SUPPORTED:
        raise DomainError(
            _("%(what)s is only for a project HQ approved (this one is “%(status)s”).")
            % {"what": what, "status": line.get_status_display()}
        )


def _committed(line: ProjectLine) -> int:
    return int(Commitment.objects.filter(line=line).aggregate(s=Sum("amount_yen"))["s"] or 0)


# --- support given (the mission) ---------------------------------------------------------------------------


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


# The days a date may take: the first and the last (None: no bound), and what to say of a date outside.
Window = tuple[date | None, date | None, Callable[[date], str]]


def _until_today(future: str) -> Window:
    """Not in the future; ``future`` says so, with ``%(day)s`` and ``%(today)s``."""
    today = timezone.localdate()
    return None, today, lambda day: future % {"day": _day(day), "today": _day(today)}


def _check_day(errors: Errors, field: str, value: Any, *windows: Window) -> None:
    """The date of ``field`` given and in every window: only the first window it is outside is named."""
    if not isinstance(value, date):
        errors.append((field, _("Give the date.")))
        return
    for first, last, outside in windows:
        if (first is not None and value < first) or (last is not None and value > last):
            errors.append((field, outside(value)))
            return


def commitment_problems(
    line: ProjectLine, *, amount_yen: Any, committed_on: Any, note: str = "", **_ignored: Any
) -> tuple[Errors, int]:
    """Every rule a commitment to the line breaks (all at once, also for the form: a value its field refused
    is None and its rules are skipped), and the amount in yen. The date is within the line's fiscal year
    and not in the future; the line's commitments together no more than the amount HQ approved."""
    errors: Errors = []
    if line.status not in SUPPORTED:
        errors.append(
            (
                None,
                _("%(what)s is only for a project HQ approved (this one is “%(status)s”).")
                % {"what": _("Support"), "status": line.get_status_display()},
            )
        )
    amount = _yen(
        amount_yen, "amount_yen", errors, label=_("The amount committed"), maximum=budget.MAX_LINE_YEN
    )
    amount_ok = not any(field == "amount_yen" for field, _m in errors)
    first, last = fiscal_year_bounds(line.plan.fiscal_year)
    in_year = _("A commitment is dated within the project's fiscal year (%(first)s to %(last)s).")
    _check_day(
        errors,
        "committed_on",
        committed_on,
        (first, last, lambda day: in_year % {"first": _day(first), "last": _day(last)}),
        _until_today(_("A commitment cannot be dated in the future (%(day)s; today is %(today)s).")),
    )
    if amount_ok and line.status in SUPPORTED:
        committed = _committed(line)
        if committed + amount > line.approved_yen:
            errors.append(
                (
                    "amount_yen",
                    _(
                        "Over the approved amount: ¥%(committed)s is committed already and ¥%(approved)s "
                        "approved, so at most ¥%(left)s more can be committed."
                    )
                    % {
                        "committed": f"{committed:,}",
                        "approved": f"{line.approved_yen:,}",
                        "left": f"{max(line.approved_yen - committed, 0):,}",
                    },
                )
            )
    if len(note or "") > 200:
        errors.append(("note", _("At most %(n)s characters.") % {"n": 200}))
    return errors, amount


@transaction.atomic
def record_commitment(
    *, actor: User, line_id: int, amount_yen: Any, committed_on: date, note: str = ""
) -> Commitment:
    """The mission commits support to an approved project: dated within the project's fiscal year and not
    in the future, its commitments together no more than the amount HQ approved (a commitment that would
    exceed it is refused, naming both)."""
    line = _line(line_id)
    if not perms.can_record_support(scope_of(actor), line):
        raise PermissionDenied(_("Only the staff of the project's mission record its support."))
    _supported(line, _("Support"))
    errors, amount = commitment_problems(line, amount_yen=amount_yen, committed_on=committed_on, note=note)
    raise_all(errors)
    commitment = Commitment.objects.create(
        line=line, amount_yen=amount, committed_on=committed_on, note=note.strip(), recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="jetaa_commitment.create",
        obj=commitment,
        changes={"amount_yen": [None, amount]},
        organisation=line.plan.mission_id,
    )
    return commitment


def payment_problems(
    commitment: Commitment | None,
    *,
    amount_yen: Any,
    paid_on: Any,
    receipt_reference: str = "",
    currency: Any = "JPY",
    amount_local: Any = None,
    rate_to_yen: Any = None,
    **_ignored: Any,
) -> tuple[Errors, dict[str, Any]]:
    """Every rule a payment breaks (all at once, also for the form: a value its field refused is None and
    its rules are skipped), and the cleaned values. It is against a commitment, dated on or after it and not
    in the future; its currency one of :class:`Currency`; an amount in another currency comes with the rate
    used and the yen paid is that amount at that rate, rounded to the yen; the commitment's payments
    together no more than the commitment."""
    errors: Errors = []
    if commitment is None:
        errors.append(("commitment_id", _("Choose the commitment the payment is made against.")))
    amount = _yen(amount_yen, "amount_yen", errors, label=_("The amount paid"), maximum=budget.MAX_LINE_YEN)
    amount_ok = not any(field == "amount_yen" for field, _m in errors)
    windows = [_until_today(_("A payment cannot be dated in the future (%(day)s; today is %(today)s)."))]
    if commitment is not None:
        committed = commitment.committed_on
        before = _("A payment cannot be dated before its commitment (%(day)s; committed on %(committed)s).")
        windows.append(
            (committed, None, lambda day: before % {"day": _day(day), "committed": _day(committed)})
        )
    _check_day(errors, "paid_on", paid_on, *windows)
    code = str(currency or "JPY").strip().upper() or "JPY"
    if code not in Currency.values:
        errors.append(("currency", _("Choose the currency from the list.")))
    local: Decimal | None = None
    rate: Decimal | None = None
    if amount_local not in (None, ""):
        local = _decimal(amount_local, "amount_local", errors, _("The amount"))
        if local is not None and local <= 0:
            errors.append(("amount_local", _("The amount paid must be more than zero.")))
            local = None
    if rate_to_yen not in (None, ""):
        rate = _decimal(rate_to_yen, "rate_to_yen", errors, _("The rate"))
        if rate is not None and not Decimal(0) < rate <= budget.MAX_RATE:
            errors.append(
                (
                    "rate_to_yen",
                    _("The rate must be more than zero and at most %(max)s yen per unit.")
                    % {"max": budget.MAX_RATE},
                )
            )
            rate = None
    given_local, given_rate = amount_local not in (None, ""), rate_to_yen not in (None, "")
    if code == "JPY" and (given_local or given_rate):
        errors.append(
            ("currency", _("A payment in yen has no other amount nor rate: choose the currency paid in."))
        )
    elif code != "JPY" and code in Currency.values:
        if not given_local:
            errors.append(("amount_local", _("Give the amount paid in %(currency)s.") % {"currency": code}))
        if not given_rate:
            errors.append(
                ("rate_to_yen", _("Give the rate used (yen per %(currency)s).") % {"currency": code})
            )
        if local is not None and rate is not None and amount_ok:
            expected = budget.to_yen(local, rate)
            if expected != amount:
                errors.append(
                    (
                        "amount_yen",
                        _(
                            "%(local)s at %(rate)s yen is ¥%(expected)s, not the ¥%(amount)s given: the "
                            "amount in yen is the amount paid at the rate used, rounded to the yen."
                        )
                        % {
                            "local": money.money(local, code),
                            "rate": money.rate(rate),
                            "expected": f"{expected:,}",
                            "amount": f"{amount:,}",
                        },
                    )
                )
    if amount_ok and commitment is not None:
        paid = int(Payment.objects.filter(commitment=commitment).aggregate(s=Sum("amount_yen"))["s"] or 0)
        if paid + amount > commitment.amount_yen:
            errors.append(
                (
                    "amount_yen",
                    _(
                        "Over the commitment: ¥%(paid)s is paid already of ¥%(committed)s committed, so "
                        "at most ¥%(left)s more can be paid."
                    )
                    % {
                        "paid": f"{paid:,}",
                        "committed": f"{commitment.amount_yen:,}",
                        "left": f"{max(commitment.amount_yen - paid, 0):,}",
                    },
                )
            )
    if len(receipt_reference or "") > 100:
        errors.append(("receipt_reference", _("At most %(n)s characters.") % {"n": 100}))
    return errors, {"amount_yen": amount, "currency": code, "amount_local": local, "rate_to_yen": rate}


@transaction.atomic
def record_payment(
    *,
    actor: User,
    commitment_id: int | None,
    amount_yen: Any,
    paid_on: date,
    receipt_reference: str = "",
    currency: str = "JPY",
    amount_local: Any = None,
    rate_to_yen: Any = None,
    line_id: int | None = None,
) -> Payment:
    """The mission pays out against a commitment (with the receipt's reference; of the line ``line_id`` when
    given, as on the line's page): every rule of :func:`payment_problems` named at once."""
    commitment = None
    if commitment_id:
        commitment = (
            Commitment.objects.select_for_update(of=("self",))
            .select_related("line__plan")
            .filter(pk=commitment_id)
            .first()
        )
        if commitment is None or (line_id is not None and commitment.line_id != line_id):
            raise NotFound(_("This commitment does not exist."))
    if commitment is not None:
        line = commitment.line
    elif line_id is not None:
        line = _line(line_id)
    else:
        raise DomainError(_("Choose the commitment the payment is made against."), field="commitment_id")
    if not perms.can_record_support(scope_of(actor), line):
        raise PermissionDenied(_("Only the staff of the project's mission record its support."))
    _supported(line, _("A payment"))
    errors, clean = payment_problems(
        commitment,
        amount_yen=amount_yen,
        paid_on=paid_on,
        receipt_reference=receipt_reference,
        currency=currency,
        amount_local=amount_local,
        rate_to_yen=rate_to_yen,
    )
    raise_all(errors)
    if commitment is None:  # named among the errors above already
        raise DomainError(_("Choose the commitment the payment is made against."), field="commitment_id")
    payment = Payment.objects.create(
        commitment=commitment,
        paid_on=paid_on,
        receipt_reference=receipt_reference.strip(),
        recorded_by=actor,
        **clean,
    )
    audit.record(
        actor=actor,
        action="jetaa_payment.create",
        obj=payment,
        changes={"amount_yen": [None, clean["amount_yen"]]},
        organisation=line.plan.mission_id,
    )
    return payment


# --- the chapter's report ---------------------------------------------------------------------------


def _checked_photo(upload: UploadedFile) -> CheckedFile:
    """The photo read and checked by its content (from its start, however often it was read before)."""
    upload.seek(0)
    checked = check_upload(upload, field="photos")
    if checked.content_type not in (JPEG, PNG):
        raise DomainError(_("A photo is a JPEG or PNG image."), field="photos")
    return checked


def _save_photo(report: ProjectReport, checked: CheckedFile, caption: str, actor: User) -> ReportPhoto:
    photo = ReportPhoto(
        report=report,
        caption=caption.strip()[:200],
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    photo.file.save(checked.name, ContentFile(checked.content), save=False)
    photo.save()
    return photo


def report_problems(
    line: ProjectLine,
    *,
    held_on: Any = None,
    participants: Any = None,
    impressions: Any = "",
    expenses_yen: Any = None,
    photos: Iterable[UploadedFile] | None = (),
    confirmed: bool = True,
    **_others: Any,
) -> tuple[Errors, dict[str, Any]]:
    """Every rule a report breaks, without writing (what the page shows all at once), and the cleaned
    values: ``participants``, ``expenses_yen`` and the photos checked by their content. Whether the
    project may be reported at all (approved, not reported yet, in the window) is the service's to say."""
    errors: Errors = []
    first, last = fiscal_year_bounds(line.plan.fiscal_year)
    if not isinstance(held_on, date):
        errors.append(("held_on", _("Give the date.")))
    elif not first <= held_on <= last:
        errors.append(
            (
                "held_on",
                _("The date must fall within the project's fiscal year (%(first)s to %(last)s).")
                % {"first": date_format(first, "DATE_FORMAT"), "last": date_format(last, "DATE_FORMAT")},
            )
        )
    elif held_on > timezone.localdate():
        errors.append(("held_on", _("A project is reported once it has been held.")))
    try:
        count = int(participants)
    except (TypeError, ValueError):
        count = None
    if count is None:
        count = -1
        errors.append(("participants", _("Give the number of participants.")))
    elif count < 0:
        errors.append(("participants", _("The number of participants cannot be negative.")))
    elif count > budget.MAX_PARTICIPANTS:
        errors.append(("participants", _("That many participants is beyond any sensible figure.")))
    impressions = str(impressions or "")
    if not impressions.strip():
        errors.append(("impressions", _("Tell the participants' impressions.")))
    elif len(impressions) > TEXT_MAX:
        errors.append(("impressions", _("At most %(n)s characters.") % {"n": TEXT_MAX}))
    expenses = _yen(
        expenses_yen,
        "expenses_yen",
        errors,
        label=_("The expenses"),
        maximum=budget.MAX_LINE_YEN,
        allow_zero=True,
    )
    uploads = list(photos or ())
    checked: list[CheckedFile] = []
    if len(uploads) > MAX_PHOTOS:
        errors.append(("photos", _("At most %(n)s photos.") % {"n": MAX_PHOTOS}))
    else:
        for upload in uploads:
            try:
                checked.append(_checked_photo(upload))
            except DomainError as exc:
                errors.append(("photos", exc.message))
    if not confirmed:
        errors.append(("final", _("Confirm that the report is final: it cannot be changed once sent.")))
    return errors, {"participants": count, "expenses_yen": expenses, "photos": checked}


@transaction.atomic
def submit_report(
    *,
    actor: User,
    line_id: int,
    held_on: date,
    participants: Any,
    impressions: str,
    expenses_yen: Any,
    expenses_note: str = "",
    photos: Iterable[UploadedFile] = (),
    confirmed: bool = True,
) -> ProjectReport:
    """The chapter reports on a project HQ approved: when it was held, how many took part, their
    impressions, the expenses, and photos (JPEG/PNG, checked by content). One report a project, never
    changed afterwards: the page asks the officer to confirm it is final (``confirmed``), among its other
    checks."""
    line = _line(line_id)
    if not perms.can_report(scope_of(actor), line):
        raise PermissionDenied(_("Only the chapter's officers report on its projects."))
    _supported(line, _("A report"))
    errors: Errors = []
    if ProjectReport.objects.filter(line=line).exists():
        errors.append((None, _("This project has been reported already.")))
    if closed := window_problem(line.plan.fiscal_year, "reports"):
        errors.append((None, closed))
    found, clean = report_problems(
        line,
        held_on=held_on,
        participants=participants,
        impressions=impressions,
        expenses_yen=expenses_yen,
        photos=photos,
        confirmed=confirmed,
    )
    raise_all(errors + found)  # every photo is checked before anything is written, the files included
    count, expenses, checked = clean["participants"], clean["expenses_yen"], clean["photos"]
    report = ProjectReport.objects.create(
        line=line,
        held_on=held_on,
        participants=count,
        impressions=impressions.strip(),
        expenses_yen=expenses,
        expenses_note=(expenses_note or "").strip(),
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    for item in checked:
        _save_photo(report, item, "", actor)
    audit.record(
        actor=actor,
        action="jetaa_report.submit",
        obj=report,
        changes={
            "participants": [None, count],
            "expenses_yen": [None, expenses],
            "photos": [None, len(checked)],
        },
        organisation=line.plan.chapter_id,
    )
    return report


@transaction.atomic
def add_report_photo(*, actor: User, report_id: int, upload: UploadedFile, caption: str = "") -> ReportPhoto:
    """The chapter adds a photo to its report (until the project is evaluated)."""
    report = (
        ProjectReport.objects.select_for_update(of=("self",))
        .select_related("line__plan")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound(_("This report does not exist."))
    if not perms.can_report(scope_of(actor), report.line):
        raise PermissionDenied(_("Only the chapter's officers report on its projects."))
    if MissionEvaluation.objects.filter(line_id=report.line_id).exists():
        raise DomainError(_("The mission has evaluated this project: its report is closed."), field="photos")
    if report.photos.count() >= MAX_PHOTOS:
        raise DomainError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS}, field="photos")
    photo = _save_photo(report, _checked_photo(upload), caption, actor)
    audit.record(
        actor=actor,
        action="jetaa_report.photo",
        obj=photo,
        changes={"report": [None, report.pk]},
        organisation=report.line.plan.chapter_id,
    )
    return photo


# --- evaluations --------------------------------------------------------------------------------------------


@transaction.atomic
def evaluate_project(
    *, actor: User, line_id: int, effect: str, support_next_year: bool, reason: str, comment: str = ""
) -> MissionEvaluation:
    """The mission evaluates a reported project: its effect, and whether support next year is warranted,
    with the reason (shown beside next year's line that continues it)."""
    line = _line(line_id)
    if not perms.can_evaluate_project(scope_of(actor), line):
        raise PermissionDenied(_("Only the staff of the project's mission evaluate it."))
    errors: Errors = []
    if not ProjectReport.objects.filter(line=line).exists():
        errors.append((None, _("A project is evaluated once the chapter has reported on it.")))
    if MissionEvaluation.objects.filter(line=line).exists():
        errors.append((None, _("This project has been evaluated already.")))
    if closed := window_problem(line.plan.fiscal_year, "evaluations"):
        errors.append((None, closed))
    if effect not in Effect.values:
        errors.append(("effect", _("Choose the project's effect.")))
    if not isinstance(support_next_year, bool):
        errors.append(("support_next_year", _("Say whether support next year is warranted.")))
    if not (reason or "").strip():
        errors.append(("reason", _("Give the reason for the decision on next year's support.")))
    for name, text in (("reason", reason or ""), ("comment", comment or "")):
        if len(text) > TEXT_MAX:
            errors.append((name, _("At most %(n)s characters.") % {"n": TEXT_MAX}))
    raise_all(errors)
    evaluation = MissionEvaluation.objects.create(
        line=line,
        effect=effect,
        support_next_year=support_next_year,
        reason=reason.strip(),
        comment=(comment or "").strip(),
        evaluated_at=timezone.now(),
        evaluated_by=actor,
    )
    audit.record(
        actor=actor,
        action="jetaa_evaluation.create",
        obj=evaluation,
        changes={"effect": [None, effect], "support_next_year": [None, support_next_year]},
        organisation=line.plan.mission_id,
    )
    return evaluation


@transaction.atomic
def evaluate_mission_year(
    *, actor: User, plan_id: int, effectiveness: str, efficiency: str, comment: str
) -> HQEvaluation:
    """HQ evaluates a mission's year of support (effectiveness and efficiency) once its plan is assessed."""
    if not perms.can_assess(scope_of(actor)):
        raise PermissionDenied(_("Only HQ (MOFA) evaluates the missions' years."))
    plan = ExecutionPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("This execution plan does not exist."))
    errors: Errors = []
    if plan.status != ExecutionPlanStatus.ASSESSED:
        errors.append((None, _("A mission's year is evaluated once its plan has been assessed.")))
    if HQEvaluation.objects.filter(execution_plan=plan).exists():
        errors.append((None, _("HQ has evaluated this mission's year already.")))
    if effectiveness not in Rating.values:
        errors.append(("effectiveness", _("Choose a rating.")))
    if efficiency not in Rating.values:
        errors.append(("efficiency", _("Choose a rating.")))
    if not (comment or "").strip():
        errors.append(("comment", _("Write HQ's evaluation.")))
    elif len(comment) > TEXT_MAX:
        errors.append(("comment", _("At most %(n)s characters.") % {"n": TEXT_MAX}))
    raise_all(errors)
    evaluation = HQEvaluation.objects.create(
        execution_plan=plan,
        effectiveness=effectiveness,
        efficiency=efficiency,
        comment=comment.strip(),
        evaluated_at=timezone.now(),
        evaluated_by=actor,
    )
    audit.record(
        actor=actor,
        action="jetaa_hq_evaluation.create",
        obj=evaluation,
        changes={"effectiveness": [None, effectiveness], "efficiency": [None, efficiency]},
        organisation=plan.mission_id,
    )
    return evaluation
