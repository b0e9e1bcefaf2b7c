"""Writes of the alumni stage: the return (a participant becomes an alumnus), the alumnus's own profile and
consent, the notable flag, and the chapters' member lists.

``ChapterMembership`` is the one truth of who belongs to which chapter; ``Person.chapter`` (core's copy, read
by core's scoping of persons and organisations) is written here in the same transaction as the membership
that it copies, and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.alumni.models import AlumnusProfile, ChapterDetails, ChapterMembership, Return
from jetpm.alumni.permissions import (
    can_flag_notable,
    can_keep_members,
    can_record_return,
    can_remove_member,
)
from jetpm.alumni.states import MemberType, Sector
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.appointments.workflows import PERSONS
from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, NotFound, raise_all
from jetpm.core.models import Country, Language, Organisation, Person, User
from jetpm.core.money import yen
from jetpm.core.scoping import get_visible, scope_of
from jetpm.core.states import OrgKind, PersonKind

# --- the return ----------------------------------------------------------------------------------------

RETURN_TRAVEL_COST_CAP_YEN = 2_000_000
"""The most a return-travel cost may be: a flight home from Japan costs far less."""


def last_term(participant: Participant) -> AppointmentTerm | None:
    return participant.terms.select_related("contracting_org").order_by("-fiscal_year").first()


def term_end(term: AppointmentTerm) -> date | None:
    """The day the term ended (or ends): the early end's date, else its end date."""
    ending = getattr(term, "ending", None)
    return ending.ended_on if ending is not None else term.end_date


def return_problems(
    term: AppointmentTerm,
    *,
    returned_on: date,
    orientation_attended: bool,
    orientation_on: date | None,
    travel_cost_yen: int | None,
    today: date,
) -> list[tuple[str | None, str]]:
    """What is wrong with a return's data (every rule broken, on its field), said before the page asks for a
    confirmation and again by ``record_return``: the return on or after the day the last term ended (its
    end date, or the early end's) and not in the future; the orientation attended before the return and
    dated only then; the travel cost from ¥0 to ``RETURN_TRAVEL_COST_CAP_YEN``."""
    errors: list[tuple[str | None, str]] = []
    ended = term_end(term)
    year = fiscal_year_label(term.fiscal_year)
    if ended is None:
        if term.status == TermStatus.SERVING:
            errors.append(
                (
                    "returned_on",
                    _("The last term (%(year)s) has no end date yet: record the return after it ends.")
                    % {"year": year},
                )
            )
    elif returned_on < ended:
        if term.status == TermStatus.SERVING:
            message = _(
                "The last term (%(year)s) is still serving until %(end)s: record the return after it ends."
            )
        else:
            message = _("The return date falls before the last term (%(year)s) ended on %(end)s.")
        errors.append(("returned_on", message % {"year": year, "end": date_format(ended, "DATE_FORMAT")}))
    if term.start_date is not None and returned_on < term.start_date:
        errors.append(("returned_on", _("The return date falls before the last term started.")))
    if returned_on > today:
        errors.append(("returned_on", _("The return date cannot be in the future.")))
    if orientation_attended and orientation_on is None:
        errors.append(("orientation_on", _("Give the date of the pre-return orientation attended.")))
    if not orientation_attended and orientation_on is not None:
        errors.append(("orientation_on", _("Leave the date empty when the orientation was not attended.")))
    if orientation_on is not None and orientation_on > returned_on:
        errors.append(("orientation_on", _("The orientation cannot come after the return.")))
    if travel_cost_yen is not None and travel_cost_yen < 0:
        errors.append(("travel_cost_yen", _("The travel cost cannot be negative.")))
    if travel_cost_yen is not None and travel_cost_yen > RETURN_TRAVEL_COST_CAP_YEN:
        errors.append(
            (
                "travel_cost_yen",
                _("The travel cost cannot exceed %(cap)s (a return flight home).")
                % {"cap": yen(RETURN_TRAVEL_COST_CAP_YEN)},
            )
        )
    return errors


@transaction.atomic
def record_return(
    *,
    actor: User,
    participant_id: int,
    returned_on: date,
    destination: Country,
    orientation_attended: bool,
    orientation_on: date | None,
    travel_cost_yen: int | None,
    today: date | None = None,
) -> Return:
    """The participant's last term is over: they go home and become an alumnus (PERSONS "leave"), with their
    return date, destination, pre-return orientation and return-travel cost. Every rule broken is reported
    at once; nothing is written unless all hold."""
    today = today or timezone.localdate()
    participant = get_visible(actor, Participant.objects.select_related("person"), pk=participant_id)
    term = last_term(participant)
    if term is None or not can_record_return(scope_of(actor), term):
        raise NotFound(_("No such record."))
    person = Person.objects.select_for_update(of=("self",)).get(pk=participant.person_id)
    errors: list[tuple[str | None, str]] = []
    if person.kind != PersonKind.PARTICIPANT:
        raise DomainError(
            _("%(person)s is not a participant now: their return is already recorded.") % {"person": person}
        )
    errors += return_problems(
        term,
        returned_on=returned_on,
        orientation_attended=orientation_attended,
        orientation_on=orientation_on,
        travel_cost_yen=travel_cost_yen,
        today=today,
    )
    raise_all(errors)
    scope = scope_of(actor)
    recorded_for: int | None = term.contracting_org_id
    if term.contracting_org_id not in scope.co_ids:
        recorded_for = next((o for o, k, _r in scope.roles if k == OrgKind.CLAIR), None)
    record = Return.objects.create(
        person=person,
        participant=participant,
        last_term=term,
        returned_on=returned_on,
        destination=destination,
        orientation_attended=orientation_attended,
        orientation_on=orientation_on,
        travel_cost_yen=travel_cost_yen,
        recorded_by=actor,
        recorded_for_id=recorded_for,
    )
    workflow.perform(
        PERSONS,
        person,
        "leave",
        actor=actor,
        values={"contracting_org": None},
        changes={"returned_on": [None, returned_on.isoformat()], "destination": [None, destination.code]},
    )
    audit.record(
        actor=actor,
        action="alumni.return.record",
        obj=record,
        changes={
            "returned_on": [None, returned_on.isoformat()],
            "destination": [None, destination.code],
            "orientation_attended": [None, orientation_attended],
            "travel_cost_yen": [None, travel_cost_yen],
        },
        organisation=recorded_for,
        person=person.pk,
    )
    AlumnusProfile.objects.get_or_create(person=person, defaults={"country": destination})
    return record


# --- the alumnus's own pages ---------------------------------------------------------------------------


def _own_profile(actor: User) -> AlumnusProfile:
    scope = scope_of(actor)
    if scope.person_id is None or scope.person_kind != PersonKind.ALUMNUS:
        raise NotFound(_("No such record."))
    profile, _created = AlumnusProfile.objects.select_for_update(of=("self",)).get_or_create(
        person_id=scope.person_id
    )
    return profile


PROFILE_FIELDS = ["country", "city", "sector", "organisation", "japan_related_work"]
CONSENT_FIELDS = [
    "consents_to_news",
    "consents_to_events",
    "consents_to_recruitment",
    "consents_to_share_with_chapter",
]


@transaction.atomic
def update_own_profile(
    *,
    actor: User,
    country: Country | None,
    city: str,
    sector: str,
    organisation: str,
    japan_related_work: str,
    languages: Iterable[Language],
) -> AlumnusProfile:
    """The alumnus tells where they live and work now, and the languages they speak."""
    if sector and sector not in Sector.values:
        raise DomainError(_("Choose a sector from the list."), field="sector")
    profile = _own_profile(actor)
    before = audit.snapshot(profile, PROFILE_FIELDS)
    old_languages = sorted(profile.languages.values_list("code", flat=True))
    profile.country = country
    profile.city = city.strip()
    profile.sector = sector
    profile.organisation = organisation.strip()
    profile.japan_related_work = japan_related_work.strip()
    profile.save()
    chosen = list(languages)
    profile.languages.set(chosen)
    changes = audit.diff(before, audit.snapshot(profile, PROFILE_FIELDS))
    new_languages = sorted(lang.code for lang in chosen)
    if new_languages != old_languages:
        changes["languages"] = [old_languages, new_languages]
    audit.record(
        actor=actor, action="alumni.profile.update", obj=profile, changes=changes, person=profile.person_id
    )
    return profile


@transaction.atomic
def update_own_consent(
    *,
    actor: User,
    news: bool,
    events: bool,
    recruitment: bool,
    share_with_chapter: bool,
) -> AlumnusProfile:
    """What the alumnus agrees to receive and share; any of it is withdrawn by unticking it."""
    profile = _own_profile(actor)
    before = audit.snapshot(profile, CONSENT_FIELDS)
    profile.consents_to_news = news
    profile.consents_to_events = events
    profile.consents_to_recruitment = recruitment
    profile.consents_to_share_with_chapter = share_with_chapter
    changes = audit.diff(before, audit.snapshot(profile, CONSENT_FIELDS))
    if changes:
        profile.consent_updated_at = timezone.now()
    profile.save()
    audit.record(
        actor=actor, action="alumni.consent.update", obj=profile, changes=changes, person=profile.person_id
    )
    return profile


# --- notable alumni ------------------------------------------------------------------------------------


@transaction.atomic
def set_notable(*, actor: User, alumnus_profile_id: int, notable: bool, reason: str) -> AlumnusProfile:
    """A mission flags an alumnus of its jurisdiction as notable (with the reason), or lifts the flag."""
    profile = get_visible(
        actor, AlumnusProfile.objects.select_for_update(of=("self",)), pk=alumnus_profile_id
    )
    if not can_flag_notable(scope_of(actor), profile):
        raise NotFound(_("No such record."))
    reason = reason.strip()
    if notable and not reason:
        raise DomainError(_("Give the reason for the notable flag."), field="reason")
    before = audit.snapshot(profile, ["notable", "notable_reason"])
    profile.notable = notable
    profile.notable_reason = reason if notable else ""
    profile.notable_set_by = actor
    profile.save()
    audit.record(
        actor=actor,
        action="alumni.notable.flag",
        obj=profile,
        changes=audit.diff(before, audit.snapshot(profile, ["notable", "notable_reason"])),
        person=profile.person_id,
    )
    return profile


# --- chapters and their members ------------------------------------------------------------------------


def _chapter(actor: User, chapter_id: int) -> Organisation:
    chapter = get_visible(actor, Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER), pk=chapter_id)
    if not can_keep_members(scope_of(actor), chapter):
        raise NotFound(_("No such record."))
    return chapter


@transaction.atomic
def update_chapter_details(
    *, actor: User, chapter_id: int, contact_email: str, website: str, description: str
) -> ChapterDetails:
    chapter = _chapter(actor, chapter_id)
    details, _created = ChapterDetails.objects.select_for_update().get_or_create(chapter=chapter)
    fields = ["contact_email", "website", "description"]
    before = audit.snapshot(details, fields)
    details.contact_email = contact_email.strip()
    details.website = website.strip()
    details.description = description.strip()
    details.save()
    audit.record(
        actor=actor,
        action="alumni.chapter.update",
        obj=details,
        changes=audit.diff(before, audit.snapshot(details, fields)),
        organisation=chapter.pk,
    )
    return details


def find_alumnus(identifier: str) -> Person | None:
    """The alumnus a chapter officer names by JET number or e-mail (the officer cannot list other alumni)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    qs = Person.objects.filter(kind=PersonKind.ALUMNUS, anonymised_at__isnull=True)
    if "@" in identifier:
        found = list(qs.filter(email__iexact=identifier)[:2])
        return found[0] if len(found) == 1 else None
    return qs.filter(participant__jet_id__iexact=identifier).first()


def _membership_error(person: Person, current: ChapterMembership, chapter: Organisation) -> str:
    if current.chapter_id == chapter.pk:
        return _("%(person)s is already a member of this chapter (since %(since)s).") % {
            "person": person,
            "since": date_format(current.joined_on, "DATE_FORMAT"),
        }
    return _(
        "%(person)s is a member of %(chapter)s since %(since)s: a person belongs to one chapter at a time, "
        "so they must leave it first."
    ) % {"person": person, "chapter": current.chapter, "since": date_format(current.joined_on, "DATE_FORMAT")}


@dataclass(frozen=True)
class NewMember:
    person: Person
    joined_on: date
    member_type: str


def _check_new_member(
    person: Person | None,
    identifier: str,
    joined_on: date | None,
    member_type: str,
    chapter: Organisation,
    today: date,
) -> list[str]:
    errors: list[str] = []
    if person is None:
        errors.append(
            _("No alumnus has the JET number or e-mail “%(id)s”.") % {"id": identifier}
            if identifier.strip()
            else _("Give the alumnus's JET number or e-mail.")
        )
    if joined_on is None:
        errors.append(_("Give the date they joined (YYYY-MM-DD)."))
    elif joined_on > today:
        errors.append(_("The date they joined cannot be in the future."))
    if member_type not in MemberType.values:
        errors.append(_("Unknown member type “%(type)s”.") % {"type": member_type})
    return errors


def _write_members(actor: User, chapter: Organisation, new: list[NewMember], *, action: str) -> None:
    """Open the memberships and copy them to ``Person.chapter`` (core's copy), in the caller's transaction."""
    try:
        with transaction.atomic():
            rows = ChapterMembership.objects.bulk_create(
                [
                    ChapterMembership(
                        person=m.person, chapter=chapter, joined_on=m.joined_on, member_type=m.member_type
                    )
                    for m in new
                ]
            )
    except IntegrityError as exc:  # a membership opened meanwhile by someone else
        raise DomainError(
            _("A person belongs to one chapter at a time: one of them joined a chapter meanwhile.")
        ) from exc
    Person.objects.filter(pk__in=[m.person.pk for m in new]).update(chapter=chapter)
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action=action,
                obj=row,
                changes={
                    "chapter": [None, chapter.pk],
                    "joined_on": [None, row.joined_on.isoformat()],
                    "member_type": [None, row.member_type],
                },
                organisation=chapter.pk,
                person=row.person_id,
            )
            for row in rows
        ]
    )


@transaction.atomic
def add_member(
    *,
    actor: User,
    chapter_id: int,
    identifier: str,
    joined_on: date | None,
    member_type: str = MemberType.REGULAR,
    today: date | None = None,
) -> ChapterMembership:
    """A chapter's officer adds an alumnus (named by JET number or e-mail) to the member list."""
    today = today or timezone.localdate()
    chapter = _chapter(actor, chapter_id)
    person = find_alumnus(identifier)
    problems = _check_new_member(person, identifier, joined_on, member_type, chapter, today)
    if person is not None:
        Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).exists()
        current = ChapterMembership.objects.filter(person=person, left_on__isnull=True).first()
        if current is not None:
            problems.append(_membership_error(person, current, chapter))
    if problems:
        raise_all([("identifier", p) for p in problems])
    assert person is not None and joined_on is not None
    _write_members(
        actor, chapter, [NewMember(person, joined_on, member_type)], action="alumni.membership.add"
    )
    return ChapterMembership.objects.get(person=person, left_on__isnull=True)


@dataclass(frozen=True)
class RowReport:
    row: int  # as in the spreadsheet: the header is row 1
    identifier: str
    ok: bool
    message: str


class ImportRefused(DomainError):
    """A member file with at least one bad row: every row's outcome, and nothing written."""

    def __init__(self, rows: list[RowReport]) -> None:
        bad = sum(1 for r in rows if not r.ok)
        super().__init__(
            _("%(bad)s of %(total)s rows have errors: nothing was imported. Correct them and upload again.")
            % {"bad": bad, "total": len(rows)}
        )
        self.rows = rows


IMPORT_COLUMNS = ("member", "joined", "type")


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@transaction.atomic
def import_members(
    *, actor: User, chapter_id: int, content: bytes, fmt: str, today: date | None = None
) -> list[RowReport]:
    """A chapter's officers upload their member list (XLSX or CSV: columns ``member`` (JET number or
    e-mail), ``joined``, ``type`` — blank: regular). Each row is checked; when any row is bad, every row's
    outcome is reported and nothing is written."""
    from jetpm.appointments.history.format import HistoryFileError, read_table

    today = today or timezone.localdate()
    chapter = _chapter(actor, chapter_id)
    try:
        table = read_table(content, fmt=fmt)
    except HistoryFileError as exc:
        raise DomainError(_("The file cannot be read: %(why)s") % {"why": str(exc)}, field="file") from exc
    table = [r for r in table if any(c.strip() for c in r)]
    if not table:
        raise DomainError(_("The file is empty."), field="file")
    header = [c.strip().lower() for c in table[0]]
    missing = [c for c in IMPORT_COLUMNS[:2] if c not in header]
    if missing:
        raise DomainError(
            _("The header row lacks the columns: %(cols)s (the columns are %(all)s).")
            % {"cols": ", ".join(missing), "all": ", ".join(IMPORT_COLUMNS)},
            field="file",
        )
    col = {name: header.index(name) for name in IMPORT_COLUMNS if name in header}
    if len(table) - 1 > 30000:
        raise DomainError(_("The file has too many rows (30,000 at most)."), field="file")

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    rows = table[1:]
    idents = [cell(r, "member") for r in rows]
    emails = {i.lower() for i in idents if "@" in i}
    jet_ids = {i.upper() for i in idents if i and "@" not in i}
    alumni = Person.objects.filter(kind=PersonKind.ALUMNUS, anonymised_at__isnull=True)
    by_email: dict[str, list[Person]] = {}
    if emails:
        for p in alumni.annotate(lower_email=Lower("email")).filter(lower_email__in=list(emails)):
            by_email.setdefault(p.email.lower(), []).append(p)
    by_jet = (
        {
            p.participant.jet_id.upper(): p
            for p in alumni.filter(participant__jet_id__in=list(jet_ids)).select_related("participant")
        }
        if jet_ids
        else {}
    )
    found_ids = {p.pk for ps in by_email.values() for p in ps} | {p.pk for p in by_jet.values()}
    open_of = {
        m.person_id: m
        for m in ChapterMembership.objects.filter(
            person_id__in=found_ids, left_on__isnull=True
        ).select_related("chapter")
    }
    reports: list[RowReport] = []
    new: list[NewMember] = []
    seen: dict[int, int] = {}
    for n, (row, ident) in enumerate(zip(rows, idents, strict=True), start=2):
        person: Person | None
        if "@" in ident:
            matches = by_email.get(ident.lower(), [])
            person = matches[0] if len(matches) == 1 else None
        else:
            person = by_jet.get(ident.upper())
        joined = _parse_day(cell(row, "joined")) if cell(row, "joined") else None
        member_type = cell(row, "type").lower() or MemberType.REGULAR
        problems = _check_new_member(person, ident, joined, member_type, chapter, today)
        if person is not None:
            if person.pk in seen:
                problems.append(_("The same alumnus is on row %(row)s too.") % {"row": seen[person.pk]})
            elif person.pk in open_of:
                problems.append(_membership_error(person, open_of[person.pk], chapter))
            seen.setdefault(person.pk, n)
        if problems:
            reports.append(RowReport(n, ident, False, " ".join(problems)))
        else:
            assert person is not None and joined is not None
            new.append(NewMember(person, joined, member_type))
            reports.append(RowReport(n, ident, True, _("%(person)s will be added.") % {"person": person}))
    if not rows:
        raise DomainError(_("The file has no member rows."), field="file")
    if any(not r.ok for r in reports):
        raise ImportRefused(reports)
    _write_members(actor, chapter, new, action="alumni.membership.import")
    return [
        RowReport(r.row, r.identifier, True, _("%(person)s added.") % {"person": m.person})
        for r, m in zip(reports, new, strict=True)
    ]


@transaction.atomic
def remove_member(*, actor: User, membership_id: int, left_on: date | None, reason: str) -> ChapterMembership:
    """A chapter's officer removes a member, with the day they left and the reason (the record stays)."""
    membership = get_visible(
        actor,
        ChapterMembership.objects.select_for_update(of=("self",)).select_related("person", "chapter"),
        pk=membership_id,
    )
    if not can_remove_member(scope_of(actor), membership):
        raise NotFound(_("No such record."))
    errors: list[tuple[str | None, str]] = []
    if membership.left_on is not None:
        raise DomainError(
            _("%(person)s already left on %(day)s.")
            % {"person": membership.person, "day": date_format(membership.left_on, "DATE_FORMAT")}
        )
    reason = reason.strip()
    if not reason:
        errors.append(("reason", _("Give the reason for the removal.")))
    if left_on is None:
        errors.append(("left_on", _("Give the day they left.")))
    elif left_on < membership.joined_on:
        errors.append(
            (
                "left_on",
                _("They cannot leave before they joined (%(day)s).")
                % {"day": date_format(membership.joined_on, "DATE_FORMAT")},
            )
        )
    raise_all(errors)
    membership.left_on = left_on
    membership.left_reason = reason
    membership.save(update_fields=["left_on", "left_reason"])
    Person.objects.filter(pk=membership.person_id, chapter_id=membership.chapter_id).update(chapter=None)
    assert left_on is not None
    audit.record(
        actor=actor,
        action="alumni.membership.remove",
        obj=membership,
        changes={"left_on": [None, left_on.isoformat()], "reason": [None, reason]},
        organisation=membership.chapter_id,
        person=membership.person_id,
    )
    return membership
