from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.forms import DateInput
from jetpm.core.models import Organisation
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.selectors import REVIEW_SORTS
from jetpm.outreach.services import ActivityInput
from jetpm.outreach.states import ActivityKind, ActivityStatus, Audience


def year_choices(years: list[int]) -> list[tuple[int, str]]:
    return [(y, fiscal_year_label(y)) for y in years]


class ActivityFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    mission = forms.ModelChoiceField(
        label=_("Mission"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All missions"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ActivityStatus.choices]
    )
    audience = forms.ChoiceField(
        label=_("Target audience"), required=False, choices=[("", _("All audiences")), *Audience.choices]
    )

    def __init__(self, *args: Any, years: list[int], missions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years)  # type: ignore[attr-defined]
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]


class ActivityForm(forms.ModelForm):
    """The fields of an activity, parsed; the rules (dates inside the year, attendance only once done…) are
    the service's (``services.validate_activity``), and its refusals land on these fields."""

    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Organisation.objects.none())

    class Meta:
        model = OutreachActivity
        fields = [
            "fiscal_year",
            "kind",
            "status",
            "date",
            "place",
            "audience",
            "audience_detail",
            "alumni_involved",
            "attendance",
            "cost_yen",
            "notes",
        ]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "attendance": _("Only once the activity is done."),
            "audience_detail": _("Required when the audience is “other”; optional otherwise."),
        }

    def __init__(self, *args: Any, missions: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]
        self.fields["fiscal_year"] = forms.TypedChoiceField(
            label=_("Fiscal year"), coerce=int, choices=year_choices(years)
        )
        for name in ("alumni_involved", "attendance", "cost_yen"):
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs["min"] = 0
        if self.instance.pk:
            del self.fields["mission"]
        elif missions.count() == 1:
            self.fields["mission"].initial = missions.first()
        self.order_fields(["mission"])

    def _post_clean(self) -> None:
        # The model's check constraints are the service's rules: let the service report them.
        pass

    def activity_input(self) -> ActivityInput:
        d = self.cleaned_data
        return ActivityInput(
            fiscal_year=d["fiscal_year"],
            kind=d["kind"],
            status=d["status"],
            date=d["date"],
            place=d["place"],
            audience=d["audience"],
            audience_detail=d.get("audience_detail") or "",
            alumni_involved=d.get("alumni_involved") or 0,
            attendance=d.get("attendance"),
            cost_yen=d.get("cost_yen") or 0,
            notes=d.get("notes") or "",
        )


class NewEvaluationForm(forms.Form):
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=Organisation.objects.none())
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=1987, max_value=2100)

    def __init__(self, *args: Any, missions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions  # type: ignore[attr-defined]


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = SelfEvaluation
        fields = ["what_worked", "what_did_not_work", "changes_next_year"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "changes_next_year": _(
                "Places, number of activities, methods, audiences; requests to universities, authorities and "
                "JETAA. Required to submit."
            )
        }


class ReviewForm(forms.Form):
    review_comment = forms.CharField(label=_("MOFA's comment"), widget=forms.Textarea(attrs={"rows": 4}))


class ReviewFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            *[(k, k) for k in REVIEW_SORTS],
            *[(f"-{k}", f"-{k}") for k in REVIEW_SORTS],
        ],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years)  # type: ignore[attr-defined]
