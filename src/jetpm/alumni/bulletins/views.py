"""Pages of the bulletins. Thin: parse, call one selector or service, render. The tracking and opt-out
links work without signing in: the signed token is the proof."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.alumni.bulletins import selectors, services, tokens
from jetpm.alumni.bulletins.forms import BulletinForm
from jetpm.alumni.bulletins.models import BulletinDelivery
from jetpm.alumni.bulletins.states import BulletinKind
from jetpm.alumni.outreach_permissions import can_see_bulletins
from jetpm.core import actions, confirm
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_bulletins(scope))
    senders = selectors.senders_for(request.user)
    sending = scope.national or scope.is_superuser or bool(scope.mission_ids)
    return render(
        request,
        "alumni/bulletins/index.html",
        {
            "sending": sending,
            "can_send": senders.exists(),
            "page": paginate(request, selectors.sent_bulletins(request.user)) if sending else None,
            "received": paginate(request, selectors.received(request.user)) if not sending else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedRequest) -> HttpResponse:
    senders = selectors.senders_for(request.user)
    forbid_unless(senders.exists())
    form = BulletinForm(
        request.POST or None, senders=senders, initial={"to_chapters": True, "to_alumni": True}
    )
    if request.method == "POST" and form.is_valid():
        sender = form.cleaned_data["sender"]
        if not confirm.confirmed(request):
            return confirm.ask(
                request,
                title=_("Send the bulletin?"),
                consequences=[
                    _(
                        "“%(subject)s” is e-mailed now, as %(sender)s, to the JETAA chapters and to the "
                        "alumni who agreed to receive %(kind)s; it cannot be called back."
                    )
                    % {
                        "subject": form.cleaned_data["subject"],
                        "sender": sender.name,
                        "kind": BulletinKind(form.cleaned_data["kind"]).label,
                    }
                ],
                confirm_label=_("Send"),
                cancel_url=reverse("alumni:bulletins:index"),
            )
        sent = actions.perform_form(
            request,
            form,
            lambda: services.send_bulletin(
                actor=request.user, sender_id=sender.pk, data=form.bulletin_input()
            ),
            success=_("The bulletin was sent."),
        )
        if sent.value is not None:
            return redirect("alumni:bulletins:detail", bulletin_id=sent.value.pk)
    return render(
        request, "alumni/bulletins/form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@login_required
def detail(request: AuthedRequest, bulletin_id: int) -> HttpResponse:
    bulletin = selectors.access_bulletin(request.user, bulletin_id)
    scope = scope_of(request.user)
    sender_side = scope.national or scope.is_superuser or bulletin.sender_id in scope.org_ids
    forbid_unless(sender_side)
    return render(
        request,
        "alumni/bulletins/detail.html",
        {
            "bulletin": bulletin,
            "counts": selectors.counts(bulletin),
            "page": paginate(request, selectors.deliveries_of(request.user, bulletin)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def read(request: AuthedRequest, delivery_id: int) -> HttpResponse:
    """A recipient's bulletin on their page, with "mark as read"."""
    delivery = selectors.access_delivery(request.user, delivery_id, action="read")
    if request.method == "POST":
        actions.perform(
            request,
            lambda: services.mark_opened(actor=request.user, delivery_id=delivery.pk),
            success=_("Marked as read."),
        )
        return redirect("alumni:bulletins:read", delivery_id=delivery.pk)
    return render(
        request, "alumni/bulletins/read.html", {"delivery": delivery, "bulletin": delivery.bulletin}
    )


def opened(request: HttpRequest, token: str) -> HttpResponse:
    """The tracking link of a bulletin's mail: records the opening and shows the bulletin."""
    delivery_id = tokens.read_open(token)
    if delivery_id is None or not BulletinDelivery.objects.filter(pk=delivery_id).exists():
        raise Http404
    services.mark_opened(actor=None, delivery_id=delivery_id)
    delivery = BulletinDelivery.objects.select_related("bulletin__sender").get(pk=delivery_id)
    return render(
        request,
        "alumni/bulletins/read.html",
        {"delivery": delivery, "bulletin": delivery.bulletin, "public": True},
    )


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The opt-out link of a bulletin's mail: asks, then withdraws the consent to that kind (no login)."""
    found = tokens.read_opt_out(token)
    if found is None:
        raise Http404
    person_id, kind = found
    if kind not in BulletinKind.values:
        raise Http404
    done = False
    if request.method == "POST":
        done = actions.perform(request, lambda: services.opt_out(person_id=person_id, kind=kind)).ok
    return render(
        request,
        "alumni/bulletins/opt_out.html",
        {"kind_label": BulletinKind(kind).label, "done": done},
    )
