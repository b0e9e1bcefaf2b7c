"""Forms of the applicant portal, the referee's page and self-registration. They parse input; the rules of
the programme live in the services (whose errors the views attach to the field they name)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jetpm.applications.models import Application, Referee
from jetpm.applications.portal.selectors import STEP_BY_SLUG
from jetpm.applications.states import APPLICANT_UPLOADS, DocumentKind
from jetpm.core.forms import ByNameChoiceField, ByNameIterator
from jetpm.core.models import Country, Language, Organisation, Prefecture, User

ACCEPT = ".pdf,.jpg,.jpeg,.png"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


class UploadInput(forms.ClearableFileInput):
    def __init__(self) -> None:
        super().__init__(attrs={"accept": ACCEPT})


# --- registration ---------------------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput, strip=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE)
    nationality = ByNameChoiceField(label=_("Nationality"), queryset=Country.objects.all())
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the preferred language starts as the one the page is read in
        reading = translation.get_language() or settings.LANGUAGE_CODE
        codes = [code for code, _name in settings.LANGUAGES]
        self.fields["language"].initial = reading if reading in codes else settings.LANGUAGE_CODE

    def clean_birth_date(self) -> date | None:
        born: date | None = self.cleaned_data.get("birth_date")
        if born is not None and born >= timezone.localdate():
            raise ValidationError(_("The date of birth cannot be today or in the future."))
        return born

    def clean_email(self) -> str:
        # whether the address has an account is never said here (registration answers the same either way)
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("given_name", ""),
                last_name=data.get("family_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


class ApplicantLoginForm(AuthenticationForm):
    """The login form that tells an applicant who has not confirmed their e-mail address what to do
    (Django's own form only says that the password is wrong). For ``LoginView(authentication_form=...)``."""

    unconfirmed = False  # the template shows the confirmation hint instead of the generic message

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            username = (self.cleaned_data.get("username") or "").strip()
            password = self.cleaned_data.get("password") or ""
            user = User.objects.filter(
                username__iexact=username, is_active=False, person__isnull=False
            ).first()
            if user is not None and user.check_password(password):
                self.unconfirmed = True
                raise ValidationError(
                    _(
                        "Your e-mail address is not confirmed yet: open the link we sent you, or ask for "
                        "a new link (“Send the confirmation link again”)."
                    ),
                    code="inactive",
                ) from None
            raise


# --- the application form -------------------------------------------------------------------------------


class StartForm(forms.Form):
    intake_year = forms.IntegerField(widget=forms.HiddenInput)
    mission = forms.ModelChoiceField(
        label=_("Mission you apply through"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, missions: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in missions or []]
        self.fields["mission"].queryset = Organisation.objects.filter(pk__in=ids).order_by("code")  # type: ignore[attr-defined]


WIDGETS: dict[str, Any] = {
    "birth_date": DATE,
    "degree_date": DATE,
    "address": TEXT,
    "teaching_qualifications": TEXT,
    "experience": TEXT,
    "preference_reasons": TEXT,
    "medical_conditions": TEXT,
    "statement": forms.Textarea(attrs={"rows": 16}),
    "other_nationalities": forms.SelectMultiple(attrs={"size": 6}),
}


class StepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields: list[str] = []

    def clean_email(self) -> str:
        """E-mail addresses are kept in lower case, so duplicates are found whatever the case typed."""
        return str(self.cleaned_data.get("email") or "").strip().lower()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"].queryset = Language.objects.filter(designated=True).order_by("code")  # type: ignore[attr-defined]
            self.fields["language"].help_text = _(
                "For ALT positions, the language of your country (normally English)."
            )
        for name in ("nationality",):
            if name in self.fields:
                self.fields[name].queryset = Country.objects.order_by("name_en")  # type: ignore[attr-defined]
        if "other_nationalities" in self.fields:
            # by name in the reader's language, accents aside (the iterator is read when the queryset is set)
            self.fields["other_nationalities"].iterator = ByNameIterator  # type: ignore[attr-defined]
            self.fields["other_nationalities"].queryset = Country.objects.order_by("name_en")  # type: ignore[attr-defined]
        for name in ("preference_1", "preference_2", "preference_3"):
            if name in self.fields:
                self.fields[name].queryset = Prefecture.objects.order_by("code")  # type: ignore[attr-defined]
        for name in ("passport_family_name", "passport_given_names", "birth_date", "sex", "email"):
            if name in self.fields:
                self.fields[name].required = True
        if "statement" in self.fields:
            self.fields["statement"].widget.attrs["data-testid"] = "statement"

    def _post_clean(self) -> None:
        # Validate the fields of this step only, without touching the instance (the service writes); the
        # model's own limits (e.g. at most 10 years in Japan out of the last 10) still apply to each field.
        for name in self.fields:
            if name in self.errors or name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if value in (None, ""):
                continue
            try:
                self._meta.model._meta.get_field(name).run_validators(value)
            except ValidationError as exc:
                self.add_error(name, exc)

    def clean_birth_date(self) -> date | None:
        born: date | None = self.cleaned_data.get("birth_date")
        if born is not None and born >= timezone.localdate():
            raise ValidationError(_("The date of birth cannot be today or in the future."))
        return born


def step_form_class(step: str) -> type[StepForm]:
    fields = list(STEP_BY_SLUG[step].fields)
    return forms.modelform_factory(  # type: ignore[return-value]
        Application, form=StepForm, fields=fields, widgets={k: v for k, v in WIDGETS.items() if k in fields}
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["email", "phone", "address"]
        widgets = {"address": TEXT}

    def clean_email(self) -> str:
        """E-mail addresses are kept in lower case, so duplicates are found whatever the case typed."""
        return str(self.cleaned_data.get("email") or "").strip().lower()

    def _post_clean(self) -> None:
        pass


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[(k, label) for k, label in DocumentKind.choices if k in APPLICANT_UPLOADS],
    )
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, at most 10 MB)"), widget=UploadInput(), required=False
    )


class RefereeForm(forms.ModelForm):
    class Meta:
        model = Referee
        fields = ["name", "email", "relationship"]

    def _post_clean(self) -> None:
        pass


class LetterForm(forms.Form):
    file = forms.FileField(
        label=_("Letter of reference (PDF, JPEG or PNG, at most 10 MB)"), widget=UploadInput(), required=False
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
