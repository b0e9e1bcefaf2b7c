"""Every write of the alumni's engagement: a mission records what a consenting alumnus does for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from jetpm.alumni.engagement.models import Engagement
from jetpm.alumni.engagement.states import EngagementKind
from jetpm.alumni.jurisdiction import alumni_of
from jetpm.alumni.outreach_permissions import can_send_for_mission
from jetpm.core import audit
from jetpm.core.errors import NotFound, raise_all
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.outreach.models import OutreachActivity
from jetpm.screening.models import Panel, PanelMember


@dataclass(frozen=True)
class EngagementInput:
    person_id: int
    kind: str
    date: date
    activity_id: int | None = None
    panel_id: int | None = None
    link: str = ""
    note: str = ""


@transaction.atomic
def record_engagement(*, actor: User, mission_id: int, data: EngagementInput) -> Engagement:
    """Record an alumnus's part in the mission's work: only an alumnus of the mission's countries who agreed
    to be asked to help (consents_to_recruitment); a PR event or panel must be the mission's own, and a
    panel's seat of the alumnus is linked when they sit on it. Every refusal at once."""
    if not can_send_for_mission(scope_of(actor), mission_id):
        raise NotFound(_("No such record."))
    errors: list[tuple[str | None, str]] = []
    person = alumni_of([mission_id]).filter(pk=data.person_id).select_related("alumnus_profile").first()
    if person is None:
        raise NotFound(_("No such record."))
    profile = getattr(person, "alumnus_profile", None)
    if profile is None or not profile.consents_to_recruitment:
        errors.append(("person", _("This alumnus has not agreed to be asked to help the programme.")))
    if data.kind not in EngagementKind.values:
        errors.append(("kind", _("Choose what the alumnus does.")))
    activity = None
    if data.activity_id is not None:
        activity = OutreachActivity.objects.filter(pk=data.activity_id, mission_id=mission_id).first()
        if activity is None:
            errors.append(("activity", _("Choose one of the mission's PR events.")))
    panel = None
    if data.panel_id is not None:
        panel = Panel.objects.filter(pk=data.panel_id, mission_id=mission_id).first()
        if panel is None:
            errors.append(("panel", _("Choose one of the mission's panels.")))
    if data.kind == EngagementKind.PR_HELP and data.activity_id is None:
        errors.append(("activity", _("Choose the PR event the alumnus helps with.")))
    if data.kind == EngagementKind.SCREENING_PANEL and data.panel_id is None:
        errors.append(("panel", _("Choose the panel the alumnus sits on.")))
    raise_all(errors)
    seat = None
    if panel is not None and person.user_id:
        seat = PanelMember.objects.filter(panel=panel, user_id=person.user_id).first()
    engagement = Engagement.objects.create(
        person=person,
        mission_id=mission_id,
        kind=data.kind,
        date=data.date,
        activity=activity,
        panel=panel,
        panel_member=seat,
        link=data.link.strip(),
        note=data.note.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="alumni_engagement.record",
        obj=engagement,
        organisation=mission_id,
        person=person,
        changes={"kind": [None, data.kind], "date": [None, data.date.isoformat()]},
    )
    return engagement
