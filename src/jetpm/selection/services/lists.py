"""Selection lists: HQ prepares a proposal from the missions' reports, adjusts it while a draft and proposes
it; the Council approves it (then it is immutable) or sends it back; HQ publishes every approved list of the
year at once — statuses, offers and notices in one transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.transitions import move
from jetpm.applications.states import ApplicationStatus
from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import Country, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import JobType
from jetpm.planning.models import PlanLine
from jetpm.planning.states import PlanStatus
from jetpm.screening.models import ReportEntry
from jetpm.screening.states import ReportStatus
from jetpm.selection import ranking
from jetpm.selection.models import Offer, SelectionEntry, SelectionList
from jetpm.selection.notices import send_result
from jetpm.selection.permissions import can_prepare
from jetpm.selection.states import ListStatus, OfferOrigin, Result
from jetpm.selection.workflows import LISTS

_RESULT_TO_STATUS = {
    Result.SHORTLISTED: ApplicationStatus.SHORTLISTED,
    Result.ALTERNATE: ApplicationStatus.ALTERNATE,
    Result.NOT_SELECTED: ApplicationStatus.NOT_SELECTED,
}


def _require_hq(actor: User) -> None:
    if not can_prepare(scope_of(actor)):
        raise PermissionDenied(_("Only HQ (MOFA staff) may prepare and publish the selection."))


def _lock_list(selection_id: int) -> SelectionList:
    return (
        SelectionList.objects.select_for_update(of=("self",)).select_related("country").get(pk=selection_id)
    )


def _require_draft(selection: SelectionList) -> None:
    if selection.status != ListStatus.DRAFT:
        raise IllegalTransition(
            _("The list %(list)s is “%(status)s”: only a draft can be changed.")
            % {"list": selection, "status": selection.get_status_display()}
        )


def plan_seats(intake_year: int) -> dict[tuple[int, str], int]:
    """Seats of the approved country plan per (country id, job type), summed over the languages."""
    rows = (
        PlanLine.objects.filter(plan__intake_year=intake_year, plan__status=PlanStatus.APPROVED)
        .values("country_id", "job_type")
        .annotate(seats=Sum("seats"))
    )
    return {(r["country_id"], r["job_type"]): r["seats"] or 0 for r in rows}


def has_approved_plan(intake_year: int) -> bool:
    from jetpm.planning.models import CountryPlan

    return CountryPlan.objects.filter(intake_year=intake_year, status=PlanStatus.APPROVED).exists()


def recommended_entries(intake_year: int):  # type: ignore[no-untyped-def]
    """Entries of the missions' submitted reports of the year whose application is still recommended."""
    return ReportEntry.objects.filter(
        report__intake_year=intake_year,
        report__status=ReportStatus.SUBMITTED,
        application__status=ApplicationStatus.RECOMMENDED,
    )


def _candidates(intake_year: int, country_id: int, job_type: str) -> list[ranking.Candidate]:
    rows = (
        recommended_entries(intake_year)
        .filter(application__country_id=country_id, job_type=job_type)
        .values_list("application_id", "score", "z_score", "rank")
    )
    seen: set[int] = set()
    out = []
    for app_id, score, z, rank in rows:
        if app_id not in seen:
            seen.add(app_id)
            out.append(ranking.Candidate(app_id, score, z, rank))
    return out


def _build(
    *, actor: User, intake_year: int, country: Country, job_type: str, seats: int, alternates: int | None
) -> SelectionList:
    selection, created = SelectionList.objects.select_for_update(of=("self",)).get_or_create(
        intake_year=intake_year, country=country, job_type=job_type, defaults={"seats": seats}
    )
    _require_draft(selection)
    selection.seats = seats
    selection.save(update_fields=["seats"])
    selection.entries.all().delete()
    taken = set(
        SelectionEntry.objects.filter(
            application__intake_year=intake_year, application__country=country, application__job_type=job_type
        ).values_list("application_id", flat=True)
    )
    candidates = [c for c in _candidates(intake_year, country.pk, job_type) if c.application_id not in taken]
    placed = ranking.propose(candidates, seats, alternates)
    SelectionEntry.objects.bulk_create(
        SelectionEntry(
            selection=selection,
            application_id=p.candidate.application_id,
            result=p.result,
            alternate_rank=p.alternate_rank,
            score=p.candidate.score,
            z_score=p.candidate.z_score,
        )
        for p in placed
    )
    counts = {r: sum(1 for p in placed if p.result == r) for r in Result.values}
    audit.record(
        actor=actor,
        action="selection.list.prepare",
        obj=selection,
        changes={"seats": seats, "alternates": alternates, "created": created, **counts},
    )
    return selection


@transaction.atomic
def prepare_list(
    *, actor: User, intake_year: int, country_id: int, job_type: str, alternates: int | None = None
) -> SelectionList:
    """Make (or remake) the draft list of one country and job type from the missions' recommendations."""
    _require_hq(actor)
    if job_type not in JobType.values:
        raise DomainError(_("Choose a job type."), field="job_type")
    if alternates is not None and alternates < 0:
        raise DomainError(_("The number of alternates cannot be negative."), field="alternates")
    if not has_approved_plan(intake_year):
        raise DomainError(
            _("There is no approved country plan for %(year)s yet.") % {"year": intake_year}, field="year"
        )
    try:
        country = Country.objects.get(pk=country_id)
    except Country.DoesNotExist as exc:
        raise DomainError(_("Choose a country."), field="country") from exc
    seats = plan_seats(intake_year).get((country.pk, job_type), 0)
    return _build(
        actor=actor,
        intake_year=intake_year,
        country=country,
        job_type=job_type,
        seats=seats,
        alternates=alternates,
    )


@transaction.atomic
def prepare_all(*, actor: User, intake_year: int, alternates: int | None = None) -> tuple[int, int]:
    """Prepare every country and job type of the year (the plan's and the recommended ones); lists already
    proposed, approved or published are left alone. Returns (prepared, skipped)."""
    _require_hq(actor)
    if not has_approved_plan(intake_year):
        raise DomainError(
            _("There is no approved country plan for %(year)s yet.") % {"year": intake_year}, field="year"
        )
    seats = plan_seats(intake_year)
    keys = set(seats) | set(
        recommended_entries(intake_year).values_list("application__country_id", "job_type").distinct()
    )
    fixed = set(
        SelectionList.objects.filter(intake_year=intake_year)
        .exclude(status=ListStatus.DRAFT)
        .values_list("country_id", "job_type")
    )
    countries = Country.objects.in_bulk({c for c, _j in keys})
    prepared = skipped = 0
    for country_id, job_type in sorted(keys, key=lambda k: (countries[k[0]].code, k[1])):
        if (country_id, job_type) in fixed:
            skipped += 1
            continue
        _build(
            actor=actor,
            intake_year=intake_year,
            country=countries[country_id],
            job_type=job_type,
            seats=seats.get((country_id, job_type), 0),
            alternates=alternates,
        )
        prepared += 1
    return prepared, skipped


def _renumber(selection: SelectionList, ordered_ids: list[int]) -> None:
    """Give the alternates of ``ordered_ids`` the ranks 1..k (two steps, so the unique rank never clashes)."""
    selection.entries.filter(alternate_rank__isnull=False).update(alternate_rank=F("alternate_rank") + 100000)
    for rank, entry_id in enumerate(ordered_ids, start=1):
        SelectionEntry.objects.filter(pk=entry_id).update(alternate_rank=rank)


def _alternate_ids(selection: SelectionList) -> list[int]:
    return list(
        selection.entries.filter(result=Result.ALTERNATE)
        .order_by("alternate_rank")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def set_result(*, actor: User, selection_id: int, entry_id: int, result: str) -> SelectionEntry:
    """Move a candidate of a draft list between the short-list, the alternates (last rank) and not
    selected."""
    _require_hq(actor)
    selection = _lock_list(selection_id)
    _require_draft(selection)
    if result not in Result.values:
        raise DomainError(_("Choose a result."), field="result")
    entry = selection.entries.select_related("application").get(pk=entry_id)
    old = entry.result
    if old == result:
        return entry
    order = [i for i in _alternate_ids(selection) if i != entry.pk]
    if result == Result.ALTERNATE:
        order.append(entry.pk)
    # clear the rank first (the check constraint wants a rank exactly on alternates)
    SelectionEntry.objects.filter(pk=entry.pk).update(
        result=result, alternate_rank=None if result != Result.ALTERNATE else 999999
    )
    _renumber(selection, order)
    entry.refresh_from_db()
    audit.record(
        actor=actor,
        action="selection.entry.result",
        obj=entry,
        changes={"result": [old, result], "application": entry.application.reference},
        organisation=entry.application.mission_id,
        person=entry.application.person_id,
    )
    return entry


@transaction.atomic
def move_alternate(*, actor: User, selection_id: int, entry_id: int, up: bool) -> None:
    """Swap an alternate with the one above (``up``) or below it."""
    _require_hq(actor)
    selection = _lock_list(selection_id)
    _require_draft(selection)
    order = _alternate_ids(selection)
    if entry_id not in order:
        raise DomainError(_("Only an alternate can be moved up or down."), field="entry")
    i = order.index(entry_id)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(order):
        return
    order[i], order[j] = order[j], order[i]
    _renumber(selection, order)
    audit.record(
        actor=actor,
        action="selection.entry.rank",
        obj=selection,
        changes={"entry": entry_id, "alternate_rank": [i + 1, j + 1]},
    )


def shortlist_count(selection: SelectionList) -> int:
    return selection.entries.filter(result=Result.SHORTLISTED).count()


@transaction.atomic
def propose(*, actor: User, selection_id: int) -> SelectionList:
    selection = _lock_list(selection_id)
    workflow.check(LISTS, selection, "propose", actor=actor)
    n = shortlist_count(selection)
    if n > selection.seats:
        raise DomainError(
            _("The short-list has %(n)s candidates but the approved plan has %(seats)s seats.")
            % {"n": n, "seats": selection.seats},
            field="seats",
        )
    return workflow.perform(LISTS, selection, "propose", actor=actor, changes={"shortlisted": n})


@transaction.atomic
def approve(*, actor: User, selection_id: int) -> SelectionList:
    return workflow.perform(LISTS, _lock_list(selection_id), "approve", actor=actor)


@transaction.atomic
def send_back(*, actor: User, selection_id: int, note: str) -> SelectionList:
    return workflow.perform(
        LISTS, _lock_list(selection_id), "send_back", actor=actor, reason=note, values={"proposed_at": None}
    )


@transaction.atomic
def publish(*, actor: User, intake_year: int, deadline: date, today: date | None = None) -> int:
    """Publish every approved list of the year at once: each candidate's status, an offer for each
    short-listed candidate (reply by ``deadline``), a notice and an e-mail to everyone. Returns the number
    of lists published."""
    _require_hq(actor)
    today = today or timezone.localdate()
    if deadline <= today:
        raise DomainError(_("The reply deadline must be after today."), field="deadline")
    lists = list(
        SelectionList.objects.select_for_update(of=("self",))
        .select_related("country")
        .filter(intake_year=intake_year)
        .exclude(status=ListStatus.PUBLISHED)
        .order_by("country__code", "job_type")
    )
    pending = [s for s in lists if s.status != ListStatus.APPROVED]
    if pending:
        raise DomainError(
            _("These lists are not approved by the Council yet: %(lists)s.")
            % {"lists": ", ".join(f"{s.country.code} {s.job_type}" for s in pending)},
            field="year",
        )
    if not lists:
        raise DomainError(_("No approved list is waiting to be published."), field="year")
    for selection in lists:
        entries = list(selection.entries.order_by("result", "alternate_rank", "pk"))
        apps = (
            Application.objects.select_for_update(of=("self",))
            .select_related("person__user")
            .in_bulk([e.application_id for e in entries])
        )
        skipped = []
        for entry in entries:
            app = apps[entry.application_id]
            if app.status != ApplicationStatus.RECOMMENDED:
                skipped.append(
                    app.reference
                )  # withdrawn or disqualified since: a freed place if short-listed
                continue
            move(app, _RESULT_TO_STATUS[Result(entry.result)], actor=actor, action="selection.publish.status")
            offer_id = None
            if entry.result == Result.SHORTLISTED:
                if Offer.objects.filter(application=app).exists():
                    raise DomainError(_("Application %(ref)s already has an offer.") % {"ref": app.reference})
                offer = Offer.objects.create(application=app, origin=OfferOrigin.SHORTLIST, deadline=deadline)
                offer_id = offer.pk
                audit.record(
                    actor=actor,
                    action="selection.offer.create",
                    obj=offer,
                    changes={"origin": offer.origin, "deadline": deadline},
                    organisation=app.mission_id,
                    person=app.person_id,
                )
            send_result(
                application=app,
                result=entry.result,
                deadline=deadline,
                rank=entry.alternate_rank,
                offer_id=offer_id,
            )
        workflow.perform(
            LISTS,
            selection,
            "publish",
            actor=actor,
            changes={"deadline": deadline.isoformat(), "entries": len(entries), "skipped": skipped},
        )
    return len(lists)
