"""The password-reset request, throttled: at most a few mails an hour for one e-mail address and from one
client address (jetpm.core.throttle), whether or not an account has the address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from jetpm.core import throttle
from jetpm.core.errors import DomainError


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        try:
            throttle.count_mail_request(self.request, kind="password_reset", email=form.cleaned_data["email"])
        except DomainError as exc:
            form.add_error("email", exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status_code)
        return super().form_valid(form)
