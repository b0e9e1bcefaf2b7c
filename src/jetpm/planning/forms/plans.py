"""Forms of the country recruitment plan pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import ByNameChoiceField
from jetpm.core.models import Country, Language
from jetpm.core.states import JobType
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.states import WeightSource

REASON_MAX = PlanLine._meta.get_field("reason").max_length or 500

# The "participants" weights are the appointment terms of the fiscal year before the intake, by recruiting
# country, job type and designated language, and the form says so.
WEIGHT_CHOICES = [
    (
        WeightSource.PARTICIPANTS.value,
        _("Last year's participants (appointment terms by country, job type and language)"),
    ),
    (WeightSource.APPLICANTS.value, _("Applicants by nationality")),
    (WeightSource.REQUESTS.value, _("Requests naming the language (equal shares among its countries)")),
    (WeightSource.EQUAL.value, _("Equal weights")),
]


class NewPlanForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=1987, max_value=2100)


class ParametersForm(forms.ModelForm):
    """The proposal's parameters, parsed; the rules between them (the maximum not below the minimum) are the
    service's (``services.plans.update_parameters``), and its refusals land on these fields."""

    weight_source = forms.ChoiceField(label=_("Weights"), choices=WEIGHT_CHOICES)

    class Meta:
        model = CountryPlan
        fields = ["method", "weight_source", "min_per_country", "max_per_country", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:  # the service validates and saves; no model validation of a half state
        pass


class LineForm(forms.Form):
    """One line, identified by country, job type and language (no line id in the URL)."""

    country = ByNameChoiceField(
        label=_("Country"), queryset=Country.objects.all(), to_field_name="code", empty_label=None
    )
    job_type = forms.ChoiceField(label=_("Job type"), choices=JobType.choices)
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.filter(designated=True),
        to_field_name="code",
        empty_label=None,
    )
    seats = forms.IntegerField(label=_("New participants"), min_value=0, max_value=100000)
    reason = forms.CharField(label=_("Reason for the change"), max_length=REASON_MAX, required=False)


def posted_lines(data: Mapping[str, Any], line_ids: list[int]) -> dict[int, tuple[Any, str]]:
    """The seats and reasons of the lines editor's one form, by line id (a number that is not one is passed
    on as typed, for the service to refuse with the others)."""
    values: dict[int, tuple[Any, str]] = {}
    for line_id in line_ids:
        raw = data.get(f"seats-{line_id}")
        if raw is not None:
            seats = int(raw) if raw.strip().isdigit() else raw
            values[line_id] = (seats, data.get(f"reason-{line_id}", ""))
    return values


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the plan is sent back"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
