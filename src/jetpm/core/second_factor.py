"""The TOTP second factor (django-otp): enrolment, confirmation and removal, and who must use it.

Staff roles (staff, approver, admin of the agencies, the Council and the missions) must use it when
``JETPM_REQUIRE_TOTP_FOR_STAFF`` is on (production); anyone may enrol. A user with a confirmed device must
enter a code after their password before any page opens (``SecondFactorMiddleware``).
"""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from jetpm.core import audit
from jetpm.core.errors import DomainError
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.states import NATIONAL_KINDS, OrgKind, Role

STAFF_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)
STAFF_KINDS = NATIONAL_KINDS | {OrgKind.MISSION}
DEVICE_NAME = "JETPM"


def is_required_for(user: User) -> bool:
    if not getattr(settings, "JETPM_REQUIRE_TOTP_FOR_STAFF", False):
        return False
    scope = scope_of(user)
    return scope.is_superuser or scope.has_role(*STAFF_ROLES, kinds=STAFF_KINDS)


def is_verified(user: User) -> bool:
    """Whether this session passed the second factor (django-otp's middleware adds ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def session_complete(user: User) -> bool:
    """Whether a signed-in session may act: verified, or with no second factor set up or required."""
    return is_verified(user) or (not has_confirmed_device(user) and not is_required_for(user))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user: User) -> bool:
    """Whether the user set up a second factor (asked on every request of a session not yet verified: an
    ``EXISTS`` instead of reading the device)."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def had_confirmed_device(user: User) -> bool:
    """Whether the user had a confirmed second factor when the request began: known with the user when the
    account backend loaded it (``core/auth_backend.py``), asked otherwise."""
    from jetpm.core.auth_backend import HAS_DEVICE, loaded_flag

    known = loaded_flag(user, HAS_DEVICE)
    return has_confirmed_device(user) if known is None else known


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_code_data_url(device: TOTPDevice) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an authenticator by hand."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


@transaction.atomic
def start_enrolment(*, actor: User) -> TOTPDevice:
    """A new, unconfirmed device (replacing an earlier unconfirmed one)."""
    if confirmed_device(actor) is not None:
        raise DomainError(_("A second factor is already set up for this account."))
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(*, actor: User, token: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update(of=("self",)).filter(user=actor, confirmed=False).first()
    if device is None:
        raise DomainError(
            _("Start the set-up again: no authenticator is waiting for confirmation."), field="token"
        )
    if not device.verify_token(token.strip().replace(" ", "")):
        raise DomainError(
            _("The code is not correct. Enter the 6-digit code your authenticator shows now."), field="token"
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(
        actor=actor, action="second_factor.confirm", obj=actor, changes={"second_factor": [False, True]}
    )
    return device


@transaction.atomic
def remove(*, actor: User) -> None:
    if is_required_for(actor):
        raise DomainError(_("Your role requires a second factor; it cannot be removed."))
    deleted, _rows = TOTPDevice.objects.filter(user=actor).delete()
    if deleted:
        audit.record(
            actor=actor, action="second_factor.remove", obj=actor, changes={"second_factor": [True, False]}
        )
