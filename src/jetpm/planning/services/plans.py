"""Every write of the country recruitment plan (国別招致計画): drafts, the apportionment proposal, hand edits
with a reason, the workflow draft → proposed → approved (→ superseded by a new version), and exports.

Keyword-only, ``actor`` first, atomic, audited in the same transaction. Approved and superseded plans are
immutable: every write refuses them. The pure part that turns demand and weights into seats
(:func:`propose_seats`) is also used by the demo world.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, PermissionDenied, raise_all
from jetpm.core.models import Country, Language, Person, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import JobType, PersonKind
from jetpm.planning import job_rules
from jetpm.planning.apportionment import METHODS, ApportionmentError, Share, apportion
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.participants import participants
from jetpm.planning.permissions import is_council_approver, is_drafter
from jetpm.planning.selectors.demand import demand_by_job_and_language
from jetpm.planning.selectors.plans import countries_offering, draft_refusal
from jetpm.planning.states import ApportionmentMethod, PlanStatus, WeightSource
from jetpm.planning.workflows import PLANS

LineKey = tuple[str, str, str]  # (country code, job type, language code)
Weight = int | Fraction
PARAMETER_FIELDS = ["method", "weight_source", "min_per_country", "max_per_country", "note"]
REASON_MAX = PlanLine._meta.get_field("reason").max_length or 500


# --- the pure part: demand and weights → seats ---------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A (job type, language) with demand for which no lines were proposed, and why."""

    job_type: str
    language: str
    demand: int
    message: str


@dataclass
class Proposal:
    seats: dict[LineKey, int] = field(default_factory=dict)  # only lines with seats > 0
    skipped: list[Skipped] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)


def _group_label(job_type: str, language: str) -> str:
    return f"{job_type} / {language}"


def propose_seats(
    *,
    demand: Mapping[tuple[str, str], int],
    offering: Mapping[str, Sequence[str]],
    weight: Callable[[str, str, str], Weight],
    method: str,
    minimum: int = 0,
    maximum: int | None = None,
    intake_year: int | None = None,
) -> Proposal:
    """For every (job type, language) with demand > 0: divide the demand among the countries offering the
    language, by ``weight(country, job type, language)``, with the published method. A language no country
    offers, or whose countries all weigh 0, is skipped with a message, and so is demand the job types' rules
    refuse (an ALT language ALT does not teach, SEA before FY1995). Impossible minimums or maximums raise
    :class:`DomainError` naming the field."""
    if method not in METHODS:
        raise DomainError(_("Unknown apportionment method: %(method)s") % {"method": method}, field="method")
    out = Proposal()
    for (job, lang), total in sorted(demand.items()):
        if total <= 0:
            continue
        label = _group_label(job, lang)
        refused = job_rules.problems(job, lang, intake_year)
        if refused:
            message = " ".join(m for _f, m in refused)
            out.skipped.append(Skipped(job, lang, total, f"{label}: {message}"))
            continue
        countries = sorted(offering.get(lang, ()))
        if not countries:
            out.skipped.append(
                Skipped(
                    job,
                    lang,
                    total,
                    _("%(group)s: no recruiting country offers this language; no lines were proposed.")
                    % {"group": label},
                )
            )
            continue
        weights = {c: weight(c, job, lang) for c in countries}
        if not any(w > 0 for w in weights.values()):
            out.skipped.append(
                Skipped(
                    job,
                    lang,
                    total,
                    _(
                        "%(group)s: every country offering this language weighs 0 with these weights; "
                        "no lines were proposed."
                    )
                    % {"group": label},
                )
            )
            continue
        if minimum * len(countries) > total:
            raise DomainError(
                _(
                    "%(group)s: the minimum per country (%(minimum)s × %(countries)s countries) is above the "
                    "demand of %(demand)s. Lower the minimum."
                )
                % {"group": label, "minimum": minimum, "countries": len(countries), "demand": total},
                field="min_per_country",
            )
        if maximum is not None and maximum * len(countries) < total:
            raise DomainError(
                _(
                    "%(group)s: the maximum per country (%(maximum)s × %(countries)s countries) is below the "
                    "demand of %(demand)s. Raise the maximum."
                )
                % {"group": label, "maximum": maximum, "countries": len(countries), "demand": total},
                field="max_per_country",
            )
        shares = [Share(id=c, weight=weights[c], min=minimum, max=maximum) for c in countries]
        try:
            result = apportion(total, method, shares)
        except ApportionmentError as exc:
            raise DomainError(
                _("%(group)s: %(message)s") % {"group": label, "message": str(exc)}, field="method"
            ) from exc
        for country, seats in result.seats.items():
            if seats > 0:
                out.seats[(country, job, lang)] = seats
        out.ties += [f"{label}: {t}" for t in result.ties]
    return out


@dataclass(frozen=True)
class LineDiff:
    added: list[tuple[LineKey, int]]
    removed: list[tuple[LineKey, int]]
    changed: list[tuple[LineKey, int, int]]  # (key, before, after)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_lines(before: Mapping[LineKey, int], after: Mapping[LineKey, int]) -> LineDiff:
    """Lines added, removed and changed between two versions (by country, job type and language)."""
    return LineDiff(
        added=[(k, after[k]) for k in sorted(after.keys() - before.keys())],
        removed=[(k, before[k]) for k in sorted(before.keys() - after.keys())],
        changed=[
            (k, before[k], after[k]) for k in sorted(before.keys() & after.keys()) if before[k] != after[k]
        ],
    )


# --- weights read from the database --------------------------------------------------------------------


def last_years_participants(intake_year: int) -> dict[LineKey, int]:
    """The participants of the fiscal year before ``intake_year`` (their appointment terms of that year) by
    (recruiting country, job type, designated language), in one query (the appointments app's, through
    ``planning.participants``)."""
    return participants().last_years_participants(intake_year)


def weight_function(
    plan: CountryPlan, demand: Mapping[tuple[str, str], int], offering: Mapping[str, Sequence[str]]
) -> Callable[[str, str, str], Weight]:
    """The weights the plan's ``weight_source`` names, read in one query at most."""
    source = plan.weight_source
    if source == WeightSource.PARTICIPANTS:
        # Last year's participants: the appointment terms served in the fiscal year before the intake,
        # by recruiting country, job type and designated language.
        seats = last_years_participants(plan.intake_year)
        return lambda c, j, lang: seats.get((c, j, lang), 0)
    if source == WeightSource.APPLICANTS:
        applicants = dict(
            Person.objects.filter(kind=PersonKind.APPLICANT)
            .order_by()
            .values_list("nationality__code")
            .annotate(n=Count("id"))
        )
        return lambda c, j, lang: int(applicants.get(c, 0))
    if source == WeightSource.REQUESTS:
        # The demand naming a language, split equally among the countries offering it.
        return lambda c, j, lang: Fraction(demand.get((j, lang), 0), max(1, len(offering.get(lang, ()))))
    return lambda c, j, lang: 1


# --- permissions and state -----------------------------------------------------------------------------


def _require_planner(actor: User) -> None:
    if not is_drafter(scope_of(actor)):
        raise PermissionDenied(_("Only staff of MIC, MOFA, MEXT or CLAIR may change the country plan."))


def _require_approver(actor: User) -> None:
    if not is_council_approver(scope_of(actor)):
        raise PermissionDenied(
            _("Only the Council's approvers may approve the country plan or send it back.")
        )


def _lock(plan_id: int) -> CountryPlan:
    try:
        return CountryPlan.objects.select_for_update(of=("self",)).get(pk=plan_id)
    except CountryPlan.DoesNotExist as exc:
        raise DomainError(_("This plan does not exist.")) from exc


def _require_draft(plan: CountryPlan) -> None:
    refusal = draft_refusal(plan)
    if refusal:
        raise IllegalTransition(refusal)


def _next_version(intake_year: int) -> int:
    latest = CountryPlan.objects.filter(intake_year=intake_year).aggregate(v=Max("version"))["v"]
    return int(latest or 0) + 1


# --- drafts and parameters -----------------------------------------------------------------------------


@transaction.atomic
def create_plan(*, actor: User, intake_year: int) -> CountryPlan:
    """A new draft for an intake year (version = the year's highest + 1), with default parameters."""
    _require_planner(actor)
    if not 1987 <= intake_year <= 2100:
        raise DomainError(_("The intake year must be between 1987 and 2100."), field="intake_year")
    approved = CountryPlan.objects.filter(intake_year=intake_year, status=PlanStatus.APPROVED).first()
    if approved is not None:
        raise DomainError(
            _(
                "The plan for %(year)s is already approved (version %(version)s): make a new version of it "
                "instead."
            )
            % {"year": intake_year, "version": approved.version},
            field="intake_year",
        )
    plan = CountryPlan.objects.create(
        intake_year=intake_year, version=_next_version(intake_year), created_by=actor
    )
    audit.record(
        actor=actor,
        action="plan.create",
        obj=plan,
        changes={"intake_year": [None, intake_year], "version": [None, plan.version]},
    )
    return plan


@transaction.atomic
def update_parameters(
    *,
    actor: User,
    plan_id: int,
    method: str,
    weight_source: str,
    min_per_country: int,
    max_per_country: int | None,
    note: str = "",
) -> CountryPlan:
    """The parameters of the proposal (method, weights, minimum and maximum per country) of a draft."""
    _require_planner(actor)
    plan = _lock(plan_id)
    _require_draft(plan)
    errors: list[tuple[str | None, str]] = []
    if method not in ApportionmentMethod.values:
        errors.append(("method", _("Unknown apportionment method: %(method)s") % {"method": method}))
    if weight_source not in WeightSource.values:
        errors.append(("weight_source", _("Unknown weights: %(source)s") % {"source": weight_source}))
    if min_per_country < 0:
        errors.append(("min_per_country", _("The minimum cannot be negative.")))
    if max_per_country is not None and max_per_country < min_per_country:
        errors.append(("max_per_country", _("The maximum is below the minimum.")))
    raise_all(errors)
    before = audit.snapshot(plan, PARAMETER_FIELDS)
    plan.method, plan.weight_source = method, weight_source
    plan.min_per_country, plan.max_per_country, plan.note = min_per_country, max_per_country, note
    changes = audit.diff(before, audit.snapshot(plan, PARAMETER_FIELDS))
    if changes:
        plan.save(update_fields=PARAMETER_FIELDS)
        audit.record(actor=actor, action="plan.parameters", obj=plan, changes=changes)
    return plan


@transaction.atomic
def update_and_compute(
    *,
    actor: User,
    plan_id: int,
    method: str,
    weight_source: str,
    min_per_country: int,
    max_per_country: int | None,
    note: str = "",
) -> Proposal:
    """Save the parameters and compute the proposal in one step: when the computation is refused, the
    parameters are not saved either (the plan is left as it was)."""
    update_parameters(
        actor=actor,
        plan_id=plan_id,
        method=method,
        weight_source=weight_source,
        min_per_country=min_per_country,
        max_per_country=max_per_country,
        note=note,
    )
    return compute_proposal(actor=actor, plan_id=plan_id)


@transaction.atomic
def compute_proposal(*, actor: User, plan_id: int) -> Proposal:
    """Replace a draft's lines with the proposal of its method and weights over the intake's demand."""
    _require_planner(actor)
    plan = _lock(plan_id)
    _require_draft(plan)
    demand = demand_by_job_and_language(plan.intake_year)
    if not any(n > 0 for n in demand.values()):
        raise DomainError(
            _("There is no demand for %(year)s yet: no request has been submitted.")
            % {"year": plan.intake_year}
        )
    if plan.weight_source == WeightSource.PARTICIPANTS and not last_years_participants(plan.intake_year):
        raise DomainError(
            _("No participant served in %(year)s to use as weights: choose other weights.")
            % {"year": fiscal_year_label(plan.intake_year - 1)},
            field="weight_source",
        )
    offering = countries_offering(plan.intake_year)
    proposal = propose_seats(
        demand=demand,
        offering=offering,
        weight=weight_function(plan, demand, offering),
        method=plan.method,
        minimum=plan.min_per_country,
        maximum=plan.max_per_country,
        intake_year=plan.intake_year,
    )
    if not proposal.seats and proposal.skipped:
        raise DomainError(" ".join(s.message for s in proposal.skipped), field="weight_source")
    countries = {c.code: c for c in Country.objects.filter(code__in={k[0] for k in proposal.seats})}
    languages = {lang.code: lang for lang in Language.objects.filter(code__in={k[2] for k in proposal.seats})}
    before = plan.lines.aggregate(n=Count("id"), seats=Sum("seats"))
    plan.lines.all().delete()
    PlanLine.objects.bulk_create(
        PlanLine(plan=plan, country=countries[c], job_type=j, language=languages[lang], proposed=s, seats=s)
        for (c, j, lang), s in sorted(proposal.seats.items())
    )
    audit.record(
        actor=actor,
        action="plan.compute",
        obj=plan,
        changes={
            "lines": [before["n"], len(proposal.seats)],
            "seats": [before["seats"] or 0, sum(proposal.seats.values())],
            "method": [None, plan.method],
            "weight_source": [None, plan.weight_source],
            "skipped": [None, [f"{s.job_type}/{s.language}" for s in proposal.skipped]],
        },
    )
    return proposal


@transaction.atomic
def save_line(
    *,
    actor: User,
    plan_id: int,
    country_code: str,
    job_type: str,
    language_code: str,
    seats: int,
    reason: str = "",
) -> PlanLine | None:
    """Set a line's seats by hand (a reason is required when they differ from the proposal), or add a line
    the proposal did not have (proposed 0, so a reason is required). A hand-added line set to 0 is removed;
    the answer is then None."""
    _require_planner(actor)
    plan = _lock(plan_id)
    _require_draft(plan)
    reason = (reason or "").strip()
    if job_type not in JobType.values:
        raise DomainError(_("Unknown job type: %(job)s") % {"job": job_type}, field="job_type")
    country = Country.objects.filter(code=country_code).first()
    if country is None:
        raise DomainError(_("Unknown country: %(code)s") % {"code": country_code}, field="country")
    language = Language.objects.filter(code=language_code, designated=True).first()
    if language is None:
        raise DomainError(
            _("Not a designated language of the programme: %(code)s") % {"code": language_code},
            field="language",
        )
    for name, message in job_rules.problems(job_type, language.code, plan.intake_year):
        raise DomainError(message, field=name)
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
        raise DomainError(
            _("The number of new participants must be a whole number, 0 or more."), field="seats"
        )
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("The reason is too long (%(max)s characters at most).") % {"max": REASON_MAX}, field="reason"
        )
    line = (
        PlanLine.objects.select_for_update(of=("self",))
        .filter(plan=plan, country=country, job_type=job_type, language=language)
        .first()
    )
    proposed = line.proposed if line is not None else 0
    if seats != proposed and not reason:
        raise DomainError(
            _(
                "Reason: give a reason for %(country)s %(job)s %(language)s — %(seats)s differs from the "
                "proposal of %(proposed)s."
            )
            % {
                "country": country.code,
                "job": job_type,
                "language": language.code,
                "seats": seats,
                "proposed": proposed,
            },
            field="reason",
        )
    fields = ["seats", "reason"]
    if line is None:
        if seats == 0:
            raise DomainError(_("A new line needs at least 1 new participant."), field="seats")
        line = PlanLine.objects.create(
            plan=plan,
            country=country,
            job_type=job_type,
            language=language,
            proposed=0,
            seats=seats,
            reason=reason,
        )
        audit.record(
            actor=actor,
            action="plan_line.create",
            obj=line,
            changes={
                "plan": [None, plan.pk],
                "proposed": [None, 0],
                "seats": [None, seats],
                "reason": [None, reason],
            },
        )
        return line
    before = audit.snapshot(line, fields)
    if seats == 0 and line.proposed == 0:
        audit.record(actor=actor, action="plan_line.delete", obj=line, changes=audit.diff(before, {}))
        line.delete()
        return None
    line.seats, line.reason = seats, reason
    changes = audit.diff(before, audit.snapshot(line, fields))
    if changes:
        line.save(update_fields=fields)
        audit.record(actor=actor, action="plan_line.update", obj=line, changes=changes)
    return line


class LinesRefused(FieldErrors):
    """Some lines of a Save were refused; nothing was saved. Every refusal is on the line's seats (the
    editor's field ``seats-<line id>``); ``by_line``: line id -> why."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__([(f"seats-{line_id}", message) for line_id, message in errors.items()])
        self.by_line = errors


@transaction.atomic
def save_lines(*, actor: User, plan_id: int, values: Mapping[int, tuple[Any, str]]) -> list[PlanLine | None]:
    """Save the lines of the plan's editor at once: line id -> (seats, reason). Only the lines whose seats or
    reason changed are written; when any line is refused, none is saved and every refusal is reported
    (LinesRefused). The answer: the changed lines as saved (None for a removed one)."""
    _require_planner(actor)
    plan = _lock(plan_id)
    _require_draft(plan)
    lines = {line.pk: line for line in plan.lines.select_related("country", "language")}
    saved: list[PlanLine | None] = []
    errors: dict[int, str] = {}
    for line_id, (seats, reason) in values.items():
        line = lines.get(line_id)
        if line is None:
            raise DomainError(_("This line is not in the plan."), field="seats")
        if seats == line.seats and (reason or "").strip() == line.reason:
            continue
        try:
            saved.append(
                save_line(
                    actor=actor,
                    plan_id=plan.pk,
                    country_code=line.country.code,
                    job_type=line.job_type,
                    language_code=line.language.code,
                    seats=seats,
                    reason=reason,
                )
            )
        except DomainError as exc:
            errors[line_id] = exc.message
    if errors:
        raise LinesRefused(errors)
    return saved


# --- the workflow -----------------------------------------------------------------------------------------


@transaction.atomic
def propose_plan(*, actor: User, plan_id: int) -> CountryPlan:
    """Draft → proposed to the Council."""
    return workflow.perform(PLANS, _lock(plan_id), "propose", actor=actor)


@transaction.atomic
def send_back_plan(*, actor: User, plan_id: int, reason: str = "") -> CountryPlan:
    """Proposed → draft: the Council sends the plan back to the planners, saying why."""
    return workflow.perform(PLANS, _lock(plan_id), "send_back", actor=actor, reason=reason)


@transaction.atomic
def approve_plan(*, actor: User, plan_id: int) -> CountryPlan:
    """Proposed → approved by the Council; the version it supersedes becomes superseded in the same step."""
    plan = _lock(plan_id)
    workflow.check(PLANS, plan, "approve", actor=actor)
    current = (
        CountryPlan.objects.select_for_update(of=("self",))
        .filter(intake_year=plan.intake_year, status=PlanStatus.APPROVED)
        .exclude(pk=plan.pk)
        .first()
    )
    if current is not None:
        if current.pk != plan.supersedes_id:
            raise DomainError(
                _(
                    "Version %(version)s of %(year)s is already approved and this plan is not a new version "
                    "of it: make the new version from the approved one."
                )
                % {"version": current.version, "year": plan.intake_year}
            )
        workflow.supersede(PLANS, current, actor=actor, by=plan)
    return workflow.perform(PLANS, plan, "approve", actor=actor)


@transaction.atomic
def new_version(*, actor: User, plan_id: int) -> CountryPlan:
    """A new draft that supersedes an approved plan, with its parameters and lines."""
    _require_planner(actor)
    source = _lock(plan_id)
    if source.status != PlanStatus.APPROVED:
        raise IllegalTransition(_("Only an approved plan can be corrected by a new version."))
    if CountryPlan.objects.filter(supersedes=source).exists():
        raise DomainError(_("A new version of this plan already exists: continue with it."))
    plan = CountryPlan.objects.create(
        intake_year=source.intake_year,
        version=_next_version(source.intake_year),
        supersedes=source,
        created_by=actor,
        **{f: getattr(source, f) for f in PARAMETER_FIELDS},
    )
    PlanLine.objects.bulk_create(
        PlanLine(
            plan=plan,
            country_id=line.country_id,
            job_type=line.job_type,
            language_id=line.language_id,
            proposed=line.proposed,
            seats=line.seats,
            reason=line.reason,
        )
        for line in source.lines.all()
    )
    audit.record(
        actor=actor,
        action="plan.new_version",
        obj=plan,
        changes={"version": [None, plan.version], "supersedes": [None, source.pk]},
    )
    return plan


@transaction.atomic
def record_export(*, actor: User, plan: CountryPlan, fmt: str, rows: int) -> None:
    """Every download of a plan is audited."""
    audit.record(
        actor=actor, action="plan.export", obj=plan, changes={"format": [None, fmt], "rows": [None, rows]}
    )
