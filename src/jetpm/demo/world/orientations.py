"""Demo step of the missions' pre-departure orientations, the candidates' checklists and the send-off
evaluations, as they stand on the demo's today (2026-12-06):

- FY2026 (the intake that left in summer 2026): every mission with candidates held an orientation in June or
  July 2026 (two, Group A and Group B, where it has many candidates) and most held a reception; every
  candidate (an accepted offer, or cleared for placement) was invited, most attended, many gave feedback;
  materials in Japanese and English, an alumnus speaking at most orientations. Every candidate's checklist is
  complete (the visa issued, reported through the workflow by CLAIR). Most missions submitted their FY2026
  send-off evaluation in the autumn and MOFA reviewed many of them.
- FY2027 (in screening): nobody is selected yet, so there are no invitations; a few missions have planned
  their June 2027 orientation, and the UK mission has opened its FY2027 send-off evaluation with notes on the
  screening under way.

The records are written in English, as the demo's other records are (the pages show them in both
languages). Events, invitations, checklists and evaluations reach their statuses through the workflow layer
(:mod:`jetpm.demo.world.walk`); every write is a ``bulk_create``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from jetpm.applications.models import Application
from jetpm.demo.logins import UK_MISSION
from jetpm.demo.world.core import DEMO_TODAY, PUBLISHED_YEAR, SCREENING_YEAR
from jetpm.demo.world.entrance import write_demo_files
from jetpm.demo.world.walk import Walk, route
from jetpm.predeparture.models import (
    CandidateChecklist,
    DepartureAssignment,
    DepartureGroup,
    OrientationEvent,
    OrientationInvitation,
    OrientationMaterial,
    OrientationSpeaker,
    SendoffEvaluation,
)
from jetpm.predeparture.orientations.selectors import orientation_figures
from jetpm.predeparture.orientations.states import (
    CANDIDATE_STATUSES,
    Attendance,
    EventKind,
    EventStatus,
    SendoffStatus,
    VisaStatus,
)
from jetpm.predeparture.orientations.workflows import ATTENDANCE, EVENTS, SENDOFF, VISA

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

COMMENTS = [
    "The practical advice on daily life was very helpful.",
    "Very useful: the alumni talk answered most of my questions.",
    "I would have liked more time on the first weeks at school.",
    "Great to meet the others going to the same prefecture.",
    "",
    "",
]
SCREENING = [
    "Document screening in December as every year; interviews in late January, in person and online.",
    "Interviews were held over two weekends in January, with JETAA members on every panel.",
]
SENDOFF_TEXTS = [
    "Pre-departure orientation in June; send-off reception at the residence in July.",
    "Orientation in June (Groups A and B) with alumni speakers; reception at the residence in July.",
]
CHANGES = [
    "Stream the orientation online as well, so that candidates far from the capital can attend.",
    "Ask the contracting organisations for their messages earlier; hold the orientation before the visas.",
]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def orientations_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    missions = {m.pk: m for m in ctx.missions.values()}
    candidates: dict[int, list[Application]] = {}
    rows = Application.objects.filter(intake_year=PUBLISHED_YEAR, status__in=CANDIDATE_STATUSES).values_list(
        "pk", "mission_id", "person_id"
    )
    for pk, mission_id, person_id in rows.order_by("pk"):
        if mission_id in missions:
            candidates.setdefault(mission_id, []).append(
                Application(pk=pk, mission_id=mission_id, person_id=person_id)
            )
    alumni = list(ctx.persons.get("alumnus", []))
    files = write_demo_files()
    pdf = files["pdf"]

    # the departure groups A and B of the year: a mission's two orientations are for them, each inviting
    # (mostly) its members — group A's first, group B's last (no draw of the generator changes)
    group_of: dict[int, str] = dict(
        DepartureAssignment.objects.filter(intake_year=PUBLISHED_YEAR, application__isnull=False).values_list(
            "application_id", "group__code"
        )
    )
    group_ids = {
        (m, code): pk
        for pk, m, code in DepartureGroup.objects.filter(
            intake_year=PUBLISHED_YEAR, code__in=["a", "b"]
        ).values_list("pk", "mission_id", "code")
    }
    rank = {"a": 0, "b": 3}
    events: list[OrientationEvent] = []
    planned: list[tuple[OrientationEvent, list[Application]]] = []
    for mission_id, apps in sorted(candidates.items()):
        if len(apps) >= 30:
            apps = sorted(apps, key=lambda a: rank.get(group_of.get(a.pk, ""), 1))
        groups = (
            [("Group A", apps[: len(apps) // 2]), ("Group B", apps[len(apps) // 2 :])]
            if len(apps) >= 30
            else [("", apps)]
        )
        for n, (label, members) in enumerate(groups):
            day = date(PUBLISHED_YEAR, 6, 10) + timedelta(days=14 * n + rng.randrange(10))
            event = OrientationEvent(
                mission_id=mission_id,
                intake_year=PUBLISHED_YEAR,
                kind=EventKind.ORIENTATION,
                title="Pre-departure orientation" + (f" ({label})" if label else ""),
                date=day,
                place="Embassy of Japan",
                departure_group_id=group_ids.get((mission_id, label[-1:].lower())) if label else None,
                group_label=label if label and (mission_id, label[-1:].lower()) not in group_ids else "",
                held_at=_at(day, 17),
            )
            events.append(event)
            planned.append((event, members))
        if rng.random() < 0.75:
            day = date(PUBLISHED_YEAR, 7, 5) + timedelta(days=rng.randrange(14))
            reception = OrientationEvent(
                mission_id=mission_id,
                intake_year=PUBLISHED_YEAR,
                kind=EventKind.RECEPTION,
                title="Send-off reception",
                date=day,
                place="Ambassador's residence",
                held_at=_at(day, 20),
            )
            events.append(reception)
            planned.append((reception, apps))
    # FY2027: a few missions have planned their June orientation (no candidate is selected yet)
    for code in [*sorted(ctx.missions)[:: max(1, len(ctx.missions) // 6)], UK_MISSION]:
        mission = ctx.missions.get(code)
        if mission is None or any(
            e.intake_year == SCREENING_YEAR and e.mission_id == mission.pk for e in events
        ):
            continue
        events.append(
            OrientationEvent(
                mission_id=mission.pk,
                intake_year=SCREENING_YEAR,
                kind=EventKind.ORIENTATION,
                title="Pre-departure orientation",
                date=date(SCREENING_YEAR, 6, 19),
                place="Embassy of Japan",
            )
        )
    walk = Walk(EVENTS)
    for e in events:
        walk.plan(
            e, route(EVENTS, EventStatus.PLANNED, EventStatus.HELD if e.held_at else EventStatus.PLANNED)
        )
    OrientationEvent.objects.bulk_create(events, batch_size=1000)
    walk.run(when=lambda e, status: e.held_at)
    ctx.report("orientations", 0.3)

    invitations: list[OrientationInvitation] = []
    attendance = Walk(ATTENDANCE)
    materials: list[OrientationMaterial] = []
    speakers: list[OrientationSpeaker] = []
    for event, members in planned:
        for app in members:
            came = rng.random() < 0.9
            inv = OrientationInvitation(event=event, application=app, attendance_at=_at(event.date, 18))
            if came and rng.random() < 0.6:
                inv.feedback_rating = rng.choice([3, 4, 4, 5, 5])
                inv.feedback_comment = rng.choice(COMMENTS)
                inv.feedback_at = _at(event.date + timedelta(days=rng.randint(1, 10)), 12)
            attendance.plan(inv, [Attendance.INVITED, Attendance.ATTENDED if came else Attendance.ABSENT])
            invitations.append(inv)
        if event.kind == EventKind.ORIENTATION:
            for language, title in (
                ("ja", "Pre-departure handbook (Japanese)"),
                ("en", "Pre-departure handbook"),
            ):
                materials.append(
                    OrientationMaterial(
                        event=event,
                        language=language,
                        title=title,
                        file=pdf.name,
                        original_name="pre-departure-handbook.pdf",
                        content_type=pdf.content_type,
                        size=pdf.size,
                        sha256=pdf.sha256,
                    )
                )
            if alumni and rng.random() < 0.8:
                speakers.append(
                    OrientationSpeaker(event=event, person=rng.choice(alumni), topic="Life and work in Japan")
                )
    OrientationInvitation.objects.bulk_create(invitations, batch_size=2000)
    attendance.run(when=lambda inv, status: inv.attendance_at)
    OrientationMaterial.objects.bulk_create(materials, batch_size=1000)
    OrientationSpeaker.objects.bulk_create(speakers, batch_size=1000)
    ctx.report("orientations", 0.6)

    # FY2026's checklists: complete, the visa issued (reported by CLAIR)
    checklists: list[CandidateChecklist] = []
    visas = Walk(VISA)
    for apps in candidates.values():
        for app in apps:
            c = CandidateChecklist(application=app, visa_updated_at=_at(date(PUBLISHED_YEAR, 6, 1)))
            visas.plan(c, route(VISA, VisaStatus.NOT_STARTED, VisaStatus.VISA_ISSUED))
            checklists.append(c)
    CandidateChecklist.objects.bulk_create(checklists, batch_size=2000)
    visas.run(when=lambda c, status: c.visa_updated_at)
    ctx.report("orientations", 0.8)
    _sendoff(ctx, sorted(candidates))
    ctx.report("orientations", 1.0)


def _sendoff(ctx: DemoContext, mission_ids: list[int]) -> None:
    rng = ctx.rng
    mofa = ctx.users.get("mofa.staff")
    approver = ctx.users.get("mission.approver")
    uk = ctx.missions.get(UK_MISSION)
    evaluations: list[SendoffEvaluation] = []
    for mission_id in mission_ids:
        roll = rng.random()
        mine = uk is not None and mission_id == uk.pk
        if roll < 0.1 and not mine:
            continue  # not started
        submitted_on = date(PUBLISHED_YEAR, 9, 15) + timedelta(days=rng.randrange(50))
        submitted = mine or roll > 0.2
        reviewed = submitted and (mine or roll > 0.5) and submitted_on + timedelta(days=30) < DEMO_TODAY
        evaluations.append(
            SendoffEvaluation(
                mission_id=mission_id,
                fiscal_year=PUBLISHED_YEAR,
                screening_schedule="December to February",
                screening_venue="Embassy of Japan",
                screening_content=rng.choice(SCREENING),
                screening_criteria="The year's guideline's criteria (motivation, teaching, adaptability).",
                sendoff_schedule="June–July",
                sendoff_venue="Embassy of Japan; Ambassador's residence",
                sendoff_content=rng.choice(SENDOFF_TEXTS),
                orientations_comment="Alumni speakers were the most appreciated part of the orientation.",
                changes_next_year=rng.choice(CHANGES),
                status=SendoffStatus.SUBMITTED if submitted else SendoffStatus.DRAFT,
                figures=orientation_figures(mission_id, PUBLISHED_YEAR) if submitted else {},
                submitted_at=_at(submitted_on) if submitted else None,
                submitted_by=approver if mine else None,
                review_comment="Please share the reception's format with the neighbouring missions."
                if reviewed
                else "",
                reviewed_at=_at(submitted_on + timedelta(days=rng.randint(10, 30)), 15) if reviewed else None,
                reviewed_by=mofa if reviewed else None,
            )
        )
        if reviewed:
            evaluations[-1].status = SendoffStatus.REVIEWED
    if uk is not None:
        evaluations.append(
            SendoffEvaluation(
                mission=uk,
                fiscal_year=SCREENING_YEAR,
                screening_schedule="Documents in December, interviews in January and February.",
                screening_venue="Embassy of Japan, Piccadilly; online for Scotland and Wales",
            )
        )
    walk = Walk(SENDOFF)
    for e in evaluations:
        target = e.status
        walk.plan(e, route(SENDOFF, SendoffStatus.DRAFT, target))
    SendoffEvaluation.objects.bulk_create(evaluations)
    walk.run(when=lambda e, status: e.reviewed_at or e.submitted_at)
