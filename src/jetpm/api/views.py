"""The API tokens page: a person who acts for an organisation creates tokens for the systems that use the API
(the plain token shown once, for a lifetime they choose), sees their tokens and when each expires, replaces
and revokes them. Thin: parse, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.api import expiry, selectors, services
from jetpm.api import scopes as api_scopes
from jetpm.api.forms import NewTokenForm
from jetpm.api.permissions import may_hold_tokens
from jetpm.core import actions, confirm
from jetpm.core.http import AuthedRequest
from jetpm.core.models import ApiToken
from jetpm.core.scoping import scope_of
from jetpm.core.services_retention import EXPIRED_TOKEN_DAYS
from jetpm.core.views import forbid_unless, paginate


def _page(
    request: AuthedRequest,
    form: NewTokenForm,
    *,
    plain: str = "",
    replacing: ApiToken | None = None,
    status: int = 200,
) -> HttpResponse:
    page = paginate(request, selectors.tokens_of(request.user))
    now = timezone.now()
    rows = [
        (
            t,
            [api_scopes.label(s) for s in t.scopes or []],
            expiry.is_expired(t, now=now),
            expiry.days_left(t, now=now),
        )
        for t in page.object_list
    ]
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "plain": plain,
            "replacing": replacing,
            "expired_days": EXPIRED_TOKEN_DAYS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthedRequest) -> HttpResponse:
    """The tokens and the form to create one; ``?replace=<id>`` fills the form with the name and scopes of one
    of the person's tokens, to create its successor (a token is renewed by a new one, never extended)."""
    forbid_unless(may_hold_tokens(scope_of(request.user)))
    if request.method == "GET" and "replace" in request.GET:
        raw = request.GET["replace"]
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):  # an id, within every database's integers
            raise Http404
        old = selectors.access_token_by_id(request.user, int(raw))
        initial: dict[str, object] = {"name": old.name, "scopes": list(old.scopes or [])}
        # The successor of a known token: its lifetime is the one the person chose for the old token, not a
        # value the site chooses for them (the form preselects none for a new token). Only when it is still
        # offered; otherwise the person chooses.
        lifetime = round((old.expires_at - old.created_at).total_seconds() / 86400)
        if lifetime in expiry.offered():
            initial["lifetime_days"] = lifetime
        form = NewTokenForm(initial=initial)
        return _page(request, form, replacing=old)
    form = NewTokenForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            issued = actions.perform_form(
                request,
                form,
                lambda: services.issue_token(
                    actor=request.user,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    lifetime_days=form.cleaned_data["lifetime_days"],
                ),
            )
            if issued.ok and issued.value is not None:
                row, plain = issued.value
                # Shown on this answer only (never stored, never in a message or a redirect).
                text = _("The token “%(name)s” was created. It works until %(date)s.") % {
                    "name": row.name,
                    "date": expiry.moment(row.expires_at),
                }
                # an English moment may end with its own full stop ("5:45 a.m."): never two
                messages.success(request, text[:-1] if text.endswith("..") else text)
                return _page(request, NewTokenForm(), plain=plain)
        return _page(request, form, status=400)
    return _page(request, form)


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = selectors.access_token_by_id(request.user, token_id)
    back = reverse("api_tokens")
    if token.revoked_at is not None:
        messages.info(request, _("The token “%(name)s” was already revoked.") % {"name": token.name})
        return redirect(back)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            title=_("Revoke the token “%(name)s”") % {"name": token.name},
            consequences=[
                _(
                    "Systems that use this token will be refused from now on: the API answers them that "
                    "the token is not valid."
                ),
                _("A revoked token cannot be used again: create a new one if the system still needs access."),
            ],
            confirm_label=_("Revoke the token"),
            cancel_url=back,
        )
    actions.perform(
        request,
        lambda: services.revoke_token(actor=request.user, token_id=token.pk),
        success=_("The token “%(name)s” was revoked.") % {"name": token.name},
    )
    return redirect(back)
