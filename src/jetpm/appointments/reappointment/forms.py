"""Forms of the reappointment round: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.appointments.states import Assessment, Intention
from jetpm.core.forms import choose_first


class RoundForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=1987, max_value=2100)


class IntentionForm(forms.Form):
    term = forms.IntegerField(widget=forms.HiddenInput)
    intention = forms.ChoiceField(label=_("Intention"), choices=choose_first(Intention.choices))


class AssessmentForm(forms.Form):
    term = forms.IntegerField(widget=forms.HiddenInput)
    assessment = forms.ChoiceField(label=_("Assessment"), choices=choose_first(Assessment.choices))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when not reappointing."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("assessment") == Assessment.NOT_REAPPOINTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for not reappointing."))
        return data


class DecideForm(forms.Form):
    term = forms.IntegerField(widget=forms.HiddenInput)
