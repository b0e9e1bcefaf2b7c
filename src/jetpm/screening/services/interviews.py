"""Interviews (invitations with a calendar file) and the Japanese tests of CIR candidates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.notices import notify, written_for
from jetpm.applications.services.transitions import lock, move
from jetpm.core import audit
from jetpm.core.errors import DomainError
from jetpm.core.models import User
from jetpm.core.states import JobType
from jetpm.screening.models import Interview, JapaneseTest, Panel
from jetpm.screening.services._common import require_decider
from jetpm.screening.states import INVITED_FROM, INVITED_TO, InterviewMode


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    minutes: int
    mode: str
    place: str
    message: str = ""


def _check_slot(slot: Slot) -> None:
    if timezone.is_naive(slot.starts_at):
        raise DomainError(_("Give the time with its time zone."), field="starts_at")
    if not 5 <= slot.minutes <= 480:
        raise DomainError(_("An interview lasts between 5 and 480 minutes."), field="minutes")
    if slot.mode not in InterviewMode.values:
        raise DomainError(_("Choose in person or online."), field="mode")
    if not slot.place.strip():
        raise DomainError(_("Give the place or the online link."), field="place")


def _invite(interview: Interview, *, again: bool) -> None:
    app = interview.application
    with written_for(app):  # the applicant's language and mission's local time, whoever schedules
        when = date_format(timezone.localtime(interview.starts_at), "DATETIME_FORMAT")
        subject = (
            _("Your JET Programme interview was rescheduled (%(reference)s)")
            if again
            else _("Invitation to your JET Programme interview (%(reference)s)")
        ) % {"reference": app.reference}
        body = _(
            "Your interview: %(when)s (%(minutes)s minutes, %(mode)s).\nPlace: %(place)s\n\n%(message)s\n\n"
            "You can add it to your calendar with the file in your portal."
        ) % {
            "when": when,
            "minutes": interview.minutes,
            "mode": interview.get_mode_display(),
            "place": interview.place,
            "message": interview.message,
        }
    notify(application=app, kind="interview", subject=subject, body=body)


def _schedule_locked(app: Application, panel: Panel, slot: Slot, *, actor: User) -> Interview:
    if app.status != INVITED_FROM:
        raise DomainError(
            _("Application %(ref)s has not passed document screening.") % {"ref": app.reference},
            field="application",
        )
    interview = Interview.objects.filter(application=app).first() or Interview(application=app)
    interview.panel = panel
    interview.starts_at = slot.starts_at
    interview.minutes = slot.minutes
    interview.mode = slot.mode
    interview.place = slot.place.strip()
    interview.message = slot.message.strip()
    interview.invited_at = timezone.now()
    interview.save()
    move(app, INVITED_TO, actor=actor, action="screening.interview.status")
    audit.record(
        actor=actor,
        action="screening.interview.schedule",
        obj=interview,
        organisation=app.mission_id,
        person=app.person_id,
        changes={"starts_at": [None, slot.starts_at.isoformat()], "mode": [None, slot.mode]},
    )
    _invite(interview, again=False)
    return interview


def _panel_of(app: Application) -> Panel:
    assignment = getattr(app, "assignment", None)
    if assignment is None:
        raise DomainError(
            _("Application %(ref)s has no panel.") % {"ref": app.reference}, field="application"
        )
    return assignment.panel


@transaction.atomic
def schedule(*, actor: User, application_id: int, slot: Slot) -> Interview:
    app = lock(application_id)
    require_decider(actor, app.mission_id)
    _check_slot(slot)
    return _schedule_locked(app, _panel_of(app), slot, actor=actor)


@transaction.atomic
def schedule_bulk(
    *, actor: User, panel_id: int, application_ids: Sequence[int], first: Slot, gap_minutes: int
) -> list[Interview]:
    """Back-to-back slots from ``first``: each application gets the next start (length + gap)."""
    panel = Panel.objects.get(pk=panel_id)
    require_decider(actor, panel.mission_id)
    _check_slot(first)
    if gap_minutes < 0:
        raise DomainError(_("The gap cannot be negative."), field="gap")
    apps = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=application_ids, assignment__panel=panel)
        .select_related("person__user")
        .order_by("reference")
    )
    if not apps:
        raise DomainError(_("Choose the applications to invite."), field="applications")
    done = []
    for i, app in enumerate(apps):
        start = first.starts_at + timedelta(minutes=i * (first.minutes + gap_minutes))
        slot = Slot(start, first.minutes, first.mode, first.place, first.message)
        done.append(_schedule_locked(app, panel, slot, actor=actor))
    return done


@transaction.atomic
def reschedule(*, actor: User, interview_id: int, slot: Slot) -> Interview:
    interview = (
        Interview.objects.select_for_update(of=("self",)).select_related("application").get(pk=interview_id)
    )
    app = interview.application
    require_decider(actor, app.mission_id)
    _check_slot(slot)
    if app.status != INVITED_TO:
        raise DomainError(_("The interview stage of this application is over."), field="starts_at")
    before = audit.snapshot(interview, ["starts_at", "minutes", "mode", "place", "message"])
    interview.starts_at = slot.starts_at
    interview.minutes = slot.minutes
    interview.mode = slot.mode
    interview.place = slot.place.strip()
    interview.message = slot.message.strip()
    interview.invited_at = timezone.now()
    interview.save()
    audit.record(
        actor=actor,
        action="screening.interview.reschedule",
        obj=interview,
        organisation=app.mission_id,
        person=app.person_id,
        changes=audit.diff(
            before, audit.snapshot(interview, ["starts_at", "minutes", "mode", "place", "message"])
        ),
    )
    _invite(interview, again=True)
    return interview


@transaction.atomic
def record_japanese_test(
    *, actor: User, application_id: int, tested_on: date, score: int, passed: bool, notes: str = ""
) -> JapaneseTest:
    app = lock(application_id)
    require_decider(actor, app.mission_id)
    if app.job_type != JobType.CIR:
        raise DomainError(_("The Japanese test is for CIR candidates."), field="application")
    if not 0 <= score <= 100:
        raise DomainError(_("The score must be between 0 and 100."), field="score")
    test = JapaneseTest.objects.filter(application=app).first()
    before = audit.snapshot(test, ["tested_on", "score", "passed", "notes"]) if test else {}
    test = test or JapaneseTest(application=app)
    test.tested_on = tested_on
    test.score = score
    test.passed = passed
    test.notes = notes.strip()[:500]
    test.recorded_by = actor
    test.save()
    audit.record(
        actor=actor,
        action="screening.japanese_test.record",
        obj=test,
        organisation=app.mission_id,
        person=app.person_id,
        changes=audit.diff(before, audit.snapshot(test, ["tested_on", "score", "passed", "notes"])),
    )
    return test
