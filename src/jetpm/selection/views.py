"""Pages of the final selection. Thin: parse, call one service or selector, render.

Every change is a POST; a record named in the URL is looked up in the user's scope with the action the page
takes (``access_*(…, action=…)``: 404 outside the scope or for a role with no business there), then services
run through ``core.actions`` (their refusals a message, or on the form's field)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetpm.applications.services import documents
from jetpm.core import workflow
from jetpm.core.actions import perform, perform_form
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.confirm import ask, confirmed
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.selection import letters, selectors
from jetpm.selection.forms import (
    AcceptForm,
    CertificateForm,
    DeadlineForm,
    DeclineForm,
    PrepareAllForm,
    PrepareForm,
    RankForm,
    ResultForm,
    SendBackForm,
    YearForm,
)
from jetpm.selection.models import Offer, SelectionList
from jetpm.selection.permissions import can_decide, can_prepare, can_view_selection
from jetpm.selection.services import lists as list_services
from jetpm.selection.services import offers as offer_services
from jetpm.selection.services import vacancies as vacancy_services
from jetpm.selection.states import ListStatus, Result
from jetpm.selection.workflows import LISTS


def _year(request: AuthedRequest) -> int | None:
    form = YearForm(request.GET or request.POST or None)
    if form.is_bound and form.is_valid():
        return int(form.cleaned_data["year"])
    return selectors.default_year()


def _home(year: int | None) -> HttpResponse:
    url = reverse("selection:home")
    return redirect(f"{url}?year={year}" if year else url)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The side-by-side view: seats, recommendations and the lists of one intake year."""
    scope = scope_of(request.user)
    forbid_unless(can_view_selection(scope))
    year = _year(request)
    o = selectors.overview(request.user, year) if year else None
    return render(
        request,
        "selection/home.html",
        {
            "year": year,
            "o": o,
            "page": Paginator(o.rows if o else [], 100).get_page(request.GET.get("page")),
            "year_form": YearForm(initial={"year": year}),
            "can_prepare": can_prepare(scope),
            "can_decide": can_decide(scope),
            "proposed": list(selectors.proposed_lists(request.user, year))
            if year and can_decide(scope)
            else [],
            "prepare_form": PrepareForm(),
            "prepare_all_form": PrepareAllForm(),
            "publish_form": DeadlineForm(),
            "status_counts": [(label, o.by_status.get(value, 0)) for value, label in ListStatus.choices]
            if o
            else [],
        },
    )


@login_required
@require_POST
def prepare(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_prepare(scope_of(request.user)))
    year = _year(request)
    form = PrepareForm(request.POST)
    if not form.is_valid() or year is None:
        form_errors_to_messages(request, form)
        return _home(year)
    d = form.cleaned_data
    selection = perform(
        request,
        lambda: list_services.prepare_list(
            actor=request.user,
            intake_year=year,
            country_id=d["country"].pk,
            job_type=d["job_type"],
            alternates=d.get("alternates"),
        ),
        success=_("The proposal was prepared from the missions' recommendations."),
    ).value
    if selection is None:
        return _home(year)
    return redirect("selection:list", selection_id=selection.pk)


@login_required
@require_POST
def prepare_all(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_prepare(scope_of(request.user)))
    year = _year(request)
    form = PrepareAllForm(request.POST)
    if not form.is_valid() or year is None:
        form_errors_to_messages(request, form)
        return _home(year)
    counts = perform(
        request,
        lambda: list_services.prepare_all(
            actor=request.user, intake_year=year, alternates=form.cleaned_data.get("alternates")
        ),
    ).value
    if counts is not None:
        messages.success(
            request,
            _("%(done)s lists were prepared; %(skipped)s lists already proposed or decided were left alone.")
            % {"done": counts[0], "skipped": counts[1]},
        )
    return _home(year)


@login_required
@require_POST
def publish(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_prepare(scope_of(request.user)))
    year = _year(request)
    form = DeadlineForm(request.POST)
    if not form.is_valid() or year is None:
        form_errors_to_messages(request, form)
        return _home(year)
    if not confirmed(request):
        lists = selectors.unpublished_lists(request.user, year)
        counts = selectors.result_counts(lists)
        values = {
            "year": fiscal_year_label(year),
            "lists": lists.count(),
            "offers": counts[Result.SHORTLISTED],
            "alternates": counts[Result.ALTERNATE],
            "not_selected": counts[Result.NOT_SELECTED],
            "deadline": date_format(form.cleaned_data["deadline"]),
        }
        return ask(
            request,
            title=_("Publish the selection results of %(year)s") % values,
            consequences=[
                _(
                    "Publishing releases %(lists)s lists: %(offers)s short-listed candidates get an offer to "
                    "answer by %(deadline)s, %(alternates)s are told they are alternates and "
                    "%(not_selected)s that they were not selected."
                )
                % values,
                _("Every candidate gets a notice and an e-mail; it cannot be undone."),
            ],
            confirm_label=_("Publish all approved lists"),
            cancel_url=f"{reverse('selection:home')}?year={year}",
        )
    n = perform(
        request,
        lambda: list_services.publish(
            actor=request.user, intake_year=year, deadline=form.cleaned_data["deadline"]
        ),
    ).value
    if n is not None:
        messages.success(
            request, _("%(n)s lists were published; the candidates have been notified.") % {"n": n}
        )
    return _home(year)


@login_required
def list_detail(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = selectors.access_list_by_id(request.user, selection_id, action="view")
    entries = selectors.list_entries(selection)
    shortlisted = entries.filter(result=Result.SHORTLISTED).count()
    steps = {t.name for t in workflow.available(LISTS, request.user, selection)}
    return render(
        request,
        "selection/list_detail.html",
        {
            "selection": selection,
            "page": paginate(request, entries),
            "shortlisted": shortlisted,
            "over": shortlisted > selection.seats,
            # HQ adjusts a draft and proposes it; the Council decides a proposed list
            "editable": "propose" in steps,
            "can_propose": "propose" in steps,
            "can_decide": "approve" in steps,
            "results": Result.choices,
            "send_back_form": SendBackForm(),
        },
    )


def _list_posted(request: AuthedRequest, selection_id: int, action: str) -> SelectionList | HttpResponse:
    """The list a POST-only page acts on (404 outside the scope or to a role without the action), or the
    answer to another method."""
    selection = selectors.access_list_by_id(request.user, selection_id, action=action)
    return selection if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _back_to(selection: SelectionList) -> HttpResponse:
    return redirect("selection:list", selection_id=selection.pk)


@login_required
def entry_result(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = _list_posted(request, selection_id, "edit")
    if isinstance(selection, HttpResponse):
        return selection
    form = ResultForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back_to(selection)
    d = form.cleaned_data
    perform(
        request,
        lambda: list_services.set_result(
            actor=request.user, selection_id=selection.pk, entry_id=d["entry"], result=d["result"]
        ),
        success=_("The candidate was moved."),
    )
    return _back_to(selection)


@login_required
def entry_rank(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = _list_posted(request, selection_id, "edit")
    if isinstance(selection, HttpResponse):
        return selection
    form = RankForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back_to(selection)
    d = form.cleaned_data
    perform(
        request,
        lambda: list_services.move_alternate(
            actor=request.user, selection_id=selection.pk, entry_id=d["entry"], up=d["direction"] == "up"
        ),
    )
    return _back_to(selection)


@login_required
def list_propose(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = _list_posted(request, selection_id, "propose")
    if isinstance(selection, HttpResponse):
        return selection
    perform(
        request,
        lambda: list_services.propose(actor=request.user, selection_id=selection.pk),
        success=_("The list was proposed to the Council."),
    )
    return _back_to(selection)


@login_required
def list_approve(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = _list_posted(request, selection_id, "approve")
    if isinstance(selection, HttpResponse):
        return selection
    if not confirmed(request):
        counts = selectors.result_counts(SelectionList.objects.filter(pk=selection.pk))
        values = {
            "list": f"{selection.country} {selection.get_job_type_display()}",
            "year": fiscal_year_label(selection.intake_year),
            "short": counts[Result.SHORTLISTED],
            "alternates": counts[Result.ALTERNATE],
            "not_selected": counts[Result.NOT_SELECTED],
        }
        return ask(
            request,
            title=_("Approve the selection list %(list)s of %(year)s") % values,
            consequences=[
                _(
                    "Approving makes the list final: %(short)s short-listed candidates, %(alternates)s "
                    "alternates in their order and %(not_selected)s not selected."
                )
                % values,
                _(
                    "The list can no longer be changed; it is published with the other lists of the year, "
                    "and the candidates are then notified."
                ),
            ],
            confirm_label=_("Approve the list"),
            cancel_url=reverse("selection:list", kwargs={"selection_id": selection.pk}),
        )
    perform(
        request,
        lambda: list_services.approve(actor=request.user, selection_id=selection.pk),
        success=_("The list was approved. It will be published with the other lists of the year."),
    )
    return _back_to(selection)


@login_required
def list_send_back(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = _list_posted(request, selection_id, "send_back")
    if isinstance(selection, HttpResponse):
        return selection
    form = SendBackForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    perform(
        request,
        lambda: list_services.send_back(actor=request.user, selection_id=selection.pk, note=note),
        success=_("The list was sent back to HQ."),
    )
    return _back_to(selection)


@login_required
def vacancies(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_prepare(scope))
    today = timezone.localdate()
    return render(
        request,
        "selection/vacancies.html",
        {
            "freed": selectors.freed_places(request.user),
            "page": paginate(request, selectors.vacancies_for(request.user)),
            "overdue": selectors.overdue_offers(request.user, today),
            "deadline_form": DeadlineForm(),
            "today": today,
        },
    )


@login_required
def vacancy_confirm(request: AuthedRequest, application_id: int) -> HttpResponse:
    freed = selectors.access_application_by_id(request.user, application_id, action="confirm_vacancy")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("selection:vacancies")
    vacancy = perform(
        request,
        lambda: vacancy_services.confirm(
            actor=request.user, application_id=freed.pk, deadline=form.cleaned_data["deadline"]
        ),
    ).value
    if vacancy is not None:
        if vacancy.filled_by_id:
            messages.success(
                request,
                _("%(ref)s was upgraded and has been notified.") % {"ref": vacancy.filled_by},
            )
        else:
            messages.warning(request, _("No alternate is left on this list: the place stays unfilled."))
    return redirect("selection:vacancies")


@login_required
@require_POST
def lapse(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_prepare(scope_of(request.user)))
    done = offer_services.lapse_offers(actor=request.user)
    messages.success(request, _("%(n)s offers past their deadline have lapsed.") % {"n": len(done)})
    return redirect("selection:vacancies")


def _render_offer(
    request: AuthedRequest,
    offer: Offer,
    accept_form: AcceptForm | None = None,
    decline_form: DeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The offer page: its data from the selector, the forms this user may fill in."""
    page = selectors.offer_page(request.user, offer)
    return render(
        request,
        "selection/offer.html",
        {
            "page": page,
            "offer": page.offer,
            "app": page.application,
            "accept_form": (accept_form or AcceptForm(dual=page.dual)) if page.replying else None,
            "decline_form": (decline_form or DeclineForm()) if page.replying else None,
            "upload_form": CertificateForm() if page.may_upload else None,
        },
        status=status,
    )


@login_required
def offer_detail(request: AuthedRequest, offer_id: int) -> HttpResponse:
    return _render_offer(request, selectors.access_offer_by_id(request.user, offer_id))


@login_required
def offer_accept(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = selectors.access_offer_by_id(request.user, offer_id, action="accept")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AcceptForm(request.POST, dual=offer.application.other_nationalities.exists())
    if form.is_valid():
        d = form.cleaned_data
        reply = offer_services.Acceptance(
            departure_airport=d["departure_airport"],
            passport_number=d["passport_number"],
            passport_expires_on=d["passport_expires_on"],
            dependants=d.get("dependants") or "",
            renounces_other_nationality=bool(d.get("renounces_other_nationality")),
        )
        if perform_form(
            request,
            form,
            lambda: offer_services.accept(actor=request.user, offer_id=offer.pk, reply=reply),
            success=_("Thank you: you have accepted the offer. Please upload the two certificates."),
        ).ok:
            return redirect("selection:offer", offer_id=offer.pk)
    else:  # the reply's rules too, so every error shows at once
        d = form.cleaned_data
        partial = offer_services.Acceptance(
            departure_airport=d.get("departure_airport") or "",
            passport_number=d.get("passport_number") or "",
            passport_expires_on=d.get("passport_expires_on"),
            renounces_other_nationality=bool(d.get("renounces_other_nationality")),
        )
        for name, message in offer_services.reply_errors(offer.application, partial):
            if name not in form.errors and (name in form.fields or name is None):
                form.add_error(name, message)
    offer.refresh_from_db()
    return _render_offer(request, offer, accept_form=form, status=400)


@login_required
def offer_decline(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = selectors.access_offer_by_id(request.user, offer_id, action="decline")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DeclineForm(request.POST)
    if form.is_valid() and not confirmed(request):
        values = {
            "ref": offer.application.reference,
            "year": fiscal_year_label(offer.application.intake_year),
        }
        return ask(
            request,
            title=_("Decline the offer of the JET Programme %(year)s") % values,
            consequences=[
                _(
                    "You decline the offer of application %(ref)s: your place goes to an alternate and the "
                    "application ends."
                )
                % values,
                _("A declined offer cannot be taken back."),
            ],
            confirm_label=_("Decline the offer"),
            cancel_url=reverse("selection:offer", kwargs={"offer_id": offer.pk}),
        )
    if form.is_valid() and (
        perform_form(
            request,
            form,
            lambda: offer_services.decline(
                actor=request.user, offer_id=offer.pk, reason=form.cleaned_data["decline_reason"]
            ),
            success=_("You have declined the offer."),
        ).ok
    ):
        return redirect("selection:offer", offer_id=offer.pk)
    offer.refresh_from_db()
    return _render_offer(request, offer, decline_form=form, status=400)


@login_required
def offer_upload(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = selectors.access_offer_by_id(request.user, offer_id, action="reply")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("selection:offer", offer_id=offer.pk)
    perform(
        request,
        lambda: documents.add_document(
            actor=request.user,
            application_id=offer.application_id,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        ),
        success=_("The document was uploaded."),
    )
    return redirect("selection:offer", offer_id=offer.pk)


@login_required
def offer_clear(request: AuthedRequest, offer_id: int) -> HttpResponse:
    offer = selectors.access_offer_by_id(request.user, offer_id, action="clear")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    perform(
        request,
        lambda: offer_services.clear(actor=request.user, application_id=offer.application_id),
        success=_("The candidate is cleared for placement."),
    )
    return redirect("selection:offer", offer_id=offer.pk)


@login_required
def letter(request: AuthedRequest, application_id: int) -> HttpResponse:
    """The result letter as PDF (Japanese and English), once the decision is published."""
    entry = selectors.published_entry(request.user, application_id)
    offer = Offer.objects.filter(application_id=entry.application_id).first()
    pdf = letters.letter_pdf(entry, deadline=offer.deadline if offer else None, issued=timezone.localdate())
    offer_services.record_letter_download(actor=request.user, application=entry.application, language="ja+en")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jet-result-{entry.application.reference}.pdf"'
    return response
