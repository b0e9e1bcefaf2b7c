"""The form of the API tokens page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jetpm.api import expiry, scopes
from jetpm.api.services import NAME_MAX


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("The system that will use the token, e.g. “Gifu Prefecture personnel system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may do"),
        choices=scopes.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The token never sees more than you do. Give it only what the system needs: "
            "the API documentation names what each endpoint requires."
        ),
    )
    # No lifetime is chosen in advance: the person decides how long the system needs access.
    lifetime_days = forms.TypedChoiceField(
        label=_("How long it works"),
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the token will work.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lifetime_days"]
        cap = expiry.max_days()
        now = timezone.now()
        field.choices = [  # type: ignore[attr-defined]
            (
                days,
                _("%(lifetime)s (until %(date)s)")
                % {
                    "lifetime": expiry.lifetime_label(days),
                    "date": date_format(timezone.localdate(expiry.expires_at(days, now=now)), "DATE_FORMAT"),
                },
            )
            for days in expiry.offered()
        ]
        field.error_messages["invalid_choice"] = _(
            "Choose one of the lifetimes offered: a token works for at most %(max)s days."
        ) % {"max": cap}
        field.help_text = _(
            "The token stops working at the end of this time (at most %(max)s days). To keep the system "
            "working, create a new token before then and revoke the old one once the system uses the new one."
        ) % {"max": cap}
