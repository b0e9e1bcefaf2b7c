"""Every write of the api app: API tokens (issued for a lifetime their user chooses, and revoked by their
user) and the audit event of each bulk read of personal data. Keyword-only, ``actor`` first, atomic, audited
in the same transaction."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jetpm.api import expiry
from jetpm.api import scopes as api_scopes
from jetpm.api.auth import digest
from jetpm.api.permissions import may_hold_tokens
from jetpm.core import audit
from jetpm.core.errors import DomainError, FieldErrors, PermissionDenied
from jetpm.core.models import ApiToken, User
from jetpm.core.scoping import scope_of

NAME_MAX = 100
# The words of the bulk-read event's changes, as the audit page shows them (core.audit_labels.field_label).
AUDIT_WORDS = (
    gettext_noop("Endpoint"),
    gettext_noop("Filters"),
    gettext_noop("Records read"),
    gettext_noop("Records matching"),
    gettext_noop("Token"),
)
MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def issue_token(
    *, actor: User | None, user: User, name: str, scopes: list[str], lifetime_days: int | None
) -> tuple[ApiToken, str]:
    """Create a token for ``user`` with ``scopes``, working for ``lifetime_days`` from now (at most the site's
    ``JETPM_API_TOKEN_MAX_DAYS``); the plain value is returned once and never stored.

    ``actor`` None is the operator at the command line (or a test); a person issues tokens for themself."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("You may create API tokens for yourself only."))
    if actor is not None and not may_hold_tokens(scope_of(actor)):
        raise PermissionDenied(_("API tokens are for people who act for an organisation."))
    errors: list[tuple[str | None, str]] = []
    name = (name or "").strip()
    if not name:
        errors.append(("name", _("Give the token a name (the system that will use it).")))
    elif len(name) > NAME_MAX or "\x00" in name:
        errors.append(("name", _("The name is too long (at most %(max)s characters).") % {"max": NAME_MAX}))
    unknown = sorted(set(scopes) - set(api_scopes.ALL))
    if unknown:
        errors.append(("scopes", _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}))
    elif not scopes:
        errors.append(("scopes", _("Choose at least one thing the token may do.")))
    cap = expiry.max_days()
    if lifetime_days is None:
        errors.append(("lifetime_days", _("Choose how long the token will work.")))
    elif not 1 <= lifetime_days <= cap:
        errors.append(
            (
                "lifetime_days",
                _("A token works for at least 1 day and at most %(max)s days.") % {"max": cap},
            )
        )
    now = timezone.now()
    working = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    if working.count() >= MAX_ACTIVE_TOKENS:
        errors.append(
            (
                None,
                _("You have %(max)s active tokens: revoke one you no longer use first.")
                % {"max": MAX_ACTIVE_TOKENS},
            )
        )
    if len(errors) == 1:
        raise DomainError(errors[0][1], field=errors[0][0])
    if errors:
        raise FieldErrors(errors)
    chosen = api_scopes.normalise(scopes)
    plain = "jetpm_" + secrets.token_urlsafe(32)
    assert lifetime_days is not None  # refused above
    row = ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest(plain),
        prefix=plain[6:14],
        scopes=chosen,
        expires_at=expiry.expires_at(lifetime_days, now=now),
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=row,
        changes={
            "user": [None, user.pk],
            "name": [None, name],
            "scopes": [None, chosen],
            "expires_at": [None, row.expires_at],
        },
    )
    return row, plain


@transaction.atomic
def revoke_token(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens: it stops working at once, for good."""
    row = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if row is None:
        raise DomainError(_("No such token."))
    if row.revoked_at is not None:
        raise DomainError(_("The token was already revoked."))
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="api_token.revoke",
        obj=row,
        changes={"revoked_at": [None, row.revoked_at]},
    )
    return row


@transaction.atomic
def record_bulk_read(
    *,
    actor: User,
    token: ApiToken | None,
    endpoint: str,
    filters: dict[str, Any],
    returned: int,
    total: int,
) -> None:
    """One audit event for one API request that read a list of personal data: who, with which token, which
    endpoint, with which filters, how many records (returned and matching); never the records' values."""
    audit.record(
        actor=actor,
        action="api.bulk_read",
        obj=token if token is not None else actor,
        changes={
            "endpoint": [None, endpoint],
            "filters": [None, filters],
            "records_read": [None, returned],
            "records_matching": [None, total],
            "token": [None, token.prefix if token is not None else None],
        },
    )
