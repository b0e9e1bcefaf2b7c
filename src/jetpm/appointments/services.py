"""Writes of appointments: the participant-history import (and the audit of its exports) and the
reappointment round (再任用)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.appointments import history, reappointment_rules, term_dates
from jetpm.appointments.models import (
    AppointmentTerm,
    Participant,
    ProgrammeYearRules,
    ReappointmentDecision,
    TermEnding,
)
from jetpm.appointments.permissions import (
    can_import_history,
    can_manage_reappointment,
    can_state_intention,
)
from jetpm.appointments.states import (
    Assessment,
    DecisionStatus,
    Intention,
    TermStatus,
)
from jetpm.appointments.workflows import DECISIONS, TERMS
from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_bounds, fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import Country, Language, Organisation, Person, User
from jetpm.core.scoping import get_visible, scope_of
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


@dataclass(frozen=True)
class RoundRules:
    """The rules of the round held in a fiscal year (ProgrammeYearRules, or the usual ones)."""

    fiscal_year: int
    max_term_years: int
    extension_max_years: int | None
    decisions_open: date
    decisions_close: date
    capable_until_year: int = reappointment_rules.DEFAULT_CAPABLE_UNTIL


def round_rules(fiscal_year: int) -> RoundRules:
    """The one reader of a round's rules (the rules of the year; the usual ones when none are set)."""
    row = ProgrammeYearRules.objects.filter(fiscal_year=fiscal_year).first()
    if row is None:
        opens, closes = reappointment_rules.default_window(fiscal_year)
        return RoundRules(fiscal_year, reappointment_rules.DEFAULT_MAX_TERM, None, opens, closes)
    return RoundRules(
        fiscal_year,
        row.max_term_years,
        row.extension_max_years if row.extension_allowed else None,
        row.decisions_open,
        row.decisions_close,
        row.capable_until_year,
    )


def _check_window(rules: RoundRules, today: date) -> None:
    if not rules.decisions_open <= today <= rules.decisions_close:
        raise DomainError(
            _("Reappointment decisions of %(year)s are made from %(opens)s to %(closes)s.")
            % {
                "year": fiscal_year_label(rules.fiscal_year),
                "opens": rules.decisions_open.isoformat(),
                "closes": rules.decisions_close.isoformat(),
            }
        )


def _locked_decision(actor: User, term_id: int) -> tuple[AppointmentTerm, ReappointmentDecision]:
    """The actor's visible serving term (404 otherwise) and its draft decision, both locked."""
    term = get_visible(
        actor,
        AppointmentTerm.objects.select_for_update(of=("self",)).select_related("participant"),
        pk=term_id,
    )
    if term.status != TermStatus.SERVING:
        raise DomainError(_("Only a serving participant can be reappointed."), field="term")
    decision, _created = ReappointmentDecision.objects.select_for_update(of=("self",)).get_or_create(
        term=term
    )
    if decision.status == DecisionStatus.DECIDED:
        raise DomainError(_("The reappointment of %(term)s is decided and final.") % {"term": str(term)})
    return term, decision


@transaction.atomic
def record_intention(*, actor: User, term_id: int, intention: str) -> ReappointmentDecision:
    """The participant states whether they wish to continue (or their organisation records it for them)."""
    if intention not in Intention.values:
        raise DomainError(_("Choose an intention."), field="intention")
    term, decision = _locked_decision(actor, term_id)
    if not can_state_intention(scope_of(actor), term):
        raise PermissionDenied(_("You may not state this participant's intention."))
    before = decision.intention
    decision.intention = intention
    decision.save(update_fields=["intention"])
    audit.record(
        actor=actor,
        action="reappointment.intention",
        obj=decision,
        organisation=term.contracting_org_id,
        person=term.participant.person_id,
        changes={"intention": [before, intention]},
    )
    return decision


@transaction.atomic
def record_assessment(
    *, actor: User, term_id: int, assessment: str, reason: str = ""
) -> ReappointmentDecision:
    """The contracting organisation's assessment; a reason is required when not reappointing."""
    if assessment not in Assessment.values:
        raise DomainError(_("Choose an assessment."), field="assessment")
    reason = reason.strip()
    if assessment == Assessment.NOT_REAPPOINTED and not reason:
        raise DomainError(_("Give the reason for not reappointing."), field="reason")
    term, decision = _locked_decision(actor, term_id)
    if not can_manage_reappointment(scope_of(actor), term.contracting_org_id):
        raise PermissionDenied(_("You may not assess this participant."))
    changes = {"assessment": [decision.assessment, assessment], "reason": [decision.reason, reason]}
    decision.assessment = assessment
    decision.reason = reason
    decision.save(update_fields=["assessment", "reason"])
    audit.record(
        actor=actor,
        action="reappointment.assess",
        obj=decision,
        organisation=term.contracting_org_id,
        person=term.participant.person_id,
        changes=changes,
    )
    return decision


def check_decidable(term: AppointmentTerm, decision: ReappointmentDecision, today: date) -> bool:
    """Whether the decision can be taken now by the year's rules (DomainError naming the rule otherwise),
    and whether it reappoints: checked before the confirmation is asked for and again when deciding."""
    rules = round_rules(term.fiscal_year)
    _check_window(rules, today)
    if not decision.intention:
        raise DomainError(_("Record the participant's intention first."), field="intention")
    reappointed = (
        decision.intention == Intention.CONTINUE and decision.assessment != Assessment.NOT_REAPPOINTED
    )
    if reappointed:
        if not decision.assessment:
            raise DomainError(_("Record the assessment first."), field="assessment")
        errors = reappointment_rules.check(
            term.year_on_programme + 1,
            decision.assessment,
            rules.max_term_years,
            rules.extension_max_years,
            rules.capable_until_year,
        )
        if errors:
            raise DomainError(" ".join(errors), field="assessment")
        if AppointmentTerm.objects.filter(
            participant_id=term.participant_id, fiscal_year=term.fiscal_year + 1
        ).exists():
            raise DomainError(
                _("%(participant)s already has a term in %(year)s.")
                % {"participant": str(term.participant), "year": fiscal_year_label(term.fiscal_year + 1)}
            )
    return reappointed


@transaction.atomic
def decide(*, actor: User, term_id: int, today: date | None = None) -> ReappointmentDecision:
    """Decide the reappointment (final): within the round's window and by the programme year's rules.
    A reappointment creates next year's serving term at the same organisation."""
    today = today or timezone.localdate()
    term, decision = _locked_decision(actor, term_id)
    workflow.check(DECISIONS, decision, "decide", actor=actor)
    reappointed = check_decidable(term, decision, today)
    next_term = None
    if reappointed:
        # the next term continues from the day after this one ends (none when this term has no dates)
        dates = term_dates.next_term(term.end_date) if term.end_date else None
        next_term = AppointmentTerm.objects.create(
            start_date=dates.start if dates else None,
            end_date=dates.end if dates else None,
            participant_id=term.participant_id,
            fiscal_year=term.fiscal_year + 1,
            year_on_programme=term.year_on_programme + 1,
            contracting_org_id=term.contracting_org_id,
            job_type=term.job_type,
            language_id=term.language_id,
            status=TermStatus.SERVING,
        )
    return workflow.perform(
        DECISIONS,
        decision,
        "decide",
        actor=actor,
        values={"reappointed": reappointed, "next_term": next_term},
    )


@transaction.atomic
def end_term(*, actor: User, term_id: int, status: str, ended_on: date, reason: str) -> TermEnding:
    """A serving term ends early: resigned or dismissed, on a day of its fiscal year, with the reason.
    A draft reappointment of the term is dropped (a decided one stays: it is final)."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    term = get_visible(
        actor,
        AppointmentTerm.objects.select_for_update(of=("self",)).select_related("participant"),
        pk=term_id,
    )
    step = workflow.step_to(TERMS, term, status)
    workflow.check(TERMS, term, step, actor=actor)
    first, last = fiscal_year_bounds(term.fiscal_year)
    if not first <= ended_on <= last:
        raise DomainError(
            _("The end date must fall within the term's fiscal year (%(first)s to %(last)s).")
            % {"first": first.isoformat(), "last": last.isoformat()},
            field="ended_on",
        )
    workflow.perform(
        TERMS, term, step, actor=actor, reason=reason, changes={"ended_on": [None, ended_on.isoformat()]}
    )
    ending = TermEnding.objects.create(term=term, ended_on=ended_on, reason=reason, recorded_by=actor)
    ReappointmentDecision.objects.filter(term=term, status=DecisionStatus.DRAFT).delete()
    return ending
