"""Forms of the alumni surveys (the answers' form is the engine's: questionnaires.answers.AnswerForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.alumni.surveys.defaults import SurveyPurpose
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.forms import DateInput
from jetpm.core.models import JetaaRegion, Organisation


class NewSurveyForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Survey"), choices=[("", "—"), *SurveyPurpose.choices])
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", "—"), *[(y, fiscal_year_label(y)) for y in years]]  # type: ignore[attr-defined]


class SendForm(forms.Form):
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Organisation.objects.none(), empty_label="—"
    )
    due_on = forms.DateField(label=_("Answers due by"), widget=DateInput)

    def __init__(self, *args: Any, missions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        if missions.count() == 1:
            self.fields["mission"].initial = missions.first()


class RemindForm(forms.Form):
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Organisation.objects.none(), empty_label="—"
    )

    def __init__(self, *args: Any, missions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]


class RegionForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("JETAA region"),
        queryset=JetaaRegion.objects.none(),
        required=False,
        empty_label=_("All regions"),
    )  # type: ignore[arg-type]

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
