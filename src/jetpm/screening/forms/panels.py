"""Forms of panels, their members and assignments. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jetpm.core.states import JobType
from jetpm.screening.states import MemberKind

EXTERNAL_KIND_CHOICES = [
    (k.value, k.label) for k in (MemberKind.ALUMNUS, MemberKind.EDUCATOR, MemberKind.OTHER)
]


class PanelForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)
    job_type = forms.ChoiceField(
        label=_("Job type"), choices=[("", _("All job types")), *JobType.choices], required=False
    )
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold"), max_digits=5, decimal_places=2, initial=1
    )


class PanelSettingsForm(forms.Form):
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold"), max_digits=5, decimal_places=2
    )
    chair = forms.TypedChoiceField(label=_("Chair"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("No chair")), *members]  # type: ignore[attr-defined]


class AddMemberForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Member"), coerce=int)

    def __init__(self, *args: Any, users: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = users  # type: ignore[attr-defined]


class ExternalMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of member"), choices=EXTERNAL_KIND_CHOICES)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")


class UserIdForm(forms.Form):
    user = forms.IntegerField(label=_("Member"), widget=forms.HiddenInput)


class AssignForm(forms.Form):
    application = forms.IntegerField(label=_("Application"), widget=forms.HiddenInput)


class BulkAssignForm(forms.Form):
    job_type = forms.ChoiceField(label=_("Job type"), choices=JobType.choices)
    panels = forms.TypedMultipleChoiceField(label=_("Panels (round-robin)"), coerce=int)

    def __init__(self, *args: Any, panels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panels"].choices = panels  # type: ignore[attr-defined]
