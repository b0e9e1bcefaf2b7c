"""Applicants' self-registration: an inactive account and its applicant record, activated by a signed link
sent by e-mail (valid for three days).

Registration never tells whether an e-mail address has an account: for a known address the answer is the
same as for a new one, and the address's owner is mailed instead (how to log in or reset the password, or
the confirmation link again for an unconfirmed account)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jetpm.core import audit
from jetpm.core.errors import DomainError
from jetpm.core.mail import absolute_url
from jetpm.core.models import Country, Person, User
from jetpm.core.states import PersonKind

SALT = "jetpm.applications.registration"
VALID_FOR = timedelta(days=3)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(user: User) -> str:
    """A signed link token: the user's id and e-mail (a changed address voids older links)."""
    return _signer().sign_object({"u": user.pk, "e": user.email})


def _send_link(user: User) -> None:
    token = make_token(user)
    link = absolute_url(reverse("applications:register_verify", kwargs={"token": token}))
    with translation.override(user.language):
        subject = _("Confirm your e-mail address (JET Programme)")
        body = _(
            "Thank you for creating an account for the JET Programme application.\n\n"
            "Please confirm your e-mail address within three days by opening this link:\n\n%(link)s\n\n"
            "If you did not create this account, ignore this message."
        ) % {"link": link}
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


def _tell_owner(user: User) -> None:
    """Someone registered with the address of an existing account: tell its owner (only they read it)."""
    audit.record(actor=None, action="applications.registration.existing", obj=user, changes={})
    if not user.is_active and user.last_login is None and Person.objects.filter(user=user).exists():
        _send_link(user)  # an unconfirmed applicant who registered again: the link is what they need
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("You already have an account (JET Programme)")
        body = _(
            "Someone, perhaps you, tried to create an account for the JET Programme application with this "
            "e-mail address. You already have an account, so no new one was created.\n\n"
            "Log in: %(login)s\n"
            "Forgotten your password? Choose a new one: %(reset)s\n\n"
            "If it was not you, you can ignore this message: your account is unchanged."
        ) % {"login": absolute_url(reverse("login")), "reset": absolute_url(reverse("password_reset"))}
    address = user.email or user.username
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


@transaction.atomic
def register(
    *,
    actor: User | None,
    email: str,
    password: str,
    family_name: str,
    given_name: str,
    birth_date: date,
    nationality: Country,
    language: str,
) -> User | None:
    """Create an inactive applicant account and its person record, and mail the verification link. For an
    address that already has an account nothing is created and its owner is mailed instead; the caller
    answers the same either way (None is returned then)."""
    email = email.strip().lower()
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), field="language")
    hashed = make_password(password)  # also for a known address: the answer takes as long either way
    existing = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()
    if existing is not None:
        _tell_owner(existing)
        return None
    try:
        with transaction.atomic():
            user = User.objects.create(
                username=email,
                email=email,
                password=hashed,
                first_name=given_name[:150],
                last_name=family_name[:150],
                language=language,
                is_active=False,
            )
    except IntegrityError:
        return None  # registered a moment ago by a concurrent request: the same answer
    person = Person.objects.create(
        kind=PersonKind.APPLICANT,
        user=user,
        family_name=family_name,
        given_name=given_name,
        birth_date=birth_date,
        email=email,
        nationality=nationality,
    )
    audit.record(
        actor=actor,
        action="applications.registration.create",
        obj=user,
        changes={"email": email, "nationality": nationality.code, "language": language},
        person=person,
    )
    _send_link(user)
    return user


@transaction.atomic
def verify(*, token: str) -> User:
    """Activate the account the link names; DomainError when the link is broken, expired or already used."""
    try:
        data = _signer().unsign_object(token, max_age=VALID_FOR)
    except signing.SignatureExpired as exc:
        raise DomainError(_("This link has expired. Ask for a new one below.")) from exc
    except signing.BadSignature as exc:
        raise DomainError(_("This link is not valid.")) from exc
    user = User.objects.select_for_update(of=("self",)).filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        raise DomainError(_("This link is not valid."))
    if user.is_active:
        raise DomainError(_("This account is already confirmed: log in."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(
        actor=user,
        action="applications.registration.verify",
        obj=user,
        changes={"is_active": [False, True]},
        person=Person.objects.filter(user=user).values_list("pk", flat=True).first(),
    )
    return user


@transaction.atomic
def resend(*, email: str) -> None:
    """Send the link again to an unconfirmed account (silently nothing otherwise: no account probing)."""
    user = User.objects.filter(username__iexact=email.strip(), is_active=False, person__isnull=False).first()
    if user is None or user.last_login is not None:
        return
    audit.record(actor=None, action="applications.registration.resend", obj=user, changes={})
    _send_link(user)
