"""Links in e-mails: absolute, and always built from the one configured address of the site
(``settings.JETPM_BASE_URL``), never from the request. The request's Host header is chosen by whoever sends
it: a link built from it could send a set-password token or a referee's one-time link to another site."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jetpm.core.models import User


def base_url() -> str:
    """The site's address as its users reach it, without a trailing slash."""
    return str(settings.JETPM_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """The absolute address of a path of the site (as given by ``reverse``)."""
    if not path.startswith("/"):
        raise ValueError(f"not a path of the site: {path!r}")
    return base_url() + path


def set_password_url(user: User) -> str:
    """A link with which ``user`` chooses a (new) password; it stops working once a password is set, and
    after ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
