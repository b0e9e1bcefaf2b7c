"""Writes of the participant history: the import (whole or not at all) and the audit of its exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from jetpm.appointments.history import format as history
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.permissions import can_import_history
from jetpm.core import audit
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import Country, Language, Organisation, Person, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind, PersonKind

CHUNK = 5000
UNKNOWN_GIVEN_NAME = "-"  # history files carry no names: the family name is the JET number


class HistoryImportError(DomainError):
    """The file breaks the format's rules: every bad row is in ``errors``; nothing was written."""

    def __init__(self, errors: list[history.RowError]) -> None:
        super().__init__(
            _("The file has %(count)s errors; nothing was imported.") % {"count": len(errors)}, field="file"
        )
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    rows: int
    participants_created: int
    terms_created: int
    terms_updated: int
    terms_unchanged: int


@dataclass(frozen=True)
class _Lookups:
    countries: dict[str, int]
    cos: dict[str, int]  # platform codes and (unambiguous) local-government codes → organisation id
    languages: dict[str, int]


def _lookups() -> _Lookups:
    cos: dict[str, int] = {}
    lg_seen: Counter[str] = Counter()
    orgs = list(
        Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG).values_list("id", "code", "lg_code")
    )
    for _id, _code, lg in orgs:
        if lg:
            lg_seen[lg] += 1
    for pk, code, lg in orgs:
        cos[code] = pk
        if lg and lg_seen[lg] == 1:
            cos[lg] = pk
    return _Lookups(
        countries=dict(Country.objects.values_list("code", "id")),
        cos=cos,
        languages=dict(Language.objects.values_list("code", "id")),
    )


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _jet_ids(table: list[list[str]]) -> list[str]:
    if not table or "jet_id" not in table[0]:
        return []
    i = table[0].index("jet_id")
    return sorted({r[i] for r in table[1:] if i < len(r) and r[i]})


def _audit_target(actor: User | None) -> Model | None:
    if actor is not None:
        return actor
    return Organisation.objects.filter(kind=OrgKind.CLAIR).order_by("id").first()


def check_history(
    *, content: bytes, fmt: str
) -> tuple[list[history.HistoryRow], dict[str, tuple[int, int, str, int | None, int | None]], _Lookups]:
    """Read and check a history file against the database; ``HistoryImportError`` with every bad row.
    Also returns the participants already recorded (jet_id → id, person id, job type, language id,
    contracting organisation of the person) and the code lookups."""
    try:
        table = history.read_table(content, fmt=fmt)
    except history.HistoryFileError as exc:
        raise DomainError(str(exc), field="file") from exc
    look = _lookups()
    existing: dict[str, tuple[int, int, str, int | None, int | None]] = {}
    known: dict[str, history.KnownParticipant] = {}
    code_of = {pk: code for code, pk in look.countries.items()}
    for chunk in _chunks(_jet_ids(table)):
        for (
            pk,
            jet_id,
            person_id,
            cohort,
            country_id,
            job_type,
            language_id,
            co_id,
        ) in Participant.objects.filter(jet_id__in=chunk).values_list(
            "id",
            "jet_id",
            "person_id",
            "cohort_year",
            "country_id",
            "job_type",
            "language_id",
            "person__contracting_org_id",
        ):
            existing[jet_id] = (pk, person_id, job_type, language_id, co_id)
            known[jet_id] = history.KnownParticipant(cohort_year=cohort, country=code_of[country_id])
    ref = history.Reference(
        countries=frozenset(look.countries),
        contracting_orgs=frozenset(look.cos),
        languages=frozenset(look.languages),
        participants=known,
    )
    rows, errors = history.parse_rows(table, ref)
    if errors:
        raise HistoryImportError(errors)
    return rows, existing, look


@transaction.atomic
def import_history(*, actor: User | None, content: bytes, fmt: str) -> ImportResult:
    """Import a participant-history file whole or not at all (formats/participant-history.md).

    ``actor=None`` is the command line. Rows are matched on (jet_id, fiscal_year): a known term gets the
    file's contracting organisation, job type and language; importing the same file twice changes nothing.
    One audit event per import carries the counts."""
    if actor is not None and not can_import_history(scope_of(actor)):
        raise PermissionDenied(_("You may not import participant history."))
    rows, existing, look = check_history(content=content, fmt=fmt)

    # existing terms of the participants in the file
    terms: dict[tuple[int, int], AppointmentTerm] = {}
    ids = [v[0] for v in existing.values()]
    for i in range(0, len(ids), CHUNK):
        for t in AppointmentTerm.objects.filter(participant_id__in=ids[i : i + CHUNK]).only(
            "id", "participant_id", "fiscal_year", "contracting_org_id", "job_type", "language_id"
        ):
            terms[(t.participant_id, t.fiscal_year)] = t
    latest_db: dict[int, int] = {}
    for pid, fy in terms:
        latest_db[pid] = max(fy, latest_db.get(pid, 0))

    # the latest row of each participant in the file
    latest: dict[str, history.HistoryRow] = {}
    for r in rows:
        if r.jet_id not in latest or r.fiscal_year > latest[r.jet_id].fiscal_year:
            latest[r.jet_id] = r

    def co_id(r: history.HistoryRow) -> int | None:
        return look.cos[r.contracting_org] if r.contracting_org else None

    def lang_id(r: history.HistoryRow) -> int | None:
        return look.languages[r.language] if r.language else None

    # new participants and their persons
    new_ids = [j for j in latest if j not in existing]
    persons = [
        Person(
            kind=PersonKind.PARTICIPANT,
            family_name=jet_id,
            given_name=UNKNOWN_GIVEN_NAME,
            nationality_id=look.countries[latest[jet_id].country],
            contracting_org_id=co_id(latest[jet_id]),
        )
        for jet_id in new_ids
    ]
    Person.objects.bulk_create(persons, batch_size=2000)
    participants = [
        Participant(
            person_id=p.pk,
            jet_id=jet_id,
            cohort_year=latest[jet_id].cohort_year,
            country_id=look.countries[latest[jet_id].country],
            job_type=latest[jet_id].job_type,
            language_id=lang_id(latest[jet_id]),
        )
        for jet_id, p in zip(new_ids, persons, strict=True)
    ]
    Participant.objects.bulk_create(participants, batch_size=2000)
    pid_of = {p.jet_id: p.pk for p in participants}
    pid_of.update({jet_id: v[0] for jet_id, v in existing.items()})

    # the participants already recorded: their latest job type and language, their person's organisation
    changed_participants: list[Participant] = []
    changed_persons: list[Person] = []
    for jet_id, (pk, person_id, job_type, language_id, person_co) in existing.items():
        r = latest[jet_id]
        if r.fiscal_year < latest_db.get(pk, 0):
            continue
        if (job_type, language_id) != (r.job_type, lang_id(r)):
            changed_participants.append(Participant(id=pk, job_type=r.job_type, language_id=lang_id(r)))
        if person_co != co_id(r):
            changed_persons.append(Person(id=person_id, contracting_org_id=co_id(r)))
    Participant.objects.bulk_update(changed_participants, ["job_type", "language"], batch_size=2000)
    Person.objects.bulk_update(changed_persons, ["contracting_org"], batch_size=2000)

    # the terms
    new_terms: list[AppointmentTerm] = []
    updated: list[AppointmentTerm] = []
    unchanged = 0
    for r in rows:
        pid = pid_of[r.jet_id]
        values = {"contracting_org_id": co_id(r), "job_type": r.job_type, "language_id": lang_id(r)}
        term = terms.get((pid, r.fiscal_year))
        if term is None:
            new_terms.append(
                AppointmentTerm(
                    participant_id=pid,
                    fiscal_year=r.fiscal_year,
                    year_on_programme=r.year_on_programme,
                    **values,
                )
            )
        elif any(getattr(term, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(term, k, v)
            updated.append(term)
        else:
            unchanged += 1
    AppointmentTerm.objects.bulk_create(new_terms, batch_size=2000)
    AppointmentTerm.objects.bulk_update(updated, ["contracting_org", "job_type", "language"], batch_size=2000)

    result = ImportResult(
        rows=len(rows),
        participants_created=len(participants),
        terms_created=len(new_terms),
        terms_updated=len(updated),
        terms_unchanged=unchanged,
    )
    target = _audit_target(actor) or (participants[0] if participants else None)
    if target is not None:
        audit.record(
            actor=actor,
            action="participant_history.import",
            obj=target,
            changes={
                "rows": [None, result.rows],
                "participants_created": [None, result.participants_created],
                "participants_updated": [None, len(changed_participants)],
                "terms_created": [None, result.terms_created],
                "terms_updated": [None, result.terms_updated],
                "terms_unchanged": [None, result.terms_unchanged],
            },
        )
    return result


@transaction.atomic
def record_history_export(*, actor: User | None, from_fy: int, to_fy: int, fmt: str, rows: int) -> None:
    """Every export of participant history is audited (``actor=None``: the command line)."""
    target = _audit_target(actor)
    if target is None:
        return
    details: dict[str, Any] = {"from_fy": from_fy, "to_fy": to_fy, "format": fmt, "rows": rows}
    audit.record(
        actor=actor,
        action="participant_history.export",
        obj=target,
        changes={k: [None, v] for k, v in details.items()},
    )


# --- reappointment (再任用) ------------------------------------------------------------------------------
