"""Every write of JETAA support's planning: the year's policy and envelopes (HQ), the chapters' plans and
their lines (officers), the missions' execution plans (missions) and HQ's assessment. Keyword-only, typed,
``actor`` first, atomic, audited in the same transaction; every state change goes through the workflow layer
(workflows.py). Bad input is refused with every rule named at once, and nothing is half-written.

Support given, reports and evaluations: services_support.py."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_bounds, fiscal_year_label
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind
from jetpm.jetaa import budget
from jetpm.jetaa import permissions as perms
from jetpm.jetaa.models import (
    Assessment,
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    MissionEnvelope,
    ProjectLine,
    SupportYear,
)
from jetpm.jetaa.states import (
    SUPPORTED,
    Category,
    ChapterPlanStatus,
    Currency,
    Decision,
    ExecutionPlanStatus,
    LineStatus,
    PolicyStatus,
)
from jetpm.jetaa.windows import require_open, require_policy
from jetpm.jetaa.workflows import CHAPTER_PLANS, EXECUTION_PLANS, LINES, POLICY

Errors = list[tuple[str | None, str]]

TEXT_MAX = 5000
WINDOW_FIELDS = (
    "chapter_plans_from",
    "chapter_plans_until",
    "mission_plans_from",
    "mission_plans_until",
    "assessment_from",
    "assessment_until",
    "reports_until",
    "evaluations_until",
)
POLICY_FIELDS = (
    "national_budget_yen",
    "category_caps",
    "cap_per_participant_yen",
    "priorities",
    "ineligible_costs",
    "guidelines",
    *WINDOW_FIELDS,
)
LINE_FIELDS = (
    "category",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "place",
    "expected_participants",
    "currency",
    "amount_local",
    "rate_to_yen",
    "budget_breakdown",
)


def _yen(
    value: Any, field: str, errors: Errors, *, label: str, maximum: int, allow_zero: bool = False
) -> int:
    """A whole number of yen: not negative (nor zero unless allowed), not absurd."""
    try:
        amount = int(value)
        if Decimal(str(value)) != amount:
            raise ValueError
    except (TypeError, ValueError, InvalidOperation):
        errors.append((field, _("%(what)s must be a whole number of yen.") % {"what": label}))
        return 0
    if amount < 0 or (amount == 0 and not allow_zero):
        errors.append(
            (field, _("%(what)s must be more than zero.") % {"what": label})
            if not allow_zero
            else (field, _("%(what)s cannot be negative.") % {"what": label})
        )
    elif amount > maximum:
        errors.append(
            (
                field,
                _("%(what)s of ¥%(amount)s is beyond any sensible figure (at most ¥%(max)s).")
                % {"what": label, "amount": f"{amount:,}", "max": f"{maximum:,}"},
            )
        )
    return amount


def _check(actor: User, allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- the year's policy and envelopes (HQ) --------------------------------------------------------------


def _policy_errors(values: Mapping[str, Any]) -> Errors:
    errors: Errors = []
    _yen(
        values.get("national_budget_yen"),
        "national_budget_yen",
        errors,
        label=_("The national budget"),
        maximum=100_000_000_000,
    )
    caps = values.get("category_caps") or {}
    if not isinstance(caps, Mapping):
        errors.append(("category_caps", _("Give the caps per category as amounts in yen.")))
    else:
        for key, cap in caps.items():
            if key not in Category.values:
                errors.append(("category_caps", _("“%(key)s” is not a category of support.") % {"key": key}))
            else:
                _yen(cap, "category_caps", errors, label=_("A category's cap"), maximum=budget.MAX_LINE_YEN)
    per = values.get("cap_per_participant_yen")
    if per not in (None, ""):
        _yen(per, "cap_per_participant_yen", errors, label=_("The cap per participant"), maximum=10_000_000)
    for name in WINDOW_FIELDS:
        if not isinstance(values.get(name), date):
            errors.append((name, _("Give the date.")))
    if not any(f in WINDOW_FIELDS for f, _m in errors):
        pairs = [
            ("chapter_plans_from", "chapter_plans_until"),
            ("mission_plans_from", "mission_plans_until"),
            ("assessment_from", "assessment_until"),
            ("chapter_plans_until", "mission_plans_until"),
            ("mission_plans_until", "assessment_until"),
            ("assessment_from", "reports_until"),
            ("reports_until", "evaluations_until"),
        ]
        for a, b in pairs:
            if values[b] < values[a]:
                errors.append((b, _("This date cannot be before the one it follows in the year's calendar.")))
    for name in ("priorities", "ineligible_costs", "guidelines"):
        if len(str(values.get(name) or "")) > TEXT_MAX:
            errors.append((name, _("At most %(n)s characters.") % {"n": TEXT_MAX}))
    return errors


def _clean_policy(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {name: values.get(name) for name in POLICY_FIELDS}
    out["national_budget_yen"] = int(out["national_budget_yen"])
    out["category_caps"] = {k: int(v) for k, v in (out["category_caps"] or {}).items()}
    per = out["cap_per_participant_yen"]
    out["cap_per_participant_yen"] = None if per in (None, "") else int(per)
    for name in ("priorities", "ineligible_costs", "guidelines"):
        out[name] = str(out[name] or "").strip()
    return out


@transaction.atomic
def create_support_year(*, actor: User, fiscal_year: int, **values: Any) -> SupportYear:
    """HQ drafts a year's first guidelines and assessment policy (version 1). Takes ``POLICY_FIELDS``."""
    _check(
        actor,
        perms.can_keep_policy(scope_of(actor)),
        _("Only HQ (MOFA) keeps the year's JETAA support policy."),
    )
    errors = _policy_errors(values)
    if SupportYear.objects.filter(fiscal_year=fiscal_year).exists():
        errors.append(
            (
                "fiscal_year",
                _("%(year)s has a policy already: revise it instead.")
                % {"year": fiscal_year_label(fiscal_year)},
            )
        )
    raise_all(errors)
    year = SupportYear.objects.create(
        fiscal_year=fiscal_year, version=1, created_by=actor, **_clean_policy(values)
    )
    audit.record(
        actor=actor, action="jetaa_year.create", obj=year, changes={"fiscal_year": [None, fiscal_year]}
    )
    return year


@transaction.atomic
def update_support_year(*, actor: User, year_id: int, **values: Any) -> SupportYear:
    """HQ changes a draft version (an approved one is never edited: revise it)."""
    _check(
        actor,
        perms.can_keep_policy(scope_of(actor)),
        _("Only HQ (MOFA) keeps the year's JETAA support policy."),
    )
    year = workflow.lock(POLICY, year_id)
    if year.status != PolicyStatus.DRAFT:
        raise DomainError(_("An approved policy is never edited: a change is a revision (a new version)."))
    merged = {name: getattr(year, name) for name in POLICY_FIELDS} | dict(values)
    raise_all(_policy_errors(merged))
    clean = _clean_policy(merged)
    audit.save_changes(year, clean, fields=list(clean), actor=actor, action="jetaa_year.update")
    return year


@transaction.atomic
def revise_support_year(*, actor: User, year_id: int, revision_note: str = "", **values: Any) -> SupportYear:
    """HQ revises an approved policy (after the year's evaluation, or during the year): a new draft version
    copying it, with ``values`` changed, pointing to it. The approved version stays in force until the new
    one is approved."""
    _check(
        actor,
        perms.can_keep_policy(scope_of(actor)),
        _("Only HQ (MOFA) keeps the year's JETAA support policy."),
    )
    year = workflow.lock(POLICY, year_id)
    if year.status != PolicyStatus.APPROVED:
        raise DomainError(_("Only the approved version of a policy is revised."))
    if SupportYear.objects.filter(fiscal_year=year.fiscal_year, status=PolicyStatus.DRAFT).exists():
        raise DomainError(_("A revision of this policy is being drafted already."))
    merged = {name: getattr(year, name) for name in POLICY_FIELDS} | dict(values)
    raise_all(_policy_errors(merged))
    new = SupportYear.objects.create(
        fiscal_year=year.fiscal_year,
        version=year.version + 1,
        previous=year,
        created_by=actor,
        revision_note=revision_note.strip(),
        **_clean_policy(merged),
    )
    audit.record(actor=actor, action="jetaa_year.revise", obj=new, changes={"previous": [None, year.pk]})
    return new


@transaction.atomic
def start_next_year(
    *, actor: User, year_id: int, fiscal_year: int, revision_note: str, **values: Any
) -> SupportYear:
    """HQ starts next year's policy from this year's (the A of the cycle): a draft of ``fiscal_year`` copying
    it with ``values`` changed (the windows, at least) and what changed written down."""
    _check(
        actor,
        perms.can_keep_policy(scope_of(actor)),
        _("Only HQ (MOFA) keeps the year's JETAA support policy."),
    )
    base = workflow.lock(POLICY, year_id)
    merged = {name: getattr(base, name) for name in POLICY_FIELDS} | dict(values)
    errors = _policy_errors(merged)
    if SupportYear.objects.filter(fiscal_year=fiscal_year).exists():
        errors.append(
            (
                "fiscal_year",
                _("%(year)s has a policy already: revise it instead.")
                % {"year": fiscal_year_label(fiscal_year)},
            )
        )
    if not revision_note.strip():
        errors.append(("revision_note", _("Say what changed from last year.")))
    raise_all(errors)
    year = SupportYear.objects.create(
        fiscal_year=fiscal_year,
        version=1,
        created_by=actor,
        revision_note=revision_note.strip(),
        **_clean_policy(merged),
    )
    audit.record(
        actor=actor, action="jetaa_year.create", obj=year, changes={"fiscal_year": [None, fiscal_year]}
    )
    return year


def _envelopes_total(fiscal_year: int, *, excluding_mission: int | None = None) -> int:
    qs = MissionEnvelope.objects.filter(fiscal_year=fiscal_year)
    if excluding_mission is not None:
        qs = qs.exclude(mission_id=excluding_mission)
    return int(qs.aggregate(s=Sum("amount_yen"))["s"] or 0)


@transaction.atomic
def approve_support_year(*, actor: User, year_id: int) -> SupportYear:
    """MOFA's approver approves a draft version; the version it revises is superseded. The envelopes already
    set must fit in its national budget."""
    year = workflow.lock(POLICY, year_id)
    workflow.check(POLICY, year, "approve", actor=actor)
    envelopes = _envelopes_total(year.fiscal_year)
    if envelopes > year.national_budget_yen:
        raise DomainError(
            _("The missions' envelopes (¥%(envelopes)s) exceed this national budget (¥%(budget)s).")
            % {"envelopes": f"{envelopes:,}", "budget": f"{year.national_budget_yen:,}"},
            field="national_budget_yen",
        )
    current = (
        SupportYear.objects.select_for_update()
        .filter(fiscal_year=year.fiscal_year, status=PolicyStatus.APPROVED)
        .first()
    )
    if current is not None:
        workflow.perform(
            POLICY,
            current,
            "supersede",
            actor=workflow.SYSTEM,
            audit_actor=actor,
            changes={"superseded_by": [None, year.pk]},
        )
    return workflow.perform(POLICY, year, "approve", actor=actor)


def _budget_of(fiscal_year: int) -> int | None:
    year = (
        SupportYear.objects.filter(fiscal_year=fiscal_year)
        .exclude(status=PolicyStatus.SUPERSEDED)
        .order_by("-status", "-version")  # approved before draft
        .first()
    )
    return None if year is None else year.national_budget_yen


def approved_for_mission(mission_id: int, fiscal_year: int, *, excluding: list[int] | None = None) -> int:
    qs = ProjectLine.objects.filter(
        plan__mission_id=mission_id, plan__fiscal_year=fiscal_year, status__in=SUPPORTED
    )
    if excluding:
        qs = qs.exclude(pk__in=excluding)
    return int(qs.aggregate(s=Sum("approved_yen"))["s"] or 0)


@transaction.atomic
def set_envelope(
    *, actor: User, mission_id: int | None, fiscal_year: int, amount_yen: Any
) -> MissionEnvelope:
    """HQ sets a mission's envelope of the year's budget: all envelopes together within the national budget,
    and no less than what HQ has approved for the mission already. No mission chosen: said with the amount's
    errors, all at once."""
    _check(actor, perms.can_set_envelopes(scope_of(actor)), _("Only HQ (MOFA) sets the missions' envelopes."))
    errors: Errors = []
    mission = None
    if mission_id is None:
        errors.append(("mission", _("Choose the mission.")))
    else:
        mission = Organisation.objects.filter(pk=mission_id, kind=OrgKind.MISSION).first()
        if mission is None:
            raise NotFound(_("This mission does not exist."))
    amount = _yen(
        amount_yen, "amount_yen", errors, label=_("The envelope"), maximum=100_000_000_000, allow_zero=True
    )
    national = _budget_of(fiscal_year)
    if national is None:
        errors.append(
            (
                "fiscal_year",
                _("%(year)s has no JETAA support policy and budget yet.")
                % {"year": fiscal_year_label(fiscal_year)},
            )
        )
    if not errors and mission_id is not None:
        others = _envelopes_total(fiscal_year, excluding_mission=mission_id)
        if national is not None and others + amount > national:
            errors.append(
                (
                    "amount_yen",
                    _("Over the national budget: the envelopes would come to ¥%(total)s of ¥%(budget)s.")
                    % {"total": f"{others + amount:,}", "budget": f"{national:,}"},
                )
            )
        approved = approved_for_mission(mission_id, fiscal_year)
        if amount < approved:
            errors.append(
                (
                    "amount_yen",
                    _("HQ has approved ¥%(approved)s for this mission already: the envelope cannot be less.")
                    % {"approved": f"{approved:,}"},
                )
            )
    raise_all(errors)
    assert mission is not None
    envelope = (
        MissionEnvelope.objects.select_for_update()
        .filter(mission_id=mission_id, fiscal_year=fiscal_year)
        .first()
    )
    if envelope is not None:
        audit.save_changes(
            envelope,
            {"amount_yen": amount, "updated_by": actor},
            fields=["amount_yen"],
            actor=actor,
            action="jetaa_envelope.set",
            organisation=mission_id,
        )
        return envelope
    envelope = MissionEnvelope.objects.create(
        mission=mission, fiscal_year=fiscal_year, amount_yen=amount, updated_by=actor
    )
    audit.record(
        actor=actor,
        action="jetaa_envelope.set",
        obj=envelope,
        changes={"amount_yen": [None, amount]},
        organisation=mission_id,
    )
    return envelope


# --- a chapter's plan and its lines (officers) -------------------------------------------------------


def missions_of_chapter(chapter: Organisation) -> list[Organisation]:
    """The missions of the chapter's country (its plan goes to one of them)."""
    return list(
        Organisation.objects.filter(
            kind=OrgKind.MISSION, countries=chapter.country_id, is_active=True
        ).order_by("code")
    )


@transaction.atomic
def create_chapter_plan(
    *, actor: User, chapter_id: int, fiscal_year: int, mission_id: int | None = None, notes: str = ""
) -> ChapterPlan:
    """A chapter's officer starts the chapter's plan of the year, sent to the mission of its country (to
    ``mission_id`` when the country has several), within the window for chapters' plans."""
    scope = scope_of(actor)
    chapter = Organisation.objects.filter(pk=chapter_id, kind=OrgKind.JETAA_CHAPTER).first()
    if chapter is None or not perms.is_chapter_officer(scope, chapter_id):
        raise PermissionDenied(_("Only the chapter's officers make its plan."))
    errors: Errors = []
    try:
        require_open(fiscal_year, "chapter_plans", field="fiscal_year")
    except DomainError as exc:
        errors.append((exc.field, exc.message))
    missions = missions_of_chapter(chapter)
    mission = None
    if mission_id is not None:
        mission = next((m for m in missions if m.pk == int(mission_id)), None)
        if mission is None:
            errors.append(("mission", _("Choose a mission of the chapter's country.")))
    elif len(missions) == 1:
        mission = missions[0]
    elif not missions:
        errors.append(("mission", _("No mission recruits in the chapter's country: HQ must assign one.")))
    else:
        errors.append(("mission", _("Choose the mission the plan is sent to.")))
    if ChapterPlan.objects.filter(chapter_id=chapter_id, fiscal_year=fiscal_year).exists():
        errors.append(("fiscal_year", _("The chapter has a plan for this year already.")))
    raise_all(errors)
    assert mission is not None
    plan = ChapterPlan.objects.create(
        chapter=chapter, mission=mission, fiscal_year=fiscal_year, notes=notes.strip()
    )
    audit.record(
        actor=actor,
        action="jetaa_chapter_plan.create",
        obj=plan,
        changes={"mission": [None, mission.pk]},
        organisation=chapter_id,
    )
    return plan


def _decimal(value: Any, field: str, errors: Errors, label: str) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        errors.append((field, _("%(what)s must be a number.") % {"what": label}))
        return None
    if not number.is_finite():
        errors.append((field, _("%(what)s must be a number.") % {"what": label}))
        return None
    return number


def _line_errors(
    values: Mapping[str, Any], *, fiscal_year: int, mission_id: int
) -> tuple[Errors, dict[str, Any]]:
    """Every rule a line's values break, and the cleaned values (with ``requested_yen``)."""
    errors: Errors = []
    clean: dict[str, Any] = {}
    category = values.get("category")
    if category not in Category.values:
        errors.append(("category", _("Choose a category of support.")))
    clean["category"] = category
    title = str(values.get("title") or "").strip()
    if not title:
        errors.append(("title", _("Give the project a title.")))
    elif len(title) > 200:
        errors.append(("title", _("At most %(n)s characters.") % {"n": 200}))
    clean["title"] = title
    place = str(values.get("place") or "").strip()
    if not place:
        errors.append(("place", _("Say where the project takes place.")))
    clean["place"] = place[:200]
    for name in ("description", "budget_breakdown"):
        text = str(values.get(name) or "").strip()
        if len(text) > TEXT_MAX:
            errors.append((name, _("At most %(n)s characters.") % {"n": TEXT_MAX}))
        clean[name] = text
    starts, ends = values.get("starts_on"), values.get("ends_on")
    first, last = fiscal_year_bounds(fiscal_year)
    if not isinstance(starts, date):
        errors.append(("starts_on", _("Give the date.")))
    if not isinstance(ends, date):
        errors.append(("ends_on", _("Give the date.")))
    if isinstance(starts, date) and isinstance(ends, date):
        if ends < starts:
            errors.append(("ends_on", _("The project cannot end before it starts.")))
        if not (first <= starts <= last and first <= ends <= last):
            errors.append(
                (
                    "starts_on",
                    _("The project must take place within %(year)s (%(first)s to %(last)s).")
                    % {
                        "year": fiscal_year_label(fiscal_year),
                        "first": date_format(first, "DATE_FORMAT"),
                        "last": date_format(last, "DATE_FORMAT"),
                    },
                )
            )
    clean["starts_on"], clean["ends_on"] = starts, ends
    try:
        participants = int(values.get("expected_participants"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        participants = 0
    if participants < 0:
        errors.append(("expected_participants", _("The number of participants cannot be negative.")))
    elif participants < 1:
        errors.append(
            ("expected_participants", _("Give the number of participants expected (at least one)."))
        )
    elif participants > budget.MAX_PARTICIPANTS:
        errors.append(("expected_participants", _("That many participants is beyond any sensible figure.")))
    clean["expected_participants"] = participants
    # left out, a line is in yen; given, it is one of the list (an empty or refused choice is no currency)
    currency = str(values["currency"] or "").strip().upper() if "currency" in values else "JPY"
    if currency not in Currency.values:
        errors.append(("currency", _("Choose the currency from the list.")))
    clean["currency"] = currency
    amount = _decimal(values.get("amount_local"), "amount_local", errors, _("The amount"))
    rate = _decimal(
        values.get("rate_to_yen") if currency != "JPY" else (values.get("rate_to_yen") or 1),
        "rate_to_yen",
        errors,
        _("The rate"),
    )
    if amount is not None and amount <= 0:
        errors.append(("amount_local", _("The amount asked must be more than zero.")))
        amount = None
    if rate is not None and not Decimal(0) < rate <= budget.MAX_RATE:
        errors.append(
            (
                "rate_to_yen",
                _("The rate must be more than zero and at most %(max)s yen per unit.")
                % {"max": budget.MAX_RATE},
            )
        )
        rate = None
    if rate is not None and currency == "JPY" and rate != 1:
        errors.append(("rate_to_yen", _("An amount in yen has the rate 1.")))
        rate = None
    requested = 0
    if amount is not None and rate is not None:
        requested = budget.to_yen(amount, rate)
        if requested > budget.MAX_LINE_YEN:
            errors.append(
                (
                    "amount_local",
                    _("¥%(amount)s for one project is beyond any sensible figure (at most ¥%(max)s).")
                    % {"amount": f"{requested:,}", "max": f"{budget.MAX_LINE_YEN:,}"},
                )
            )
        else:
            envelope = (
                MissionEnvelope.objects.filter(mission_id=mission_id, fiscal_year=fiscal_year)
                .values_list("amount_yen", flat=True)
                .first()
            )
            if envelope is not None and requested > envelope:
                errors.append(
                    (
                        "amount_local",
                        _(
                            "Over the mission's envelope: ¥%(amount)s asked for one project, "
                            "the mission's whole envelope is ¥%(envelope)s."
                        )
                        % {"amount": f"{requested:,}", "envelope": f"{envelope:,}"},
                    )
                )
    clean["amount_local"], clean["rate_to_yen"], clean["requested_yen"] = amount, rate, requested
    return errors, clean


def line_problems(
    plan: ChapterPlan, carried_from_id: int | None = None, **values: Any
) -> tuple[Errors, dict[str, Any]]:
    """Every rule a line's values (``LINE_FIELDS``) break in the plan, without writing: what a form shows
    all at once, before (and besides) the service's own checks."""
    errors, clean = _line_errors(values, fiscal_year=plan.fiscal_year, mission_id=plan.mission_id)
    _carried_from(carried_from_id, plan, errors)
    return errors, clean


def revision_problems(line: ProjectLine, reason: Any = "", **values: Any) -> tuple[Errors, dict[str, Any]]:
    """Every rule a change during the year breaks in its values and its reason, without writing."""
    errors: Errors = []
    if not str(reason or "").strip():
        errors.append(("change_reason", _("Say what changed and why.")))
    merged = {name: getattr(line, name) for name in LINE_FIELDS} | {
        name: values[name] for name in LINE_FIELDS if name in values
    }
    line_errors, clean = _line_errors(
        merged, fiscal_year=line.plan.fiscal_year, mission_id=line.plan.mission_id
    )
    return errors + line_errors, clean


def _editable_plan(actor: User, plan_id: int) -> ChapterPlan:
    plan = workflow.lock(CHAPTER_PLANS, plan_id)
    if not perms.can_keep_chapter_plan(scope_of(actor), plan):
        raise PermissionDenied(_("Only the chapter's officers change its plan."))
    if plan.status not in (ChapterPlanStatus.DRAFT, ChapterPlanStatus.RETURNED):
        raise DomainError(
            _("A submitted plan is not edited: a change after assessment is a new version of the line.")
        )
    require_open(
        plan.fiscal_year, "mission_plans" if plan.status == ChapterPlanStatus.RETURNED else "chapter_plans"
    )
    return plan


def _carried_from(value: Any, plan: ChapterPlan, errors: Errors) -> int | None:
    if value in (None, ""):
        return None
    prior = ProjectLine.objects.filter(
        pk=value, plan__chapter_id=plan.chapter_id, plan__fiscal_year__lt=plan.fiscal_year
    ).first()
    if prior is None:
        errors.append(("carried_from", _("Choose one of the chapter's projects of an earlier year.")))
        return None
    return prior.pk


@transaction.atomic
def add_line(*, actor: User, plan_id: int, carried_from_id: int | None = None, **values: Any) -> ProjectLine:
    """A chapter's officer adds a project line to its draft (or returned) plan. Takes ``LINE_FIELDS``;
    ``carried_from_id`` is last year's project it continues."""
    plan = _editable_plan(actor, plan_id)
    errors, clean = _line_errors(values, fiscal_year=plan.fiscal_year, mission_id=plan.mission_id)
    carried = _carried_from(carried_from_id, plan, errors)
    raise_all(errors)
    line = ProjectLine.objects.create(plan=plan, carried_from_id=carried, **clean)
    audit.record(
        actor=actor,
        action="jetaa_line.create",
        obj=line,
        changes={"requested_yen": [None, line.requested_yen], "category": [None, line.category]},
        organisation=plan.chapter_id,
    )
    return line


@transaction.atomic
def update_line(
    *, actor: User, line_id: int, carried_from_id: int | None = None, **values: Any
) -> ProjectLine:
    """A chapter's officer changes a line of its draft (or returned) plan."""
    line = ProjectLine.objects.select_for_update().filter(pk=line_id).first()
    if line is None:
        raise NotFound(_("This project line does not exist."))
    plan = _editable_plan(actor, line.plan_id)
    merged = {name: getattr(line, name) for name in LINE_FIELDS} | dict(values)
    errors, clean = _line_errors(merged, fiscal_year=plan.fiscal_year, mission_id=plan.mission_id)
    carried = (
        _carried_from(carried_from_id, plan, errors) if carried_from_id is not None else line.carried_from_id
    )
    raise_all(errors)
    values = {**clean, "carried_from_id": carried}
    audit.save_changes(
        line,
        values,
        fields=list(values),
        actor=actor,
        action="jetaa_line.update",
        organisation=plan.chapter_id,
    )
    return line


@transaction.atomic
def delete_line(*, actor: User, line_id: int) -> None:
    """A chapter's officer removes a line from its draft (or returned) plan."""
    line = ProjectLine.objects.select_for_update().filter(pk=line_id).first()
    if line is None:
        raise NotFound(_("This project line does not exist."))
    plan = _editable_plan(actor, line.plan_id)
    audit.record(
        actor=actor,
        action="jetaa_line.delete",
        obj=line,
        changes={"title": [line.title, None]},
        organisation=plan.chapter_id,
    )
    line.delete()


@transaction.atomic
def submit_chapter_plan(*, actor: User, plan_id: int) -> ChapterPlan:
    """The chapter's officer submits its plan to the mission (in the window, with at least one line)."""
    return workflow.perform(CHAPTER_PLANS, plan_id, "submit", actor=actor)


# --- a mission's execution plan -----------------------------------------------------------------------


@transaction.atomic
def create_execution_plan(
    *,
    actor: User,
    mission_id: int,
    fiscal_year: int,
    requests_to_jetaa: str = "",
    contact_arrangements: str = "",
) -> ExecutionPlan:
    """The mission's staff start its execution plan of the year (in the missions' window)."""
    if not perms.is_mission_staff(scope_of(actor), mission_id):
        raise PermissionDenied(_("Only the mission's staff make its execution plan."))
    errors: Errors = []
    try:
        require_open(fiscal_year, "mission_plans", field="fiscal_year")
    except DomainError as exc:
        errors.append((exc.field, exc.message))
    if ExecutionPlan.objects.filter(mission_id=mission_id, fiscal_year=fiscal_year).exists():
        errors.append(("fiscal_year", _("The mission has an execution plan for this year already.")))
    for name, text in (
        ("requests_to_jetaa", requests_to_jetaa),
        ("contact_arrangements", contact_arrangements),
    ):
        if len(text) > TEXT_MAX:
            errors.append((name, _("At most %(n)s characters.") % {"n": TEXT_MAX}))
    raise_all(errors)
    plan = ExecutionPlan.objects.create(
        mission_id=mission_id,
        fiscal_year=fiscal_year,
        requests_to_jetaa=requests_to_jetaa.strip(),
        contact_arrangements=contact_arrangements.strip(),
    )
    audit.record(
        actor=actor,
        action="jetaa_execution_plan.create",
        obj=plan,
        changes={"fiscal_year": [None, fiscal_year]},
        organisation=mission_id,
    )
    return plan


@transaction.atomic
def update_execution_plan(
    *, actor: User, plan_id: int, requests_to_jetaa: str, contact_arrangements: str
) -> ExecutionPlan:
    """The mission's staff change its draft execution plan's own requests and contact arrangements."""
    plan = workflow.lock(EXECUTION_PLANS, plan_id)
    if not perms.can_keep_execution_plan(scope_of(actor), plan):
        raise PermissionDenied(_("Only the mission's staff make its execution plan."))
    if plan.status != ExecutionPlanStatus.DRAFT:
        raise DomainError(_("A submitted execution plan is not edited."))
    errors: Errors = []
    for name, text in (
        ("requests_to_jetaa", requests_to_jetaa),
        ("contact_arrangements", contact_arrangements),
    ):
        if len(text) > TEXT_MAX:
            errors.append((name, _("At most %(n)s characters.") % {"n": TEXT_MAX}))
    raise_all(errors)
    values = {
        "requests_to_jetaa": requests_to_jetaa.strip(),
        "contact_arrangements": contact_arrangements.strip(),
    }
    audit.save_changes(
        plan,
        values,
        fields=list(values),
        actor=actor,
        action="jetaa_execution_plan.update",
        organisation=plan.mission_id,
    )
    return plan


@transaction.atomic
def include_chapter_plan(*, actor: User, chapter_plan_id: int) -> ChapterPlan:
    """The mission includes a submitted chapter's plan in its (draft) execution plan of the year, started if
    it has none yet."""
    plan = workflow.lock(CHAPTER_PLANS, chapter_plan_id)
    workflow.check(CHAPTER_PLANS, plan, "include", actor=actor)
    execution = (
        ExecutionPlan.objects.select_for_update()
        .filter(mission_id=plan.mission_id, fiscal_year=plan.fiscal_year)
        .first()
    )
    if execution is None:
        require_open(plan.fiscal_year, "mission_plans")
        execution = ExecutionPlan.objects.create(mission_id=plan.mission_id, fiscal_year=plan.fiscal_year)
        audit.record(
            actor=actor,
            action="jetaa_execution_plan.create",
            obj=execution,
            changes={"fiscal_year": [None, plan.fiscal_year]},
            organisation=plan.mission_id,
        )
    if execution.status != ExecutionPlanStatus.DRAFT:
        raise DomainError(
            _("The mission's execution plan has been submitted to HQ: its chapters' plans cannot change now.")
        )
    return workflow.perform(CHAPTER_PLANS, plan, "include", actor=actor, values={"execution_plan": execution})


@transaction.atomic
def return_chapter_plan(*, actor: User, chapter_plan_id: int, reason: str) -> ChapterPlan:
    """The mission returns a chapter's plan to the chapter with the reason (out of its execution plan)."""
    return workflow.perform(
        CHAPTER_PLANS, chapter_plan_id, "return", actor=actor, reason=reason, values={"execution_plan": None}
    )


@transaction.atomic
def submit_execution_plan(*, actor: User, plan_id: int) -> ExecutionPlan:
    """The mission submits its execution plan to HQ (in the missions' window, with at least one chapter's
    plan); its chapters' plans are fixed from then on."""
    return workflow.perform(EXECUTION_PLANS, plan_id, "submit", actor=actor)


# --- HQ's assessment -------------------------------------------------------------------------------------


def _policy_of(line: ProjectLine) -> budget.Policy:
    year = require_policy(line.plan.fiscal_year)
    return budget.Policy(
        category_caps=year.category_caps or {}, cap_per_participant_yen=year.cap_per_participant_yen
    )


def breach_message(breach: budget.Breach) -> str:
    if breach.rule == "category_cap":
        return _("Over the policy's cap for this category: ¥%(amount)s approved, the cap is ¥%(limit)s.") % {
            "amount": f"{breach.amount:,}",
            "limit": f"{breach.limit:,}",
        }
    if breach.rule == "per_participant_cap":
        return _(
            "Over the policy's cap per participant: ¥%(amount)s approved, at most ¥%(limit)s for the "
            "participants expected."
        ) % {"amount": f"{breach.amount:,}", "limit": f"{breach.limit:,}"}
    return _("Over the mission's envelope: the approved lines would come to ¥%(amount)s of ¥%(limit)s.") % {
        "amount": f"{breach.amount:,}",
        "limit": f"{breach.limit:,}",
    }


def assessment_problems(
    line: ProjectLine, *, decision: Any, approved_yen: Any = None, reason: Any = "", **_ignored: Any
) -> tuple[Errors, int]:
    """Every rule HQ's decision on the line breaks (the form runs them before the confirmation is asked),
    and the amount it would approve."""
    errors, amount, _committed = _assessment_problems(line, decision, approved_yen, reason)
    return errors, amount


def _names(errors: Errors, field: str) -> bool:
    """Whether an error is on the field already."""
    return any(name == field for name, _message in errors)


def _assessment_problems(
    line: ProjectLine, decision: Any, approved_yen: Any, reason: Any
) -> tuple[Errors, int, int]:
    errors: Errors = []
    names = {Decision.APPROVE: "approve", Decision.REDUCE: "reduce", Decision.REJECT: "reject"}
    if decision not in names:
        errors.append(("decision", _("Choose approve, reduce or reject.")))
        return errors, 0, 0
    name = names[Decision(decision)]
    reason = (reason or "").strip()
    if decision != Decision.APPROVE and not reason:
        errors.append(("reason", str(LINES.get(name).reason_required)))
    amount = line.requested_yen
    if decision == Decision.REJECT:
        amount = 0
    elif decision == Decision.REDUCE:
        amount = _yen(
            approved_yen, "approved_yen", errors, label=_("The approved amount"), maximum=budget.MAX_LINE_YEN
        )
        if not _names(errors, "approved_yen") and amount >= line.requested_yen:
            errors.append(
                (
                    "approved_yen",
                    _("A reduced amount is less than the ¥%(requested)s asked (approve it instead).")
                    % {"requested": f"{line.requested_yen:,}"},
                )
            )
    previous = line.previous
    if not _names(errors, "approved_yen") and amount > 0:
        for breach in budget.policy_breaches(
            policy=_policy_of(line),
            category=line.category,
            expected_participants=line.expected_participants,
            approved_yen=amount,
        ):
            errors.append(("approved_yen", breach_message(breach)))
        envelope = (
            MissionEnvelope.objects.filter(mission_id=line.plan.mission_id, fiscal_year=line.plan.fiscal_year)
            .values_list("amount_yen", flat=True)
            .first()
        )
        if envelope is None:
            errors.append(
                (
                    "approved_yen",
                    _("HQ has not set the mission's envelope for this year: nothing can be approved yet."),
                )
            )
        else:
            elsewhere = approved_for_mission(
                line.plan.mission_id,
                line.plan.fiscal_year,
                excluding=[p for p in (line.pk, line.previous_id) if p],
            )
            over = budget.envelope_breach(
                envelope_yen=envelope, approved_elsewhere_yen=elsewhere, approved_yen=amount
            )
            if over is not None:
                errors.append(("approved_yen", breach_message(over)))
    committed = 0
    if previous is not None:
        committed = int(Commitment.objects.filter(line=previous).aggregate(s=Sum("amount_yen"))["s"] or 0)
        if committed > amount:
            errors.append(
                (
                    "approved_yen",
                    _(
                        "¥%(committed)s is committed to this project already: the revision cannot be "
                        "approved for less."
                    )
                    % {"committed": f"{committed:,}"},
                )
            )
    return errors, amount, committed


@transaction.atomic
def assess_line(
    *, actor: User, line_id: int, decision: str, approved_yen: Any = None, reason: str = ""
) -> Assessment:
    """HQ decides on a pending line of a submitted execution plan: approve (the amount asked), reduce (to
    ``approved_yen``, less than asked, with the reason) or reject (with the reason). The approval must keep
    the policy's caps and the mission's envelope. A revised line's assessment supersedes the version it
    replaces and moves its commitments over (they must fit in the new approved amount)."""
    line = (
        ProjectLine.objects.select_for_update(of=("self",))
        .select_related("plan__execution_plan")
        .filter(pk=line_id)
        .first()
    )
    if line is None:
        raise NotFound(_("This project line does not exist."))
    names = {Decision.APPROVE: "approve", Decision.REDUCE: "reduce", Decision.REJECT: "reject"}
    if decision not in names:
        raise DomainError(_("Choose approve, reduce or reject."), field="decision")
    name = names[Decision(decision)]
    workflow.check(LINES, line, name, actor=actor)
    errors, amount, committed = _assessment_problems(line, decision, approved_yen, reason)
    reason = (reason or "").strip()
    previous = line.previous
    raise_all(errors)
    now = timezone.now()
    assessment = Assessment.objects.create(
        line=line, decision=decision, approved_yen=amount, reason=reason, assessed_at=now, assessed_by=actor
    )
    workflow.perform(LINES, line, name, actor=actor, reason=reason, values={"approved_yen": amount})
    if previous is not None:
        previous = ProjectLine.objects.select_for_update().get(pk=previous.pk)
        if previous.status != LineStatus.SUPERSEDED:
            workflow.perform(
                LINES,
                previous,
                "supersede",
                actor=workflow.SYSTEM,
                audit_actor=actor,
                values={"approved_yen": 0},
                changes={"superseded_by": [None, line.pk]},
            )
        if committed:
            Commitment.objects.filter(line=previous).update(line=line)
    return assessment


@transaction.atomic
def complete_assessment(*, actor: User, plan_id: int) -> ExecutionPlan:
    """HQ completes the assessment of a mission's execution plan once every line is assessed."""
    return workflow.perform(EXECUTION_PLANS, plan_id, "complete", actor=actor)


@transaction.atomic
def revise_line(*, actor: User, line_id: int, reason: str, **values: Any) -> ProjectLine:
    """A change during the year (the chapter's officers or the mission): a new version of a line of an
    included plan, pending HQ's assessment; the line it replaces stays in force until then. An assessed
    execution plan goes back to HQ (submitted)."""
    line = (
        ProjectLine.objects.select_for_update(of=("self",)).select_related("plan").filter(pk=line_id).first()
    )
    if line is None:
        raise NotFound(_("This project line does not exist."))
    if not perms.can_revise_line(scope_of(actor), line):
        raise PermissionDenied(_("Only the chapter's officers or its mission change a project."))
    errors: Errors = []
    if line.plan.status != ChapterPlanStatus.INCLUDED or line.plan.execution_plan_id is None:
        errors.append(
            (
                None,
                _(
                    "Only a line of a plan in the mission's execution plan is revised; "
                    "a draft plan is edited."
                ),
            )
        )
    elif line.status in (LineStatus.SUPERSEDED, LineStatus.WITHDRAWN):
        errors.append((None, _("This version of the line is no longer current.")))
    elif line.status == LineStatus.PENDING:
        errors.append(
            (None, _("This line waits for HQ's assessment: withdraw it, or change it once assessed."))
        )
    elif ProjectLine.objects.filter(previous=line).exclude(status=LineStatus.WITHDRAWN).exists():
        errors.append((None, _("A revision of this line is waiting for assessment already.")))
    elif hasattr(line, "report"):
        errors.append((None, _("The project has been reported: it is not changed any more.")))
    if not (reason or "").strip():
        errors.append(("change_reason", _("Say what changed and why.")))
    merged = {name: getattr(line, name) for name in LINE_FIELDS} | dict(values)
    line_errors, clean = _line_errors(
        merged, fiscal_year=line.plan.fiscal_year, mission_id=line.plan.mission_id
    )
    raise_all(errors + line_errors)
    new = ProjectLine.objects.create(
        plan=line.plan,
        version=line.version + 1,
        previous=line,
        change_reason=reason.strip(),
        carried_from_id=line.carried_from_id,
        **clean,
    )
    audit.record(
        actor=actor,
        action="jetaa_line.revise",
        obj=new,
        changes={
            "previous": [None, line.pk],
            "requested_yen": [line.requested_yen, new.requested_yen],
            "reason": [None, reason.strip()],
        },
        organisation=line.plan.chapter_id,
    )
    assert line.plan.execution_plan_id is not None  # checked above
    execution = workflow.lock(EXECUTION_PLANS, line.plan.execution_plan_id)
    if execution.status == ExecutionPlanStatus.ASSESSED:
        workflow.perform(
            EXECUTION_PLANS,
            execution,
            "amend",
            actor=workflow.SYSTEM,
            audit_actor=actor,
            changes={"line": [None, new.pk]},
        )
    return new


@transaction.atomic
def withdraw_line(*, actor: User, line_id: int, reason: str) -> ProjectLine:
    """A pending line (a revision not assessed yet, say) is withdrawn with the reason."""
    return workflow.perform(LINES, line_id, "withdraw", actor=actor, reason=reason)
