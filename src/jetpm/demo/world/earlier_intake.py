"""Demo step of the FY2025 intake's entrance, compact: the intake before the demo's finished one, whose
participants (the appointments step's FY2025 cohort, history) applied in autumn 2024, were screened in
December 2024 – February 2025, selected on 31 March 2025 and placed in May 2025.

The entrance step builds the FY2026 and FY2027 intakes in full (documents, referees, reviews, interviews,
offers). Of FY2025 the demo keeps what the outcomes of the entrance count (``jetpm stats outcomes --fy
2025``, formats/programme-figures.md), a compact record per application:

- one submitted application per FY2025 cohort participant (same person, country, job type, mission, date of
  birth), short-listed, accepted and cleared, and placed by the published FY2025 placement run with the
  contracting organisation of the participant's first term;
- a few short-listed candidates who declined the offer, and the unsuccessful applicants: ineligible,
  withdrawn, not recommended after the documents or after the interview, not selected, and the ranked
  alternates — about :data:`APPLICATIONS_PER_SELECTED` applications per short-listed candidate, as the seed's
  figures for the United States (4,000–5,000 applications, 1,000–1,100 selected);
- one panel per mission and job type (named as the later intakes' first panel, so that a panel's drift from
  last year can be read), each eligible application on it, the panel's documents and interview results
  (weighted means and z-scores within the panel; no reviews kept), and the Council's published selection
  lists per country and job type, with the short-listed candidates' offers (accepted or declined).

Every record is bulk-created in the status its workflow creates it in and taken to its final status through
the workflow layer (``walk.Walk``), so its audit history is the one a service would have recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus as S
from jetpm.applications.states import Degree, LanguageAbility, Sex
from jetpm.applications.workflows import APPLICATIONS
from jetpm.appointments.models import AppointmentTerm
from jetpm.core.bulk import insert_many
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import Language, Person
from jetpm.core.states import PersonKind
from jetpm.demo import names
from jetpm.demo.world.core import BIRTH_FROM, BIRTH_TO, PUBLISHED_YEAR
from jetpm.demo.world.entrance import DECLINE_REASONS
from jetpm.demo.world.entrance import REASONS as ENTRANCE_REASONS
from jetpm.demo.world.walk import Walk, route
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.states import RunMode, RunStatus, Source
from jetpm.placement.workflows import RUNS
from jetpm.screening import calibration
from jetpm.screening.models import Assignment, Panel, StageResult
from jetpm.screening.states import Stage
from jetpm.selection.models import Offer, SelectionEntry, SelectionList
from jetpm.selection.states import ListStatus, OfferOrigin, OfferStatus, Result
from jetpm.selection.workflows import LISTS, OFFERS

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

YEAR = PUBLISHED_YEAR - 1  # FY2025: the intake before the demo's finished one
APPLICATIONS_PER_SELECTED = 4.5  # the seed: the US receives 4,000–5,000 applications and selects 1,000–1,100
DECLINED_SHARE = 0.03  # of the short-listed: declined the offer (not placed)
ALTERNATE_SHARE = 0.3  # alternates per short-listed place (as the selection service proposes)
NOT_SELECTED_SHARE = 0.15  # recommended by the mission, neither short-listed nor alternate
# The rest of the unsuccessful applications, by where they stopped (shares of that rest).
EARLY_FATES: list[tuple[str, float]] = [
    ("ineligible", 0.07),
    ("withdrawn", 0.03),
    ("documents", 0.60),  # not recommended after the document screening
    ("interview", 0.30),  # not recommended after the interview
]
PASS = 3.0  # the lowest weighted score (1–5) that passes a stage
REASONS = {  # the entrance step's wording
    "ineligible": ENTRANCE_REASONS["ineligible"].format(fy=f"FY{YEAR}"),
    "withdrawn": ENTRANCE_REASONS["withdrawn_early"],
    "documents": ENTRANCE_REASONS["not_recommended_documents"],
    "interview": ENTRANCE_REASONS["not_recommended_interview"],
}


@dataclass
class _App:
    app: Application
    fate: str  # placed, declined, alternate, not_selected, ineligible, withdrawn, documents, interview
    documents: float | None = None  # the panel's weighted documents score
    interview: float | None = None
    rank: int | None = None  # alternates' rank on their list


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 3)))


def earlier_intake_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    cohort = list(
        AppointmentTerm.objects.filter(fiscal_year=YEAR, year_on_programme=1, participant__cohort_year=YEAR)
        .order_by("participant__jet_id")
        .values_list(
            "participant__person_id",
            "participant__person__family_name",
            "participant__person__given_name",
            "participant__person__birth_date",
            "participant__person__email",
            "participant__person__mission_id",
            "participant__country__code",
            "participant__job_type",
            "participant__language_id",
            "contracting_org_id",
            "contracting_org__prefecture__code",
        )
    )
    if not cohort:
        return
    english = Language.objects.get(code="en").pk  # reference data (migrations)
    calendar = default_milestone_dates(YEAR)
    intake_opens, intake_ends = calendar["intake"]
    screening_opens, _ = calendar["screening"]
    refs: set[str] = set()

    def reference(country: str) -> str:
        while True:
            ref = f"{YEAR}-{country}-" + "".join(
                rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)
            )
            if ref not in refs:
                refs.add(ref)
                return ref

    def application(country: str, job: str, language: int | None, mission: int) -> Application:
        """A submitted application (its person set by the caller), in the status it is created in."""
        day = intake_opens + timedelta(days=rng.randrange((intake_ends - intake_opens).days + 1))
        return Application(
            reference=reference(country),
            intake_year=YEAR,
            mission_id=mission,
            country=ctx.countries[country],
            nationality=ctx.countries[country],
            job_type=job,
            language_id=language or english,
            status=S.DRAFT,
            submitted_at=_at(day, rng.randint(8, 22)),
            sex=rng.choices([Sex.FEMALE, Sex.MALE, Sex.OTHER], weights=[52, 45, 3])[0],
            degree=rng.choices([Degree.BACHELOR, Degree.MASTER, Degree.DOCTORATE], weights=[80, 18, 2])[0],
            language_ability=LanguageAbility.NATIVE,
            medical_fit=True,
            declaration_true=True,
            declaration_consent=True,
        )

    # the placed: the FY2025 cohort's participants, as they applied
    apps: list[_App] = []
    placed_org: dict[int, tuple[int, str]] = {}  # id of the _App → (contracting organisation, prefecture)
    per_list: dict[tuple[str, str], list[_App]] = defaultdict(list)
    language_of: dict[tuple[str, str], int | None] = {}
    missions_of: dict[str, list[int]] = defaultdict(list)
    for person_id, family, given, birth, email, mission, country, job, language, org, pref in cohort:
        a = application(country, job, language, mission)
        a.person_id = person_id
        a.passport_family_name, a.passport_given_names, a.birth_date, a.email = family, given, birth, email
        rec = _App(a, "placed")
        apps.append(rec)
        placed_org[id(rec)] = (org, pref or "")
        per_list[(country, job)].append(rec)
        language_of.setdefault((country, job), language)
        if mission not in missions_of[country]:
            missions_of[country].append(mission)

    # the other applicants of each list: fresh persons
    persons: list[Person] = []
    serial = 0

    def applicant(country: str, job: str) -> Application:
        nonlocal serial
        serial += 1
        name = names.person_name(rng)
        mission = rng.choice(missions_of[country])
        person = Person(
            kind=PersonKind.APPLICANT,
            family_name=name.family,
            given_name=name.given,
            birth_date=BIRTH_FROM + timedelta(days=rng.randrange((BIRTH_TO - BIRTH_FROM).days + 1)),
            email=f"{name.given}.{name.family}.a{YEAR}.{serial}@example.org".lower(),
            nationality=ctx.countries[country],
            mission_id=mission,
        )
        persons.append(person)
        a = application(country, job, language_of[(country, job)], mission)
        a.person = person
        a.passport_family_name, a.passport_given_names = person.family_name, person.given_name
        a.birth_date, a.email = person.birth_date, person.email
        return a

    fates, shares = [f for f, _s in EARLY_FATES], [s for _f, s in EARLY_FATES]
    for key in sorted(per_list):
        country, job = key
        placed = len(per_list[key])
        shortlisted = placed + sum(rng.random() < DECLINED_SHARE for _ in range(placed))
        alternates = max(1, round(ALTERNATE_SHARE * shortlisted))
        not_selected = round(NOT_SELECTED_SHARE * shortlisted)
        total = max(shortlisted + alternates + not_selected, round(APPLICATIONS_PER_SELECTED * shortlisted))
        plan = (
            ["declined"] * (shortlisted - placed)
            + ["alternate"] * alternates
            + ["not_selected"] * not_selected
            + rng.choices(fates, shares, k=total - shortlisted - alternates - not_selected)
        )
        for fate in plan:
            rec = _App(applicant(country, job), fate)
            if fate == "ineligible":
                rec.app.eligibility_failures = [
                    rng.choice(["degree", "years_in_japan", "designated_language"])
                ]
            apps.append(rec)
            per_list[key].append(rec)

    # the panel's scores: the selected best, then the alternates, the not selected, the failed ones
    bands = {
        "placed": (3.9, 4.8),
        "declined": (3.9, 4.8),
        "alternate": (3.5, 3.9),
        "not_selected": (3.0, 3.5),
        "interview": (1.8, 2.95),
    }
    for rec in apps:
        if rec.fate in ("ineligible", "withdrawn"):
            continue
        if rec.fate == "documents":
            rec.documents = rng.uniform(1.5, 2.95)
            continue
        rec.documents = rng.uniform(3.0, 4.9)
        lo, hi = bands[rec.fate]
        rec.interview = rng.uniform(lo, hi)

    # write: the applicants, the applications, the panels and their results
    insert_many(persons)
    for rec in apps:
        if rec.app.person_id is None:
            rec.app.person_id = rec.app.person.pk
    insert_many([r.app for r in apps])
    on_panel = [r for r in apps if r.documents is not None]
    panels: dict[tuple[int, str], Panel] = {}
    for rec in on_panel:
        panel_key = (rec.app.mission_id, rec.app.job_type)
        if panel_key not in panels:
            panels[panel_key] = Panel(
                mission_id=panel_key[0],
                intake_year=YEAR,
                name=f"Panel {panel_key[1]} 1",
                job_type=panel_key[1],
                disagreement_threshold=Decimal(1),
            )
    insert_many(list(panels.values()))
    insert_many(
        [Assignment(panel=panels[(r.app.mission_id, r.app.job_type)], application=r.app) for r in on_panel],
    )
    results: list[StageResult] = []
    for stage, attr in ((Stage.DOCUMENTS, "documents"), (Stage.INTERVIEW, "interview")):
        by_panel: dict[int, list[_App]] = defaultdict(list)
        for rec in on_panel:
            if getattr(rec, attr) is not None:
                by_panel[id(panels[(rec.app.mission_id, rec.app.job_type)])].append(rec)
        for recs in by_panel.values():
            zs = calibration.z_scores([calibration.Score(i, getattr(r, attr)) for i, r in enumerate(recs)])
            for r, z in zip(recs, zs, strict=True):
                value = getattr(r, attr)
                results.append(
                    StageResult(
                        application=r.app,
                        stage=stage,
                        mean=_d(value),
                        spread=_d(rng.uniform(0.0, 0.8)),
                        z_score=z.z,
                        passed=value >= PASS,
                    )
                )
    insert_many(results)

    # the Council's lists, published on 31 March 2025
    lists: list[SelectionList] = []
    entries: list[SelectionEntry] = []
    for (country, job), recs in sorted(per_list.items()):
        chosen = [r for r in recs if r.fate in ("placed", "declined")]
        sel = SelectionList(
            intake_year=YEAR,
            country=ctx.countries[country],
            job_type=job,
            seats=len(chosen),
            note=f"Within the seats of the approved FY{YEAR} country plan.",
            proposed_at=_at(date(YEAR, 3, 10)),
            approved_at=_at(date(YEAR, 3, 24), 15),
            approved_by=ctx.users.get("council.approver"),
            published_at=_at(date(YEAR, 3, 31), 9),
        )
        lists.append(sel)
        ranked = sorted((r for r in recs if r.fate == "alternate"), key=lambda r: -(r.interview or 0))
        for rank, r in enumerate(ranked, 1):
            r.rank = rank
        for r in recs:
            if r.fate in ("placed", "declined", "alternate", "not_selected"):
                result = {"alternate": Result.ALTERNATE, "not_selected": Result.NOT_SELECTED}.get(
                    r.fate, Result.SHORTLISTED
                )
                entries.append(
                    SelectionEntry(
                        selection=sel,
                        application=r.app,
                        result=result,
                        alternate_rank=r.rank,
                        score=_d(r.interview or 0),
                    )
                )
    list_walk = Walk(LISTS)
    for sel in lists:
        list_walk.plan(sel, route(LISTS, ListStatus.DRAFT, ListStatus.PUBLISHED))
    insert_many(lists)
    insert_many(entries)
    # the short-listed candidates' offers (reply forms): accepted by the placed, declined by the others
    deadline = date(YEAR, 4, 30)
    offers: list[Offer] = []
    offer_walk = Walk(OFFERS)
    for r in apps:
        if r.fate in ("placed", "declined"):
            accepted = r.fate == "placed"
            offer = Offer(
                application=r.app,
                origin=OfferOrigin.SHORTLIST,
                deadline=deadline,
                replied_at=_at(deadline - timedelta(days=rng.randint(1, 20)), 11),
                decline_reason="" if accepted else rng.choice(DECLINE_REASONS),
            )
            target = OfferStatus.ACCEPTED if accepted else OfferStatus.DECLINED
            offer_walk.plan(offer, route(OFFERS, OfferStatus.OPEN, target), reason=offer.decline_reason)
            offers.append(offer)
    insert_many(offers)

    # the published placement run of May 2025
    published = _at(date(YEAR, 5, 20), 10)
    clair = ctx.users.get("clair.staff")
    run = PlacementRun(
        intake_year=YEAR,
        version=1,
        mode=RunMode.OPTIMAL,
        summary={"placed": len(placed_org)},
        progress=100,
        progress_message="Done",
        created_by=clair,
        started_at=published,
        finished_at=published,
        published_at=published,
        published_by=clair,
    )
    run_walk = Walk(RUNS)
    run_walk.plan(run, route(RUNS, RunStatus.DRAFT, RunStatus.READY, RunStatus.PUBLISHED))
    run.save(force_insert=True)
    insert_many(
        [
            Placement(
                run=run,
                application=r.app,
                contracting_org_id=placed_org[id(r)][0],
                prefecture_code=placed_org[id(r)][1],
                source=Source.ENGINE,
            )
            for r in apps
            if r.fate == "placed"
        ],
    )

    # the statuses, through the workflow layer
    app_walk = Walk(APPLICATIONS)
    stops: dict[str, list[str]] = {
        "placed": [S.RECOMMENDED, S.SHORTLISTED, S.ACCEPTED, S.CLEARED],
        "declined": [S.RECOMMENDED, S.SHORTLISTED, S.DECLINED],
        "alternate": [S.RECOMMENDED, S.ALTERNATE],
        "not_selected": [S.RECOMMENDED, S.NOT_SELECTED],
        "ineligible": [S.INELIGIBLE],
        "withdrawn": [S.WITHDRAWN],
        "documents": [S.ELIGIBLE, S.NOT_RECOMMENDED],
        "interview": [S.INTERVIEW, S.NOT_RECOMMENDED],
    }
    for rec in apps:
        path = route(APPLICATIONS, S.DRAFT, S.SUBMITTED, *stops[rec.fate])
        app_walk.plan(rec.app, path, reason=REASONS.get(rec.fate, ""))
    days: dict[str, date] = {
        S.ELIGIBLE: screening_opens,
        S.INELIGIBLE: screening_opens,
        S.WITHDRAWN: screening_opens + timedelta(days=10),
        S.DOCUMENT_SCREENED: screening_opens + timedelta(days=20),
        S.INTERVIEW: screening_opens + timedelta(days=21),
        S.NOT_RECOMMENDED: date(YEAR, 2, 14),
        S.RECOMMENDED: date(YEAR, 2, 20),
        S.SHORTLISTED: date(YEAR, 3, 31),
        S.ALTERNATE: date(YEAR, 3, 31),
        S.NOT_SELECTED: date(YEAR, 3, 31),
        S.ACCEPTED: date(YEAR, 4, 20),
        S.DECLINED: date(YEAR, 4, 30),
        S.CLEARED: date(YEAR, 5, 25),
    }
    app_walk.run(when=lambda row, status: _at(days.get(status, date(YEAR, 5, 31))))

    def list_step_at(row: SelectionList, status: str) -> datetime | None:
        if status == ListStatus.PROPOSED:
            return row.proposed_at
        return row.approved_at if status == ListStatus.APPROVED else row.published_at

    list_walk.run(when=list_step_at)
    run_walk.run(when=published)
    offer_walk.run(when=lambda row, status: row.replied_at)
    ctx.extra["earlier_intake"] = {
        "year": YEAR,
        "applications": len(apps),
        "shortlisted": sum(r.fate in ("placed", "declined") for r in apps),
        "placed": len(placed_org),
        "panels": len(panels),
        "lists": len(lists),
    }
