"""Forms of interviews. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import QuickCheckboxSelectMultiple
from jetpm.screening.states import InterviewMode


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    # 5 to 480 minutes: the service decides (its message on this field)
    minutes = forms.IntegerField(label=_("Length (minutes)"), initial=30)
    mode = forms.ChoiceField(label=_("Mode"), choices=InterviewMode.choices)
    place = forms.CharField(label=_("Place or online link"), max_length=300)
    message = forms.CharField(
        label=_("Invitation message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BulkSlotForm(SlotForm):
    gap = forms.IntegerField(
        label=_("Gap between interviews (minutes)"), min_value=0, max_value=240, initial=10
    )
    applications = forms.TypedMultipleChoiceField(
        label=_("Applications"), coerce=int, widget=QuickCheckboxSelectMultiple
    )

    def __init__(self, *args: Any, applications: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = applications  # type: ignore[attr-defined]
