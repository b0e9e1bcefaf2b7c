"""Panels, their members (staff or external), and the assignment of applications to panels."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core import audit
from jetpm.core.errors import DomainError
from jetpm.core.mail import set_password_url
from jetpm.core.models import Membership, Organisation, User
from jetpm.core.services import add_membership
from jetpm.core.states import OrgKind, Role
from jetpm.screening.models import Assignment, Panel, PanelMember, Review
from jetpm.screening.services._common import locked_panel, require_panel_manager
from jetpm.screening.states import MemberKind, ReviewStatus

EXTERNAL_KINDS = (MemberKind.ALUMNUS, MemberKind.EDUCATOR, MemberKind.OTHER)


@transaction.atomic
def create_panel(
    *,
    actor: User,
    mission_id: int,
    intake_year: int,
    name: str,
    job_type: str = "",
    disagreement_threshold: Decimal = Decimal("1"),
) -> Panel:
    mission = Organisation.objects.get(pk=mission_id, kind=OrgKind.MISSION)
    require_panel_manager(actor, mission.pk)
    name = name.strip()
    if not name:
        raise DomainError(_("A panel needs a name."), field="name")
    if disagreement_threshold < 0:
        raise DomainError(_("The threshold cannot be negative."), field="disagreement_threshold")
    if Panel.objects.filter(mission=mission, intake_year=intake_year, name=name).exists():
        raise DomainError(_("The mission already has a panel of that name this year."), field="name")
    panel = Panel.objects.create(
        mission=mission,
        intake_year=intake_year,
        name=name,
        job_type=job_type,
        disagreement_threshold=disagreement_threshold,
    )
    audit.record(
        actor=actor,
        action="screening.panel.create",
        obj=panel,
        organisation=mission,
        changes={
            "name": [None, name],
            "intake_year": [None, intake_year],
            "job_type": [None, job_type],
            "disagreement_threshold": [None, str(disagreement_threshold)],
        },
    )
    return panel


@transaction.atomic
def update_panel(
    *, actor: User, panel_id: int, disagreement_threshold: Decimal, chair_id: int | None
) -> Panel:
    panel = locked_panel(panel_id)
    require_panel_manager(actor, panel.mission_id)
    if disagreement_threshold < 0:
        raise DomainError(_("The threshold cannot be negative."), field="disagreement_threshold")
    if chair_id is not None and not panel.members.filter(user_id=chair_id).exists():
        raise DomainError(_("The chair must be a member of the panel."), field="chair")
    before = audit.snapshot(panel, ["disagreement_threshold", "chair"])
    panel.disagreement_threshold = disagreement_threshold
    panel.chair_id = chair_id
    panel.save(update_fields=["disagreement_threshold", "chair"])
    audit.record(
        actor=actor,
        action="screening.panel.update",
        obj=panel,
        organisation=panel.mission_id,
        changes=audit.diff(before, audit.snapshot(panel, ["disagreement_threshold", "chair"])),
    )
    return panel


def eligible_member_users(panel: Panel):  # type: ignore[no-untyped-def]
    """Users with a staff or panelist membership of the panel's mission, not yet on the panel."""
    return (
        User.objects.filter(
            memberships__organisation_id=panel.mission_id,
            memberships__role__in=[Role.STAFF, Role.ADMIN, Role.APPROVER, Role.PANELIST],
        )
        .exclude(panel_seats__panel=panel)
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def add_member(*, actor: User, panel_id: int, user_id: int) -> PanelMember:
    panel = locked_panel(panel_id)
    require_panel_manager(actor, panel.mission_id)
    roles = set(
        Membership.objects.filter(user_id=user_id, organisation_id=panel.mission_id).values_list(
            "role", flat=True
        )
    )
    if not roles:
        raise DomainError(_("Only the mission's staff and panelists can sit on its panels."), field="user")
    if PanelMember.objects.filter(panel=panel, user_id=user_id).exists():
        raise DomainError(_("This person is already a member of the panel."), field="user")
    kind = MemberKind.OTHER if roles == {Role.PANELIST} else MemberKind.STAFF
    member = PanelMember.objects.create(panel=panel, user_id=user_id, kind=kind)
    audit.record(
        actor=actor,
        action="screening.panel_member.add",
        obj=member,
        organisation=panel.mission_id,
        changes={"user": [None, user_id], "kind": [None, kind]},
    )
    return member


def _invite_mail(user: User, panel: Panel) -> tuple[str, str]:
    link = set_password_url(user)
    with translation.override(user.language):
        subject = _("You were invited to the screening panel %(panel)s") % {"panel": panel.name}
        body = _(
            "Dear %(name)s,\n\nThe %(mission)s invites you to sit on its JET Programme screening panel "
            "“%(panel)s”. Set your password with this link, then sign in with your user name "
            "%(username)s:\n\n%(link)s\n"
        ) % {
            "name": user.get_full_name() or user.username,
            "mission": panel.mission.name_en if user.language == "en" else panel.mission.name_ja,
            "panel": panel.name,
            "username": user.username,
            "link": link,
        }
    return subject, body


@transaction.atomic
def add_external_member(
    *,
    actor: User,
    panel_id: int,
    email: str,
    family_name: str,
    given_name: str,
    kind: str,
    language: str = "en",
) -> PanelMember:
    """A new external member (alumnus, local educator): a user without a usable password, a panelist
    membership of the mission, a seat on the panel, and an e-mail with a link to set the password."""
    panel = locked_panel(panel_id)
    require_panel_manager(actor, panel.mission_id)
    email = email.strip().lower()
    if kind not in EXTERNAL_KINDS:
        raise DomainError(_("Choose the kind of external member."), field="kind")
    if not email or "@" not in email:
        raise DomainError(_("Enter a valid e-mail address."), field="email")
    if (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        raise DomainError(
            _("A user with this e-mail address exists already: add them from the mission's users."),
            field="email",
        )
    if language not in dict(settings.LANGUAGES):
        language = "en"
    user = User(
        username=email,
        email=email,
        first_name=given_name.strip(),
        last_name=family_name.strip(),
        language=language,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise DomainError(_("A user with this e-mail address exists already."), field="email") from exc
    add_membership(actor=actor, user=user, organisation=panel.mission, role=Role.PANELIST)
    member = PanelMember.objects.create(panel=panel, user=user, kind=kind)
    audit.record(
        actor=actor,
        action="screening.panel_member.add_external",
        obj=member,
        organisation=panel.mission_id,
        changes={"user": [None, user.pk], "email": [None, email], "kind": [None, kind]},
    )
    subject, body = _invite_mail(user, panel)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return member


@transaction.atomic
def remove_member(*, actor: User, panel_id: int, user_id: int) -> None:
    panel = locked_panel(panel_id)
    require_panel_manager(actor, panel.mission_id)
    member = PanelMember.objects.filter(panel=panel, user_id=user_id).first()
    if member is None:
        raise DomainError(_("This person is not a member of the panel."), field="user")
    if Review.objects.filter(
        reviewer_id=user_id, status=ReviewStatus.SUBMITTED, application__assignment__panel=panel
    ).exists():
        raise DomainError(
            _("This member has submitted reviews for the panel and cannot be removed."), field="user"
        )
    Review.objects.filter(reviewer_id=user_id, application__assignment__panel=panel).delete()
    if panel.chair_id == user_id:
        panel.chair = None
        panel.save(update_fields=["chair"])
    audit.record(
        actor=actor,
        action="screening.panel_member.remove",
        obj=member,
        organisation=panel.mission_id,
        changes={"user": [user_id, None]},
    )
    member.delete()


def _assignable(panel: Panel):  # type: ignore[no-untyped-def]
    qs = Application.objects.filter(
        mission_id=panel.mission_id, intake_year=panel.intake_year, status=ApplicationStatus.ELIGIBLE
    )
    return qs.filter(job_type=panel.job_type) if panel.job_type else qs


@transaction.atomic
def assign(*, actor: User, panel_id: int, application_id: int) -> Assignment:
    """Assign one eligible application to a panel (or move it there while nobody has reviewed it)."""
    panel = locked_panel(panel_id)
    require_panel_manager(actor, panel.mission_id)
    app = _assignable(panel).select_for_update(of=("self",)).filter(pk=application_id).first()
    if app is None:
        raise DomainError(
            _("Only the mission's eligible applications of the panel's year and job type can be assigned."),
            field="application",
        )
    current = Assignment.objects.filter(application=app).first()
    if current is not None:
        if current.panel_id == panel.pk:
            raise DomainError(_("The application is already assigned to this panel."), field="application")
        if Review.objects.filter(application=app).exists():
            raise DomainError(
                _("The application has reviews already and cannot move to another panel."),
                field="application",
            )
        old = current.panel_id
        current.panel = panel
        current.save(update_fields=["panel"])
        assignment = current
    else:
        old = None
        assignment = Assignment.objects.create(panel=panel, application=app)
    audit.record(
        actor=actor,
        action="screening.assignment.set",
        obj=assignment,
        organisation=panel.mission_id,
        person=app.person_id,
        changes={"panel": [old, panel.pk]},
    )
    return assignment


@transaction.atomic
def assign_unassigned(
    *, actor: User, mission_id: int, intake_year: int, job_type: str, panel_ids: Sequence[int]
) -> int:
    """Assign every unassigned eligible application of a job type to the panels, round-robin."""
    require_panel_manager(actor, mission_id)
    panels = list(
        Panel.objects.select_for_update(of=("self",)).filter(
            pk__in=panel_ids, mission_id=mission_id, intake_year=intake_year
        )
    )
    if not panels or len(panels) != len(set(panel_ids)):
        raise DomainError(_("Choose one or more panels of the mission and year."), field="panels")
    for p in panels:
        if p.job_type and p.job_type != job_type:
            raise DomainError(
                _("The panel %(panel)s screens another job type.") % {"panel": p.name}, field="panels"
            )
    panels.sort(key=lambda p: p.name)
    apps = list(
        Application.objects.select_for_update(of=("self",))
        .filter(
            mission_id=mission_id,
            intake_year=intake_year,
            job_type=job_type,
            status=ApplicationStatus.ELIGIBLE,
            assignment__isnull=True,
        )
        .order_by("reference")
        .values_list("pk", flat=True)
    )
    rows = [Assignment(panel=panels[i % len(panels)], application_id=pk) for i, pk in enumerate(apps)]
    Assignment.objects.bulk_create(rows)
    for p in panels:
        ids = [r.application_id for r in rows if r.panel is p]
        audit.record(
            actor=actor,
            action="screening.assignment.bulk",
            obj=p,
            organisation=mission_id,
            changes={"applications": [None, ids], "job_type": [None, job_type]},
        )
    return len(rows)
