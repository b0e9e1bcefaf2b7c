"""Forms of the intake pages: the list's filters (parsed into one ``IntakeFilter``) and the small action
forms of the detail page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.applications.intake.selectors import (
    ANY_FAILURE,
    COMPLETE,
    DOCUMENTS_MISSING,
    LETTERS_MISSING,
    IntakeFilter,
    intake_years,
    missions_for,
)
from jetpm.applications.models import Application, Document
from jetpm.applications.states import (
    AFTER_ACCEPTANCE_UPLOADS,
    APPLICANT_UPLOADS,
    ApplicationStatus,
    DocumentKind,
)
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import JobType
from jetpm.planning.eligibility import MESSAGES

# Short names of the eligibility rules (planning.eligibility.MESSAGES keys) for the filter.
RULE_LABELS: dict[str, Any] = {
    "degree": _("Degree by arrival"),
    "nationality": _("Nationality"),
    "designated_language": _("Designated language"),
    "former_gap": _("Gap since a former term"),
    "lifetime_cap": _("Lifetime cap of participation"),
    "years_in_japan": _("Years lived in Japan"),
    "cir_japanese": _("Japanese level of CIR"),
    "age_limit": _("Age limit"),
    "birth_date_missing": _("Date of birth missing"),
    "declined_placement": _("Declined a placement last year"),
    "alt_language": _("Language taught by an ALT"),
    "job_type_year": _("Job type not open this year"),
}
ALL = ""


class IntakeFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Intake year"), coerce=int, required=False)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=[(v, lbl) for v, lbl in ApplicationStatus.choices if v != ApplicationStatus.DRAFT],
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    job_type = forms.ChoiceField(
        label=_("Job type"), required=False, choices=[(ALL, _("All")), *JobType.choices]
    )
    mission = forms.ModelChoiceField(
        label=_("Mission"), required=False, queryset=Organisation.objects.none(), empty_label=_("All")
    )
    completeness = forms.ChoiceField(
        label=_("Completeness"),
        required=False,
        choices=[
            (ALL, _("All")),
            (DOCUMENTS_MISSING, _("Documents missing")),
            (LETTERS_MISSING, _("Referee letters missing")),
            (COMPLETE, _("Complete")),
        ],
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        required=False,
        choices=[
            (ALL, _("All")),
            (ANY_FAILURE, _("Any rule not met")),
            *[(code, RULE_LABELS.get(code, code)) for code in MESSAGES],
        ],
    )
    duplicates = forms.BooleanField(label=_("Possible duplicates only"), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Application number, name in the passport or e-mail."),
    )

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        years = intake_years(user)
        self.years = years
        self.default_year = years[0] if years else None
        self.fields["year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]
        scope = scope_of(user)
        if scope.is_superuser or scope.national:
            self.fields["mission"].queryset = missions_for(user)  # type: ignore[attr-defined]
        else:
            del self.fields["mission"]

    def to_filter(self) -> IntakeFilter:
        """The filters chosen; an invalid form shows the newest year unfiltered."""
        if not self.is_bound or not self.is_valid():
            return IntakeFilter(intake_year=self.default_year)
        d = self.cleaned_data
        mission = d.get("mission")
        year = d.get("year")
        return IntakeFilter(
            intake_year=year if year not in (None, "") else self.default_year,
            statuses=tuple(d.get("status") or ()),
            job_type=d.get("job_type") or "",
            mission_id=mission.pk if mission is not None else None,
            completeness=d.get("completeness") or "",
            eligibility=d.get("eligibility") or "",
            duplicates=bool(d.get("duplicates")),
            q=(d.get("q") or "").strip(),
        )


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])


class StatusForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (s, lbl)
            for s, lbl in ApplicationStatus.choices
            if s
            in {
                ApplicationStatus.ELIGIBLE,
                ApplicationStatus.INELIGIBLE,
                ApplicationStatus.WITHDRAWN,
                ApplicationStatus.DISQUALIFIED,
            }
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class DocumentProblemForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())
    problem = forms.CharField(label=_("Problem"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data: Any = None, *, application: Application, **kw: Any) -> None:
        super().__init__(data, **kw)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Document.objects.filter(application=application).order_by("kind", "uploaded_at")
        field.label_from_instance = lambda d: f"{d.get_kind_display()}: {d.original_name}"  # type: ignore[method-assign,assignment]


class ClearProblemForm(forms.Form):
    document = forms.ModelChoiceField(queryset=Document.objects.none(), widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, application: Application, **kw: Any) -> None:
        super().__init__(data, **kw)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Document.objects.filter(application=application).exclude(problem="")


UPLOAD_KINDS = [k for k in DocumentKind if k in APPLICANT_UPLOADS or k in AFTER_ACCEPTANCE_UPLOADS]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=[(k.value, k.label) for k in UPLOAD_KINDS])
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class BulkEligibilityForm(forms.Form):
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Organisation.objects.none(), empty_label=None
    )
    year = forms.TypedChoiceField(label=_("Intake year"), coerce=int)

    def __init__(self, data: Any = None, *, user: User, years: list[int] | None = None, **kw: Any) -> None:
        super().__init__(data, **kw)
        scope = scope_of(user)
        field = self.fields["mission"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=scope.mission_ids).order_by("name_en")
        years = intake_years(user) if years is None else years
        self.fields["year"].choices = [(y, fiscal_year_label(y)) for y in years]  # type: ignore[attr-defined]
