"""The applicant portal: home, the step-by-step form, documents, referees, review and submission, the
receipt, and self-registration. The application's own page after submission is jetpm.portal's (it shows what
later stages made for the applicant); its draft review is :func:`review` here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.applications.models import Application
from jetpm.applications.permissions import can_apply
from jetpm.applications.portal import forms as f
from jetpm.applications.portal import selectors as sel
from jetpm.applications.receipt import receipt_pdf
from jetpm.applications.services import documents, portal, referees, registration
from jetpm.applications.states import EDITABLE
from jetpm.applications.views import attempt
from jetpm.core import throttle
from jetpm.core.actions import domain_error_to_form, perform, perform_form
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages


def _steps(application: Application, current: str = "") -> list[dict[str, Any]]:
    done = sel.completed_steps(application)
    return [
        {
            "slug": s.slug,
            "label": s.label,
            "url": sel.step_url(application.pk, s.slug),
            "done": s.slug in done,
            "current": s.slug == current,
        }
        for s in sel.STEPS
    ]


def _neighbours(slug: str) -> tuple[str, str]:
    slugs = [s.slug for s in sel.STEPS]
    i = slugs.index(slug)
    return (slugs[i - 1] if i > 0 else "", slugs[i + 1] if i + 1 < len(slugs) else "")


def _own(request: AuthedRequest, application_id: int, *, lean: bool = False) -> Application:
    return sel.access_own_application(request.user, application_id, action="apply", lean=lean)


def _post_only(request: HttpRequest, application: Application) -> HttpResponse | None:
    if request.method != "POST":
        return redirect("portal:application", application_id=application.pk)
    return None


def _refuse_after_submission(request: HttpRequest, application: Application) -> HttpResponse | None:
    if application.status not in EDITABLE:
        messages.error(
            request,
            _("Application %(ref)s has been submitted: only the contact details can still be changed.")
            % {"ref": application.reference},
        )
        return redirect("portal:application", application_id=application.pk)
    return None


# --- home ----------------------------------------------------------------------------------------------


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_apply(scope_of(request.user)))
    person = sel.person_of(request.user)
    if person is None:
        raise Http404
    today = timezone.localdate()
    applications = list(sel.portal_applications(request.user))
    years = {a.intake_year for a in applications}
    openings = [
        {"opening": o, "form": f.StartForm(initial={"intake_year": o.intake_year}, missions=o.missions)}
        for o in sel.openings_for(person, today)
        if o.intake_year not in years
    ]
    return render(
        request,
        "applications/portal/home.html",
        {
            "person": person,
            "applications": applications,
            "openings": openings,
            "missions": sel.missions_for(person.nationality_id),
            "today": today,
        },
    )


@login_required
@require_http_methods(["POST"])
def start(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_apply(scope_of(request.user)))
    form = f.StartForm(request.POST, missions=list(sel.missions_for_user(request.user)))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("applications:portal")
    mission = form.cleaned_data.get("mission")
    outcome = perform(
        request,
        lambda: portal.start_application(
            actor=request.user,
            intake_year=form.cleaned_data["intake_year"],
            mission_id=mission.pk if mission is not None else None,
            today=timezone.localdate(),
        ),
    )
    application = outcome.value
    if application is None:
        return redirect("applications:portal")
    messages.success(request, _("Your application %(ref)s was opened.") % {"ref": application.reference})
    return redirect("applications:portal_step_personal", application_id=application.pk)


# --- the draft's review (the application page while a draft: jetpm.portal calls it) --------------------


def application_context(own: sel.ApplicationForPerson) -> dict[str, Any]:
    """What the application's pages show of it (its header and summary)."""
    application = own.application
    return {
        "application": application,
        "documents": own.documents,
        "referees": own.referees,
        "other_nationalities": list(application.other_nationalities.all()),
        "guideline": sel.guideline_of(application),
        "window": sel.intake_window(application),
    }


def review(request: AuthedRequest, own: sel.ApplicationForPerson) -> HttpResponse:
    """A draft's review: the steps, what is missing, the rules not met, and the submit button."""
    application = own.application
    context = {
        **application_context(own),
        "steps": _steps(application),
        "missing": sel.missing_items(application, own.documents, own.referees),
        "failures": sel.failure_explanations(application),
        "is_open": sel.intake_is_open(application, timezone.localdate()),
    }
    return render(request, "applications/portal/review.html", context)


# --- the steps -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step(request: AuthedRequest, application_id: int, step: str) -> HttpResponse:
    application = _own(request, application_id)
    if step not in sel.FORM_STEPS:
        raise Http404
    form_class = f.step_form_class(step)
    status = 200
    if request.method == "POST":
        refused = _refuse_after_submission(request, application)
        if refused is not None:
            return refused
        form = form_class(request.POST, instance=application)
        if form.is_valid():
            outcome = perform_form(
                request,
                form,
                lambda: portal.save_step(
                    actor=request.user, application_id=application.pk, step=step, values=form.cleaned_data
                ),
                success=_("Saved."),
            )
            if outcome.ok:
                _prev, following = _neighbours(step)
                target = request.POST.get("go")
                if target == "back" and _prev:
                    return redirect(sel.step_url(application.pk, _prev))
                if target == "stay" or not following:
                    return redirect(sel.step_url(application.pk, step))
                return redirect(sel.step_url(application.pk, following))
        else:  # the step's rules too, so every error shows at once
            for name, message in portal.step_errors(application, step, dict(form.cleaned_data)):
                if name not in form.errors:
                    form.add_error(name if name in form.fields else None, message)
        status = 400
        application.refresh_from_db()
    else:
        if application.status not in EDITABLE:
            return redirect("portal:application", application_id=application.pk)
        form = form_class(instance=application)
    previous, following = _neighbours(step)
    guideline = sel.guideline_of(application)
    return render(
        request,
        "applications/portal/step.html",
        {
            "application": application,
            "form": form,
            "step": sel.STEP_BY_SLUG[step],
            "steps": _steps(application, step),
            "previous_url": sel.step_url(application.pk, previous) if previous else "",
            "next_url": sel.step_url(application.pk, following) if following else "",
            "failures": sel.failure_explanations(application, step=step),
            "max_words": guideline.statement_max_words if guideline else None,
            "words": sel.word_count(application.statement),
        },
        status=status,
    )


# --- documents -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def documents_step(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id, lean=request.method == "POST")
    form = f.DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        refused = _refuse_after_submission(request, application)
        if refused is not None:
            return refused
        if form.is_valid():
            outcome = perform_form(
                request,
                form,
                lambda: documents.add_document(
                    actor=request.user,
                    application_id=application.pk,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data.get("file"),
                ),
            )
            if outcome.value is not None:
                messages.success(
                    request, _("“%(name)s” was uploaded.") % {"name": outcome.value.original_name}
                )
                return redirect("applications:portal_documents", application_id=application.pk)
        status = 400
    elif application.status not in EDITABLE:
        return redirect("portal:application", application_id=application.pk)
    previous, following = _neighbours("documents")
    return render(
        request,
        "applications/portal/documents.html",
        {
            "application": application,
            "form": form,
            "documents": sel.documents_of(application),
            "steps": _steps(application, "documents"),
            "previous_url": sel.step_url(application.pk, previous),
            "next_url": sel.step_url(application.pk, following),
        },
        status=status,
    )


@login_required
def document_remove(request: AuthedRequest, application_id: int, document_id: int) -> HttpResponse:
    application = _own(request, application_id, lean=True)
    doc = application.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    not_post = _post_only(request, application)
    if not_post is not None:
        return not_post
    perform(
        request,
        lambda: documents.remove_document(actor=request.user, document_id=doc.pk),
        success=_("The document was removed."),
    )
    return redirect("applications:portal_documents", application_id=application.pk)


# --- referees --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referees_step(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id)
    current = {r.order: r for r in sel.referees_of(application)}
    forms_ = {
        order: f.RefereeForm(request.POST or None, instance=current.get(order), prefix=f"r{order}")
        for order in (1, 2)
    }
    status = 200
    if request.method == "POST":
        refused = _refuse_after_submission(request, application)
        if refused is not None:
            return refused
        order = int(request.POST.get("order") or 0)
        form = forms_.get(order)
        if form is None:
            raise Http404
        if form.is_valid():
            invite = bool(request.POST.get("invite"))

            def save() -> None:  # the referee is saved even when the invitation is refused
                referees.save_referee(
                    actor=request.user, application_id=application.pk, order=order, values=form.cleaned_data
                )
                if invite:
                    referees.invite(actor=request.user, application_id=application.pk, order=order)

            outcome = perform_form(
                request,
                form,
                save,
                success=_("Referee %(n)s was invited by e-mail.") % {"n": order} if invite else _("Saved."),
            )
            if outcome.ok:
                return redirect("applications:portal_referees", application_id=application.pk)
        status = 400
    elif application.status not in EDITABLE:
        return redirect("portal:application", application_id=application.pk)
    previous, following = _neighbours("referees")
    return render(
        request,
        "applications/portal/referees.html",
        {
            "application": application,
            "rows": [(order, forms_[order], current.get(order)) for order in (1, 2)],
            "steps": _steps(application, "referees"),
            "previous_url": sel.step_url(application.pk, previous),
            "next_url": sel.step_url(application.pk, following),
        },
        status=status,
    )


# --- submission and after --------------------------------------------------------------------------------


@login_required
def submit(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id, lean=True)
    not_post = _post_only(request, application)
    if not_post is not None:
        return not_post
    perform(
        request,
        lambda: portal.submit(actor=request.user, application_id=application.pk, today=timezone.localdate()),
        success=_("Your application %(ref)s was submitted.") % {"ref": application.reference},
    )
    return redirect("portal:application", application_id=application.pk)


@login_required
def contact(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id)
    not_post = _post_only(request, application)
    if not_post is not None:
        return not_post
    form = f.ContactForm(request.POST, instance=application)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        perform(
            request,
            lambda: portal.update_contact(
                actor=request.user, application_id=application.pk, values=form.cleaned_data
            ),
            success=_("Your contact details were saved."),
        )
    return redirect("portal:application", application_id=application.pk)


@login_required
def withdraw(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id)
    not_post = _post_only(request, application)
    if not_post is not None:
        return not_post
    form = f.WithdrawForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        perform(
            request,
            lambda: portal.withdraw(
                actor=request.user, application_id=application.pk, reason=form.cleaned_data["reason"]
            ),
            success=_("Your application was withdrawn."),
        )
    return redirect("portal:application", application_id=application.pk)


@login_required
def notices_read(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id)
    not_post = _post_only(request, application)
    if not_post is not None:
        return not_post
    portal.mark_notices_read(actor=request.user, application_id=application.pk)
    return redirect("portal:application", application_id=application.pk)


@login_required
def receipt(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id)
    if application.status in EDITABLE:
        raise Http404
    content = receipt_pdf(application, sel.documents_of(application), sel.referees_of(application))
    portal.record_receipt(actor=request.user, application=application)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{application.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- self-registration (public) ------------------------------------------------------------------------
# These pages answer a refusal with its own status (429 when throttled, 400 otherwise), so they go through
# ``attempt`` (the app's one place that catches a DomainError) rather than core.actions.


def _register(request: HttpRequest, d: dict[str, Any]) -> None:
    throttle.count_mail_request(request, kind="registration", email=d["email"])
    registration.register(
        actor=None,
        email=d["email"],
        password=d["password1"],
        family_name=d["family_name"],
        given_name=d["given_name"],
        birth_date=d["birth_date"],
        nationality=d["nationality"],
        language=d["language"],
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = f.RegistrationForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        _done, refused = attempt(lambda: _register(request, form.cleaned_data))
        if refused is None:
            return redirect("applications:register_sent")
        domain_error_to_form(request, form, refused)
        status = refused.status_code
    return render(request, "applications/registration/register.html", {"form": form}, status=status)


def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/registration/sent.html")


@require_http_methods(["GET", "POST"])
def register_resend(request: HttpRequest) -> HttpResponse:
    form = f.ResendForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        _counted, refused = attempt(
            lambda: throttle.count_mail_request(request, kind="registration", email=email)
        )
        if refused is None:
            registration.resend(email=email)
            return redirect("applications:register_sent")
        domain_error_to_form(request, form, refused)
        status = refused.status_code
    return render(request, "applications/registration/resend.html", {"form": form}, status=status)


def register_verify(request: HttpRequest, token: str) -> HttpResponse:
    user, refused = attempt(lambda: registration.verify(token=token))
    if user is None:
        message = refused.message if refused is not None else ""
        return render(
            request, "applications/registration/verify_failed.html", {"message": message}, status=400
        )
    login(request, user, backend="jetpm.core.auth_backend.AccountBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
    return redirect("applications:portal")
