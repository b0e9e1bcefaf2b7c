"""An organisation's members, managed by its administrators (and the national administrators): invite a
person by e-mail with a role, change a member's role, remove a member. Every write is audited on the
organisation, so its administrators find it in their audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jetpm.core import audit
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.mail import absolute_url, set_password_url
from jetpm.core.models import Membership, Organisation, User
from jetpm.core.permissions import can_manage_members
from jetpm.core.scoping import scope_of
from jetpm.core.services import add_membership
from jetpm.core.states import ROLES_BY_KIND, Role


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _locked_organisation(organisation_id: int) -> Organisation:
    """The organisation, locked: its members change one request at a time (the last-administrator rule
    reads the others)."""
    return Organisation.objects.select_for_update(of=("self",)).get(pk=organisation_id)


def _locked_membership(membership_id: int) -> tuple[Membership, Organisation]:
    organisation_id = Membership.objects.values_list("organisation_id", flat=True).get(pk=membership_id)
    organisation = _locked_organisation(organisation_id)
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership_id)
    )
    return membership, organisation


def _require_manager(actor: User, organisation: Organisation) -> None:
    if not can_manage_members(scope_of(actor), organisation.pk):
        raise PermissionDenied(_("Only the organisation's administrators may manage its members."))


def _check_role(organisation: Organisation, role: str) -> None:
    if role not in ROLES_BY_KIND.get(organisation.kind, frozenset()):
        raise DomainError(
            _("An organisation of this kind has no role “%(role)s”.") % {"role": role_label(role)},
            field="role",
        )


def _display(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _refuse_last_admin(membership: Membership) -> None:
    if membership.role != Role.ADMIN:
        return
    others = (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise DomainError(
            _(
                "%(user)s is the organisation's last administrator: give another member the "
                "administrator role first."
            )
            % {"user": _display(membership.user)},
            field="role",
        )


def _invitation(
    user: User, organisation: Organisation, role: str, actor: User, *, new: bool
) -> Callable[[], None]:
    """The invitation mail in the invitee's language: a link to choose a password when they have none,
    else the address to sign in."""
    with translation.override(user.language):
        values: dict[str, object] = {
            "name": _display(user),
            "inviter": _display(actor),
            "organisation": organisation.name,
            "role": role_label(role),
            "username": user.get_username(),
            "login": absolute_url(reverse("login")),
        }
        subject = _("JETPM: you are %(role)s of %(organisation)s") % values
        if new:
            values["link"] = set_password_url(user)
            values["days"] = settings.PASSWORD_RESET_TIMEOUT // 86400
            body = (
                _(
                    "Dear %(name)s,\n\n%(inviter)s has invited you to JETPM, the administration platform "
                    "of the JET Programme, as %(role)s of %(organisation)s.\n\n"
                    "Choose your password with this link (it works once, for %(days)s days):\n\n%(link)s\n\n"
                    "Then sign in with your user name "
                    "%(username)s at %(login)s\n"
                )
                % values
            )
        else:
            body = (
                _(
                    "Dear %(name)s,\n\n%(inviter)s has given you the role %(role)s of %(organisation)s in "
                    "JETPM, the administration platform of the JET Programme.\n\nSign in with your user name "
                    "%(username)s at %(login)s\n"
                )
                % values
            )
    address = user.email

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])

    return send


@transaction.atomic
def invite_member(
    *,
    actor: User,
    organisation_id: int,
    email: str,
    family_name: str,
    given_name: str,
    role: str,
    language: str,
) -> Membership:
    """Give a person a role in the organisation. A new person gets a user (without a password) and a mail
    with a link to choose one; someone who already has a user keeps it and is told of the new role."""
    organisation = _locked_organisation(organisation_id)
    _require_manager(actor, organisation)
    _check_role(organisation, role)
    email = email.strip().lower()
    try:
        validate_email(email)
    except Exception as exc:
        raise DomainError(_("Enter a valid e-mail address."), field="email") from exc
    user = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()
    new = user is None or not user.has_usable_password()
    if user is None:
        if language not in dict(settings.LANGUAGES):
            raise DomainError(_("Choose the language of the invitation."), field="language")
        if not family_name.strip() or not given_name.strip():
            raise DomainError(_("Give the person's family and given names."), field="family_name")
        user = User(
            username=email,
            email=email,
            last_name=family_name.strip()[:150],
            first_name=given_name.strip()[:150],
            language=language,
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise DomainError(_("A user with this e-mail address exists already."), field="email") from exc
        audit.record(
            actor=actor,
            action="user.invite",
            obj=user,
            organisation=organisation,
            changes={"email": [None, email], "language": [None, language]},
        )
    else:
        if not user.is_active:
            raise DomainError(
                _("The user with this e-mail address is not active; they cannot be given a role."),
                field="email",
            )
        if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            raise DomainError(
                _("%(user)s is already %(role)s of this organisation.")
                % {"user": _display(user), "role": role_label(role)},
                field="email",
            )
    membership = add_membership(actor=actor, user=user, organisation=organisation, role=role)
    transaction.on_commit(_invitation(user, organisation, role, actor, new=new))
    return membership


@transaction.atomic
def change_member_role(*, actor: User, membership_id: int, role: str) -> Membership:
    membership, organisation = _locked_membership(membership_id)
    _require_manager(actor, organisation)
    _check_role(organisation, role)
    if role == membership.role:
        raise DomainError(
            _("%(user)s is already %(role)s.")
            % {"user": _display(membership.user), "role": role_label(role)},
            field="role",
        )
    if Membership.objects.filter(user_id=membership.user_id, organisation=organisation, role=role).exists():
        raise DomainError(
            _("%(user)s already holds the role %(role)s here: remove this membership instead.")
            % {"user": _display(membership.user), "role": role_label(role)},
            field="role",
        )
    if membership.role == Role.ADMIN and membership.user_id == actor.pk:
        raise DomainError(
            _("You cannot take away your own administrator role: ask another administrator."), field="role"
        )
    _refuse_last_admin(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        actor=actor,
        action="membership.role",
        obj=membership,
        organisation=organisation,
        changes={"user": membership.user_id, "role": [before, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership_id: int) -> None:
    membership, organisation = _locked_membership(membership_id)
    _require_manager(actor, organisation)
    if membership.user_id == actor.pk:
        raise DomainError(_("You cannot remove yourself: ask another administrator."))
    _refuse_last_admin(membership)
    audit.record(
        actor=actor,
        action="membership.delete",
        obj=membership,
        organisation=organisation,
        changes={"user": [membership.user_id, None], "role": [membership.role, None]},
    )
    membership.delete()
