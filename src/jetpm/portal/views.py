"""The portal's pages: the applicant's application page (the review while a draft, from applications; after
submission its status, notices, contact details and the next steps that later stages made for them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from jetpm.applications.portal import views as applicant
from jetpm.applications.portal.forms import ContactForm, WithdrawForm
from jetpm.core.http import AuthedRequest
from jetpm.portal import selectors


@login_required
def application(request: AuthedRequest, application_id: int) -> HttpResponse:
    page = selectors.application_page(request.user, application_id)
    if page.own.editable:
        return applicant.review(request, page.own)
    own = page.own
    context = {
        **applicant.application_context(own),
        "timeline": own.timeline,
        "notices": own.notices,
        "next_steps": page.next_steps,
        "predeparture": page.predeparture,
        "desk": page.desk,
        "contact_form": ContactForm(instance=own.application),
        "withdraw_form": WithdrawForm(),
        "can_withdraw": own.can_withdraw,
    }
    return render(request, "portal/application.html", context)
