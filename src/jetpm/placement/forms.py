"""Forms of placement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import SearchableSelect
from jetpm.placement.states import Action, RunMode


class CreateRunForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=2000, max_value=2100)
    mode = forms.ChoiceField(label=_("Mode"), choices=RunMode.choices, initial=RunMode.OPTIMAL)


class AdjustForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Action.choices)
    application = forms.CharField(
        label=_("Application number"), max_length=20, help_text=_("The participant to move, swap or unplace.")
    )
    to_org = forms.ChoiceField(
        label=_("Move to (contracting organisation)"), required=False, widget=SearchableSelect
    )
    other = forms.CharField(label=_("Swap with (application number)"), max_length=20, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required to save the adjustment."),
    )

    def __init__(self, *args: Any, organisations: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_org"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *(organisations or [])]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
