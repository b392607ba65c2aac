from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

INVALID_CODE = _("This code is not correct or has expired. Enter the current code from the app.")


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
