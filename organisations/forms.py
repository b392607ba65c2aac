from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal.validators import (
    INVALID_EMAIL,
    KrsField,
    NipField,
    PhoneField,
    PostalCodeField,
    RegonField,
    WebsiteField,
)

INVALID_CODE = _("This code is not correct or has expired. Enter the current code from the app.")
CODE_THROTTLED = _("Too many wrong codes in a row. Wait a few seconds, then enter the current code.")


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is incorrect. Check both and try again."),
    }


class OneTimeCodeForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"),
        max_length=8,
        min_length=6,
        help_text=_("Six digits from your authenticator app, or one of your eight-digit backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(INVALID_CODE, code="invalid_code")
        return token


class PersonRegistrationForm(forms.Form):
    """A person's own account; the organisation is registered in the next step."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You will sign in with it. We send a confirmation link there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": INVALID_EMAIL},
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not like your name or e-mail."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the portal's terms and the information on personal data processing."),
        error_messages={"required": _("Accept the terms to create an account.")},
    )

    error_messages = {
        "email_taken": _(
            "An account with this e-mail address already exists. Sign in, or reset the password "
            "if you do not remember it."
        ),
        "password_mismatch": _("The two passwords are different. Type the same password twice."),
    }

    def clean_email(self):
        from .models import User

        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.error_messages["email_taken"], code="email_taken")
        return email

    def clean(self):
        from django.contrib.auth import password_validation

        from .models import User

        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(self.error_messages["password_mismatch"]))
        elif password1:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), error_messages={"invalid": INVALID_EMAIL})


class OrganisationForm(forms.ModelForm):
    """The organisation's registration data and profile, kept by its members."""

    class Meta:
        from .models import Organisation

        model = Organisation
        fields = [
            "name",
            "short_name",
            "legal_form",
            "krs",
            "nip",
            "regon",
            "is_public_benefit",
            "street_address",
            "postal_code",
            "city",
            "district",
            "email",
            "phone",
            "website",
            "description",
            "logo",
            "spheres",
        ]
        # People paste numbers with spaces and dashes: the fields normalise, then validate.
        field_classes = {
            "krs": KrsField,
            "nip": NipField,
            "regon": RegonField,
            "postal_code": PostalCodeField,
            "phone": PhoneField,
            "website": WebsiteField,
        }
        error_messages = {"email": {"invalid": INVALID_EMAIL}}
        widgets = {
            "spheres": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def clean(self):
        from .services.organisations import duplicate_error, organisation_find_duplicate

        cleaned = super().clean()
        duplicate = organisation_find_duplicate(
            nip=cleaned.get("nip", ""), krs=cleaned.get("krs", ""), exclude_pk=self.instance.pk
        )
        if duplicate is not None:
            raise duplicate_error(duplicate)
        return cleaned

    def validate_unique(self):
        # Duplicates of NIP and KRS get the message that says whom to contact (clean above).
        exclude = self._get_validation_exclusions() | {"nip", "krs"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class PlaceForm(forms.ModelForm):
    class Meta:
        from .models import Place

        model = Place
        fields = ["kind", "name", "street_address", "postal_code", "district", "latitude", "longitude"]
        field_classes = {"postal_code": PostalCodeField}
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }


def place_formset_class():
    from .models import Organisation, Place

    return forms.inlineformset_factory(
        Organisation, Place, form=PlaceForm, extra=1, can_delete=True, max_num=50, validate_max=True
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"), error_messages={"invalid": INVALID_EMAIL})
    make_admin = forms.BooleanField(
        label=_("Also an administrator (can invite others and remove members)"), required=False
    )
