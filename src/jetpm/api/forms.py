"""The form of the API tokens page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.api import scopes
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
