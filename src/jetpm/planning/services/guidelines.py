"""Every write of the year's guidelines and screening criteria (募集要項・審査基準).

Drafts are written by MIC, MOFA, MEXT and CLAIR staff; the Council's approver approves them. Approved and
superseded guidelines are immutable: a correction is a new version (a draft that supersedes the approved
one), and approving it supersedes the old one in the same transaction. Next year's guideline starts as a
copy of this year's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field, Max, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind
from jetpm.planning import eligibility
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.permissions import is_council_approver, is_drafter
from jetpm.planning.states import GuidelineStatus, ScreeningStage
from jetpm.planning.workflows import GUIDELINES

RULE_FIELDS = [
    "degree_by_arrival",
    "nationality_of_recruiting_country",
    "designated_language_required",
    "former_participant_gap_years",
    "lifetime_cap_years",
    "max_years_in_japan",
    "declined_placement_bar",
    "cir_japanese_level",
    "age_limit",
    "statement_max_words",
]
TEXT_FIELDS = ["text_ja", "text_en"]
EDITABLE_FIELDS = RULE_FIELDS + TEXT_FIELDS
CRITERION_FIELDS = ["stage", "code", "name_ja", "name_en", "weight", "scale_min", "scale_max", "order"]


# --- helpers --------------------------------------------------------------------------------------------


def _council() -> Organisation | None:
    return Organisation.objects.filter(kind=OrgKind.COUNCIL).order_by("pk").first()


def _require_drafter(actor: User) -> None:
    if not is_drafter(scope_of(actor)):
        raise PermissionDenied(_("Only staff of MIC, MOFA, MEXT or CLAIR may draft the guidelines."))


def _require_approver(actor: User) -> None:
    if not is_council_approver(scope_of(actor)):
        raise PermissionDenied(_("Only the Council's approver may approve the guidelines."))


def _locked(guideline_id: int) -> Guideline:
    try:
        return Guideline.objects.select_for_update(of=("self",)).get(pk=guideline_id)
    except Guideline.DoesNotExist as exc:
        raise DomainError(_("No such guideline.")) from exc


def _require_draft(guideline: Guideline) -> None:
    if guideline.status != GuidelineStatus.DRAFT:
        raise IllegalTransition(
            _(
                "The guideline %(guideline)s is %(status)s and cannot be changed; "
                "make a new version to correct it."
            )
            % {"guideline": str(guideline), "status": guideline.get_status_display()}
        )


def _model_field(model: type[Guideline] | type[Criterion], name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", model._meta.get_field(name))


def _clean_field(model: type[Guideline] | type[Criterion], name: str, value: Any, instance: Any) -> Any:
    """The value as the model field cleans it, or a DomainError naming the field and the reason."""
    f = _model_field(model, name)
    try:
        return f.clean(value, instance)
    except ValidationError as exc:
        raise DomainError(
            _("%(field)s: %(reason)s") % {"field": f.verbose_name, "reason": " ".join(exc.messages)},
            field=name,
        ) from exc


def _copy(source: Guideline, *, intake_year: int, version: int, supersedes: Guideline | None) -> Guideline:
    new = Guideline.objects.create(
        intake_year=intake_year,
        version=version,
        supersedes=supersedes,
        **{name: getattr(source, name) for name in EDITABLE_FIELDS},
    )
    Criterion.objects.bulk_create(
        Criterion(guideline=new, **{name: getattr(c, name) for name in CRITERION_FIELDS})
        for c in source.criteria.all()
    )
    return new


def _created(actor: User, action: str, guideline: Guideline, extra: dict[str, list[Any]]) -> None:
    snap = audit.snapshot(guideline, ["intake_year", "version", "status", *EDITABLE_FIELDS])
    audit.record(
        actor=actor,
        action=action,
        obj=guideline,
        organisation=_council(),
        changes={**{k: [None, v] for k, v in snap.items()}, **extra},
    )


# --- guidelines -----------------------------------------------------------------------------------------


@transaction.atomic
def create_guideline(*, actor: User, intake_year: int) -> Guideline:
    """The first draft of a year, with the model's default rules, empty text and no criteria."""
    _require_drafter(actor)
    if not 1987 <= intake_year <= 2100:
        raise DomainError(_("The intake year must be between 1987 and 2100."), field="intake_year")
    if Guideline.objects.filter(intake_year=intake_year).exists():
        raise DomainError(
            _("%(year)s already has a guideline.") % {"year": fiscal_year_label(intake_year)},
            field="intake_year",
        )
    guideline = Guideline.objects.create(intake_year=intake_year)
    _created(actor, "guideline.create", guideline, {})
    return guideline


@transaction.atomic
def copy_to_next_year(*, actor: User, guideline_id: int) -> Guideline:
    """Next year starts as a copy of this year: a draft for intake_year + 1 with the same rules, text and
    criteria. Refused when next year already has a guideline."""
    _require_drafter(actor)
    source = _locked(guideline_id)
    year = source.intake_year + 1
    if Guideline.objects.filter(intake_year=year).exists():
        raise DomainError(_("%(year)s already has a guideline.") % {"year": fiscal_year_label(year)})
    new = _copy(source, intake_year=year, version=1, supersedes=None)
    _created(actor, "guideline.copy", new, {"copied_from": [None, source.pk]})
    return new


@transaction.atomic
def new_version(*, actor: User, guideline_id: int) -> Guideline:
    """A correction of an approved guideline: a new draft version of the same year that supersedes it."""
    _require_drafter(actor)
    source = _locked(guideline_id)
    if source.status != GuidelineStatus.APPROVED:
        raise IllegalTransition(
            _("Only an approved guideline can be corrected by a new version; %(guideline)s is %(status)s.")
            % {"guideline": str(source), "status": source.get_status_display()}
        )
    if Guideline.objects.filter(intake_year=source.intake_year, status=GuidelineStatus.DRAFT).exists():
        raise DomainError(
            _("%(year)s already has a draft; edit that draft instead.")
            % {"year": fiscal_year_label(source.intake_year)}
        )
    last = Guideline.objects.filter(intake_year=source.intake_year).aggregate(v=Max("version"))["v"] or 0
    new = _copy(source, intake_year=source.intake_year, version=last + 1, supersedes=source)
    _created(actor, "guideline.new_version", new, {"supersedes": [None, source.pk]})
    return new


@transaction.atomic
def update_guideline(*, actor: User, guideline_id: int, values: dict[str, Any]) -> Guideline:
    """Change a draft's rules and text (only the fields given); every value is checked against the model's
    field rules and a bad one names its field. Nothing is saved when one value is bad."""
    _require_drafter(actor)
    guideline = _locked(guideline_id)
    _require_draft(guideline)
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field: %(field)s") % {"field": unknown[0]}, field=unknown[0])
    cleaned = {name: _clean_field(Guideline, name, value, guideline) for name, value in values.items()}
    before = audit.snapshot(guideline, EDITABLE_FIELDS)
    for name, value in cleaned.items():
        setattr(guideline, name, value)
    changes = audit.diff(before, audit.snapshot(guideline, EDITABLE_FIELDS))
    if changes:
        guideline.save(update_fields=list(changes))
        audit.record(
            actor=actor, action="guideline.update", obj=guideline, organisation=_council(), changes=changes
        )
    return guideline


def stage_weight_sums(guideline: Guideline) -> dict[str, Decimal]:
    """The total weight of each stage that has criteria."""
    rows = guideline.criteria.order_by().values_list("stage").annotate(total=Sum("weight"))
    return {stage: Decimal(total or 0) for stage, total in rows}


def check_approvable(guideline: Guideline) -> None:
    """Both texts written and every stage with criteria weighted (DomainError otherwise): checked before
    the approval is asked for and again when it is made."""
    for name in TEXT_FIELDS:
        if not getattr(guideline, name).strip():
            raise DomainError(
                _("%(field)s: write the text before approval.")
                % {"field": _model_field(Guideline, name).verbose_name},
                field=name,
            )
    for stage, total in stage_weight_sums(guideline).items():
        if total <= 0:
            raise DomainError(
                _("%(stage)s: the weights of the stage add up to 0; give at least one criterion a weight.")
                % {"stage": ScreeningStage(stage).label},
                field="weight",
            )


@transaction.atomic
def approve_guideline(*, actor: User, guideline_id: int) -> Guideline:
    """Draft → approved, by the Council's approver. A new version's approval supersedes the version it
    corrects in the same transaction. Both texts must be written and every stage with criteria must have a
    positive total weight."""
    guideline = _locked(guideline_id)
    workflow.check(GUIDELINES, guideline, "approve", actor=actor)
    check_approvable(guideline)
    if guideline.supersedes_id is not None:
        # before the new one: one approved guideline per year
        workflow.supersede(GUIDELINES, _locked(guideline.supersedes_id), actor=actor, by=guideline)
    elif Guideline.objects.filter(
        intake_year=guideline.intake_year, status=GuidelineStatus.APPROVED
    ).exists():
        raise IllegalTransition(
            _("The intake year %(year)s already has an approved guideline; correct it with a new version.")
            % {"year": guideline.intake_year}
        )
    return workflow.perform(GUIDELINES, guideline, "approve", actor=actor)


# --- criteria -------------------------------------------------------------------------------------------


def _criterion_values(values: dict[str, Any], instance: Criterion) -> dict[str, Any]:
    unknown = sorted(set(values) - set(CRITERION_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field: %(field)s") % {"field": unknown[0]}, field=unknown[0])
    out: dict[str, Any] = {}
    for name, value in values.items():
        out[name] = _clean_field(Criterion, name, value, instance)
    if out.get("weight") is not None and out["weight"] < 0:
        raise DomainError(_("weight: the weight cannot be negative."), field="weight")
    lo = out.get("scale_min", instance.scale_min)
    hi = out.get("scale_max", instance.scale_max)
    if lo >= hi:
        raise DomainError(
            _("highest score: the highest score (%(max)s) must be above the lowest (%(min)s).")
            % {"max": hi, "min": lo},
            field="scale_max",
        )
    return out


def _check_code_free(guideline: Guideline, stage: str, code: str, exclude: int | None = None) -> None:
    qs = Criterion.objects.filter(guideline=guideline, stage=stage, code=code)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise DomainError(
            _("code: the stage %(stage)s already has a criterion with the code %(code)s.")
            % {"stage": ScreeningStage(stage).label, "code": code},
            field="code",
        )


@transaction.atomic
def add_criterion(*, actor: User, guideline_id: int, values: dict[str, Any]) -> Criterion:
    _require_drafter(actor)
    guideline = _locked(guideline_id)
    _require_draft(guideline)
    missing = [n for n in ("stage", "code", "name_ja", "name_en", "weight") if values.get(n) in (None, "")]
    if missing:
        f = _model_field(Criterion, missing[0])
        raise DomainError(
            _("%(field)s: this field is required.") % {"field": f.verbose_name}, field=missing[0]
        )
    criterion = Criterion(guideline=guideline)
    cleaned = _criterion_values(values, criterion)
    _check_code_free(guideline, cleaned["stage"], cleaned["code"])
    for name, value in cleaned.items():
        setattr(criterion, name, value)
    criterion.save()
    audit.record(
        actor=actor,
        action="criterion.create",
        obj=criterion,
        organisation=_council(),
        changes={
            k: [None, v] for k, v in audit.snapshot(criterion, ["guideline", *CRITERION_FIELDS]).items()
        },
    )
    return criterion


def _locked_criterion(guideline: Guideline, criterion_id: int) -> Criterion:
    try:
        return Criterion.objects.select_for_update(of=("self",)).get(pk=criterion_id, guideline=guideline)
    except (Criterion.DoesNotExist, ValueError, TypeError) as exc:
        raise DomainError(_("No such criterion in this guideline."), field="criterion") from exc


@transaction.atomic
def update_criterion(
    *, actor: User, guideline_id: int, criterion_id: int, values: dict[str, Any]
) -> Criterion:
    _require_drafter(actor)
    guideline = _locked(guideline_id)
    _require_draft(guideline)
    criterion = _locked_criterion(guideline, criterion_id)
    cleaned = _criterion_values(values, criterion)
    _check_code_free(
        guideline, cleaned.get("stage", criterion.stage), cleaned.get("code", criterion.code), criterion.pk
    )
    before = audit.snapshot(criterion, CRITERION_FIELDS)
    for name, value in cleaned.items():
        setattr(criterion, name, value)
    changes = audit.diff(before, audit.snapshot(criterion, CRITERION_FIELDS))
    if changes:
        criterion.save(update_fields=list(changes))
        audit.record(
            actor=actor, action="criterion.update", obj=criterion, organisation=_council(), changes=changes
        )
    return criterion


@transaction.atomic
def remove_criterion(*, actor: User, guideline_id: int, criterion_id: int) -> None:
    _require_drafter(actor)
    guideline = _locked(guideline_id)
    _require_draft(guideline)
    criterion = _locked_criterion(guideline, criterion_id)
    audit.record(
        actor=actor,
        action="criterion.delete",
        obj=criterion,
        organisation=_council(),
        changes=audit.diff(audit.snapshot(criterion, ["guideline", *CRITERION_FIELDS]), {}),
    )
    criterion.delete()


# --- eligibility at the Django edge -----------------------------------------------------------------------


def rules_of(guideline: Guideline) -> eligibility.Rules:
    """The guideline's eligibility rules for :func:`jetpm.planning.eligibility.check`."""
    return eligibility.Rules(
        degree_by_arrival=guideline.degree_by_arrival,
        nationality_of_recruiting_country=guideline.nationality_of_recruiting_country,
        designated_language_required=guideline.designated_language_required,
        former_participant_gap_years=guideline.former_participant_gap_years,
        lifetime_cap_years=guideline.lifetime_cap_years,
        max_years_in_japan=guideline.max_years_in_japan,
        cir_japanese_level=guideline.cir_japanese_level,
        age_limit=guideline.age_limit,
        declined_placement_bar=guideline.declined_placement_bar,
    )


def failure_message(failure: eligibility.Failure) -> str:
    """The failure's message translated into the active language (dates as the language writes them)."""
    params = {
        k: date_format(v, "DATE_FORMAT") if isinstance(v, date) else v for k, v in failure.params.items()
    }
    return _(failure.message_id) % params


def failure_messages(failures: Iterable[eligibility.Failure]) -> list[tuple[str, str]]:
    """``(field, translated message)`` for each failure, for form errors naming the field."""
    return [(f.field, failure_message(f)) for f in failures]
