"""Forms of the training pages: they parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.appointments.models import TRAINING_ORGANISERS
from jetpm.appointments.states import Attendance, TrainingKind
from jetpm.core.models import Organisation, Prefecture
from jetpm.core.states import JobType

DATE = forms.DateInput(attrs={"type": "date"})


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *TrainingKind.choices])
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=1987, max_value=2100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organiser_ids: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(kind__in=TRAINING_ORGANISERS).order_by("kind", "code")
        if organiser_ids is not None:
            orgs = orgs.filter(pk__in=organiser_ids)
        field = self.fields["organiser"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = orgs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The event cannot end before it starts."))
        return data


class InviteForm(forms.Form):
    cohort_year = forms.IntegerField(
        label=_("Cohort (fiscal year of first appointment)"), required=False, min_value=1987, max_value=2100
    )
    job_type = forms.ChoiceField(
        label=_("Job type"), required=False, choices=[("", _("All job types")), *JobType.choices]
    )
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"),
        required=False,
        queryset=Prefecture.objects.order_by("code"),
        empty_label=_("All prefectures"),
    )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance status"), choices=Attendance.choices)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating (1 = poor, 5 = excellent)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TrainingFilterForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=1987, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *TrainingKind.choices]
    )
