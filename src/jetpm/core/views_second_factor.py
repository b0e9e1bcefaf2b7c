"""Pages of the TOTP second factor: set up, enter the code after the password, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from jetpm.core import actions, second_factor
from jetpm.core.forms import TokenForm
from jetpm.core.http import AuthedRequest


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: AuthedRequest) -> HttpResponse:
    if second_factor.confirmed_device(request.user) is not None:
        return render(
            request,
            "core/second_factor_status.html",
            {"required": second_factor.is_required_for(request.user)},
        )
    device = second_factor.pending_device(request.user) or second_factor.start_enrolment(actor=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = actions.perform_form(
            request,
            form,
            lambda: second_factor.confirm_enrolment(actor=request.user, token=form.cleaned_data["token"]),
        )
        if done.ok and done.value is not None:
            otp_login(request, done.value)
            messages.success(
                request, _("Your second factor is set up. You will be asked for a code at every login.")
            )
            return redirect("home")
    return render(
        request,
        "core/second_factor_setup.html",
        {
            "form": form,
            "qr": second_factor.qr_code_data_url(device),
            "secret": second_factor.secret_text(device),
            "required": second_factor.is_required_for(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthedRequest) -> HttpResponse:
    device = second_factor.confirmed_device(request.user)
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    if device is None or second_factor.is_verified(request.user):
        return redirect(target)
    form = TokenForm(request.POST or None, initial={"next": target})
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip().replace(" ", "")):
            otp_login(request, device)
            return redirect(target)
        form.add_error(
            "token",
            _(
                "The code is not correct, or too many codes were tried: wait a moment and "
                "enter the code your authenticator shows now."
            ),
        )
    return render(
        request,
        "core/second_factor_verify.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def remove(request: AuthedRequest) -> HttpResponse:
    removed = _("Your second factor was removed.")
    actions.perform(request, lambda: second_factor.remove(actor=request.user), success=removed)
    return redirect("second_factor_setup")
