"""Reads of the final selection, always scoped (jetpm.core.scoping)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.applications.models import Application, Document
from jetpm.applications.states import ApplicationStatus, DocumentKind
from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.errors import NotFound
from jetpm.core.models import Country, RecruitmentCycle
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.selectors import arrival_date
from jetpm.screening.models import ReportEntry
from jetpm.screening.states import ReportStatus
from jetpm.selection.models import Offer, SelectionEntry, SelectionList, Vacancy
from jetpm.selection.permissions import can_clear, can_read_letter, can_reply
from jetpm.selection.services.lists import plan_seats
from jetpm.selection.services.offers import missing_certificates
from jetpm.selection.services.vacancies import freed_applications
from jetpm.selection.states import ListStatus, OfferStatus, Result
from jetpm.selection.workflows import APPLICATION_ACTIONS, LIST_ACTIONS, OFFER_ACTIONS, OFFERS


def default_year() -> int | None:
    """The intake year to show first: the newest one with selection lists, else the newest cycle."""
    year = SelectionList.objects.order_by("-intake_year").values_list("intake_year", flat=True).first()
    return (
        year
        or RecruitmentCycle.objects.order_by("-intake_year").values_list("intake_year", flat=True).first()
    )


@dataclass
class Row:
    country: Country
    job_type: str
    seats: int = 0
    recommended: int = 0
    shortlisted: int = 0
    alternates: int = 0
    selection: SelectionList | None = None

    @property
    def over(self) -> bool:
        return self.shortlisted > self.seats


@dataclass
class Overview:
    rows: list[Row] = field(default_factory=list)
    seats: int = 0
    recommended: int = 0
    shortlisted: int = 0
    alternates: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def overview(user: Any, intake_year: int) -> Overview:
    """Per country and job type: the plan's seats, the missions' recommendations, the list's short-list and
    alternates and its status. Four queries whatever the number of countries."""
    seats = plan_seats(intake_year)
    recommended: dict[tuple[int, str], int] = {
        (r["application__country_id"], r["job_type"]): r["n"]
        for r in ReportEntry.objects.filter(
            report__intake_year=intake_year, report__status=ReportStatus.SUBMITTED
        )
        .values("application__country_id", "job_type")
        .annotate(n=Count("application", distinct=True))
    }
    lists = {
        (s.country_id, s.job_type): s
        for s in visible_to(user, SelectionList)
        .filter(intake_year=intake_year)
        .annotate(
            n_short=Count("entries", filter=Q(entries__result=Result.SHORTLISTED)),
            n_alt=Count("entries", filter=Q(entries__result=Result.ALTERNATE)),
        )
    }
    keys = set(seats) | set(recommended) | set(lists)
    countries = Country.objects.in_bulk({c for c, _j in keys})
    out = Overview()
    for key in sorted(keys, key=lambda k: (countries[k[0]].code, k[1])):
        s = lists.get(key)
        row = Row(
            country=countries[key[0]],
            job_type=key[1],
            seats=seats.get(key, 0),
            recommended=recommended.get(key, 0),
            shortlisted=getattr(s, "n_short", 0),
            alternates=getattr(s, "n_alt", 0),
            selection=s,
        )
        out.rows.append(row)
        out.seats += row.seats
        out.recommended += row.recommended
        out.shortlisted += row.shortlisted
        out.alternates += row.alternates
        if s is not None:
            out.by_status[s.status] = out.by_status.get(s.status, 0) + 1
    return out


def access_list_by_id(user: Any, selection_id: int, *, action: str | None = None) -> SelectionList:
    """A list the user may see (and, with ``action``, act on: ``LIST_ACTIONS``)."""
    return access(
        user,
        SelectionList.objects.select_related("country", "approved_by"),
        action=action,
        actions=LIST_ACTIONS,
        pk=selection_id,
    )


def list_entries(selection: SelectionList) -> QuerySet[SelectionEntry]:
    order = Case(
        When(result=Result.SHORTLISTED, then=Value(0)),
        When(result=Result.ALTERNATE, then=Value(1)),
        default=Value(2),
    )
    return (
        selection.entries.select_related("application__mission", "application__person")
        .annotate(result_order=order)
        .order_by("result_order", "alternate_rank", F("z_score").desc(nulls_last=True), "-score", "pk")
    )


def proposed_lists(user: Any, intake_year: int) -> QuerySet[SelectionList]:
    return (
        visible_to(user, SelectionList)
        .filter(intake_year=intake_year, status=ListStatus.PROPOSED)
        .select_related("country")
    )


@dataclass(frozen=True)
class FreedPlace:
    application: Application
    selection: SelectionList
    proposed: SelectionEntry | None


def freed_places(user: Any) -> list[FreedPlace]:
    """The places freed and not yet recorded, each with the proposed next alternate of its list (two
    queries)."""
    apps = list(
        visible_to(user, freed_applications())
        .select_related("selection_entry__selection__country", "mission")
        .order_by("status_changed_at", "pk")
    )
    selection_ids = {a.selection_entry.selection_id for a in apps}
    # two places freed in one list take the first alternates in turn
    taken: dict[int, list[SelectionEntry]] = defaultdict(list)
    if selection_ids:
        for e in (
            SelectionEntry.objects.select_related("application")
            .filter(
                selection_id__in=selection_ids,
                result=Result.ALTERNATE,
                application__status=ApplicationStatus.ALTERNATE,
            )
            .order_by("selection_id", "alternate_rank")
        ):
            taken[e.selection_id].append(e)
    out = []
    for a in apps:
        queue = taken[a.selection_entry.selection_id]
        out.append(FreedPlace(a, a.selection_entry.selection, queue.pop(0) if queue else None))
    return out


def vacancies_for(user: Any) -> QuerySet[Vacancy]:
    return (
        visible_to(user, Vacancy)
        .select_related("selection__country", "freed_by", "filled_by", "confirmed_by")
        .order_by("-freed_at", "-pk")
    )


def overdue_offers(user: Any, today: date) -> int:
    return visible_to(user, Offer).filter(status=OfferStatus.OPEN, deadline__lt=today).count()


def access_offer_by_id(user: Any, offer_id: int, *, action: str | None = None) -> Offer:
    """An offer the user may see (and, with ``action``, act on: ``OFFER_ACTIONS``)."""
    return access(
        user,
        Offer.objects.select_related("application__person", "application__mission", "application__country"),
        action=action,
        actions=OFFER_ACTIONS,
        pk=offer_id,
    )


def access_application_by_id(user: Any, application_id: int, *, action: str | None = None) -> Application:
    """An application the user may see (and, with ``action``, act on: ``APPLICATION_ACTIONS``)."""
    return access(user, Application, action=action, actions=APPLICATION_ACTIONS, pk=application_id)


def published_entry(user: Any, application_id: int) -> SelectionEntry:
    """The published decision on an application whose letter the user may read (not found before
    publication)."""
    app = access_application_by_id(user, application_id, action="letter")
    entry = (
        SelectionEntry.objects.select_related(
            "selection__country", "application__person", "application__mission"
        )
        .filter(application=app, selection__status=ListStatus.PUBLISHED)
        .first()
    )
    if entry is None:
        raise NotFound(_("No such record."))
    return entry


@dataclass(frozen=True)
class OfferPage:
    """What the offer page shows, and to whom: the applicant replies and uploads the certificates; HQ and
    the mission read the reply and clear the candidate."""

    offer: Offer
    application: Application
    mine: bool  # the applicant's own offer
    replying: bool  # open, theirs, before the deadline: the reply forms
    late: bool  # open, theirs, past the deadline
    dual: bool  # another nationality: the reply confirms its renunciation
    show_reply: bool  # the accepted reply's details, for others than the applicant
    show_certificates: bool  # accepted (or cleared): the certificates
    may_upload: bool
    may_clear: bool
    may_read_letter: bool
    arrival: date
    certificates: list[Document]
    missing: list[str]
    missing_labels: list[str]


def offer_page(user: Any, offer: Offer, *, today: date | None = None) -> OfferPage:
    """The offer page's data for this user (the offer from :func:`access_offer_by_id`)."""
    scope = scope_of(user)
    today = today or timezone.localdate()
    app = offer.application
    mine = can_reply(scope, app)
    answerable = mine and "accept" in {t.name for t in workflow.available(OFFERS, user, offer)}
    accepted = app.status == ApplicationStatus.ACCEPTED
    missing = missing_certificates(app) if accepted else []
    kinds = dict(DocumentKind.choices)
    return OfferPage(
        offer=offer,
        application=app,
        mine=mine,
        replying=answerable and today <= offer.deadline,
        late=answerable and today > offer.deadline,
        dual=app.other_nationalities.exists(),
        show_reply=offer.status == OfferStatus.ACCEPTED and not mine,
        show_certificates=app.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.CLEARED),
        may_upload=mine and accepted,
        may_clear=accepted and can_clear(scope, app),
        may_read_letter=can_read_letter(scope, app),
        arrival=arrival_date(app.intake_year),
        certificates=list(
            app.documents.filter(kind__in=(DocumentKind.HEALTH, DocumentKind.CRIMINAL_RECORD)).order_by(
                "kind"
            )
        ),
        missing=missing,
        missing_labels=[str(kinds[k]) for k in missing],
    )


def open_offers_of(person_id: int) -> QuerySet[Offer]:
    return Offer.objects.filter(application__person_id=person_id, status=OfferStatus.OPEN).order_by(
        "deadline"
    )


def accepted_offers_of(person_id: int) -> QuerySet[Offer]:
    return Offer.objects.filter(
        application__person_id=person_id,
        status=OfferStatus.ACCEPTED,
        application__status=ApplicationStatus.ACCEPTED,
    )


def freed_applications_count(user: Any) -> int:
    return visible_to(user, freed_applications()).count()


def result_counts(lists: Any) -> dict[str, int]:
    """How many entries of ``lists`` (a queryset of lists) have each result: what approving or publishing
    them does, said on the confirmation page before it is done."""
    counts = dict.fromkeys(Result.values, 0)
    rows = SelectionEntry.objects.filter(selection__in=lists).values("result").annotate(n=Count("pk"))
    for row in rows:
        counts[row["result"]] = row["n"]
    return counts


def unpublished_lists(user: Any, intake_year: int) -> QuerySet[SelectionList]:
    """The year's lists not published yet (what “publish” would release)."""
    return visible_to(user, SelectionList.objects.filter(intake_year=intake_year)).exclude(
        status=ListStatus.PUBLISHED
    )


# --- the person's own (read by jetpm.portal) --------------------------------------------------------------


@dataclass(frozen=True)
class OfferForPerson:
    """The applicant's offer: its page (by id), its status shown as a label, the reply deadline, and whether
    a reply is still awaited."""

    pk: int
    status_label: str
    deadline: date
    awaiting_reply: bool


@dataclass(frozen=True)
class SelectionForPerson:
    """What selection has for the applicant on one of their applications: the offer, and whether the result
    letter can be downloaded (the list was published with them on it)."""

    offer: OfferForPerson | None = None
    letter: bool = False


def for_person(user: Any, *, application_id: int) -> SelectionForPerson:
    """Selection's part of the applicant's own application page (nothing for someone else's application)."""
    from jetpm.core.scoping import scope_of

    mine = {"application_id": application_id, "application__person_id": scope_of(user).person_id or 0}
    offer = Offer.objects.filter(**mine).only("pk", "status", "deadline").first()
    return SelectionForPerson(
        offer=OfferForPerson(
            pk=offer.pk,
            status_label=str(offer.get_status_display()),
            deadline=offer.deadline,
            awaiting_reply=offer.status == OfferStatus.OPEN,
        )
        if offer is not None
        else None,
        letter=SelectionEntry.objects.filter(**mine, selection__status=ListStatus.PUBLISHED).exists(),
    )
