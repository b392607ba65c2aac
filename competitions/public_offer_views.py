"""Small-grant offers published for 7 days so that anyone can comment (art. 19a sec. 3)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.ratelimit import RateLimited, check_rate_limit
from portal.security_log import client_ip

from . import budget, offer_services
from .choices import CompetitionMode, OfferState
from .models import Offer

# (requests, seconds): a person comments a few times an hour; an offer gets at most this many an hour.
COMMENTS_PER_IP = (5, 3600)
COMMENTS_PER_OFFER = (60, 3600)


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label=gettext_lazy("Your name or the name of your organisation"), max_length=200
    )
    author_email = forms.EmailField(
        label=gettext_lazy("E-mail address"), help_text=gettext_lazy("Only the city hall sees it.")
    )
    text = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    # Left empty by people; filled by bots that fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)


def published_offer(request, slug, pk):
    offer = get_object_or_404(
        Offer.objects.select_related("competition__sphere", "organisation"),
        pk=pk,
        competition__slug=slug,
        competition__mode=CompetitionMode.SMALL_GRANT,
        state=OfferState.SUBMITTED,
    )
    if offer.organisation.is_suspended:
        raise Http404
    form = CommentForm(request.POST or None)
    status = 200
    limited = None
    if request.method == "POST":
        try:
            # Every attempt counts, a bot's too: per address, and per offer against a flood from many.
            check_rate_limit(
                scope="small_grant_comment",
                ip=client_ip(request),
                target=f"offer-{offer.pk}",
                per_ip=COMMENTS_PER_IP,
                per_target=COMMENTS_PER_OFFER,
            )
        except RateLimited as error:
            limited = error
    if limited is not None:
        # Nothing is saved; the form keeps what was typed.
        form.is_valid()
        form.add_error(None, limited.message)
        status = 429
    elif request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("competition_pages:offer", slug=slug, pk=pk)
        try:
            offer_services.offer_comment_add(
                offer=offer,
                author_name=form.cleaned_data["author_name"],
                author_email=form.cleaned_data["author_email"],
                text=form.cleaned_data["text"],
            )
        except forms.ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your comment has been passed to the city hall."))
            return redirect("competition_pages:offer", slug=slug, pk=pk)
    content = offer.content or {}
    total = budget.total_of(content.get("costs") or [])
    return render(
        request,
        "competitions/public/offer.html",
        {
            "offer": offer,
            "competition": offer.competition,
            "content": content,
            "financing": budget.financing_summary(total, content.get("financing") or {}),
            "form": form,
        },
        status=status,
    )
