"""The password-reset request, throttled: at most a few mails an hour for one e-mail address and from one
client address (jetpm.core.throttle), whether or not an account has the address; the link in the mail is
built from the site's configured address (the request's Host header, which the client chooses, must not
decide where the reset token is sent)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from jetpm.core import actions, mail, throttle


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        counted = actions.perform_form(
            self.request,
            form,
            lambda: throttle.count_mail_request(
                self.request, kind="password_reset", email=form.cleaned_data["email"]
            ),
        )
        if not counted.ok:  # too many requests (the only refusal): the message is on the e-mail field
            return self.render_to_response(
                self.get_context_data(form=form), status=throttle.Throttled.status_code
            )
        self.extra_email_context = {"base_url": mail.base_url()}
        return super().form_valid(form)
