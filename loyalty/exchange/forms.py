from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import PostKind


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you post?"), choices=PostKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What, how much, when and how to hand it over."),
    )


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
