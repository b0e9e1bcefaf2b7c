"""Forms of appointments' pages: they parse and check input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.appointments.states import EARLY_ENDS, TermStatus
from jetpm.core.forms import ByNameChoiceField
from jetpm.core.models import Country
from jetpm.core.states import JobType


class ParticipantFilterForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=1987, max_value=2100)
    job_type = forms.ChoiceField(
        label=_("Job type"), required=False, choices=[("", _("All job types")), *JobType.choices]
    )
    country = ByNameChoiceField(
        label=_("Recruiting country"),
        required=False,
        queryset=Country.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *TermStatus.choices]
    )


class EndTermForm(forms.Form):
    term = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("How the term ended"), choices=[c for c in TermStatus.choices if c[0] in EARLY_ENDS]
    )
    ended_on = forms.DateField(label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
