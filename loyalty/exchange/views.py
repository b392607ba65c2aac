from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.permissions import ensure

from ..models import ExchangePost, Facility
from .forms import PostForm, ReplyForm
from .selectors import open_posts, posts_of
from .services import post_close, post_create, reply_create

POSTED = _("Your post is in the exchange point.")
REPLIED = _("Your answer has been sent to the facility.")
CLOSED = _("The post is closed.")


def _acting_facility(request, pk):
    facility = get_object_or_404(Facility, pk=pk)
    ensure(request.user, "loyalty.evaluation.fill", facility)
    return facility


@login_required
def exchange(request, pk):
    facility = _acting_facility(request, pk)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post_create(user=request.user, facility=facility, **form.cleaned_data)
        messages.success(request, POSTED)
        return redirect("loyalty:exchange", facility.pk)
    return render(
        request,
        "loyalty/exchange.html",
        {
            "facility": facility,
            "form": form,
            "posts": open_posts().exclude(facility=facility),
            "own_posts": posts_of(facility=facility),
        },
    )


@login_required
def exchange_post(request, pk, post_pk):
    facility = _acting_facility(request, pk)
    post = get_object_or_404(ExchangePost.objects.select_related("facility", "matched_with"), pk=post_pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply_create(
                user=request.user, facility=facility, post=post, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, REPLIED)
            return redirect("loyalty:exchange_post", facility.pk, post.pk)
    replies = post.replies.select_related("facility")
    return render(
        request,
        "loyalty/exchange_post.html",
        {
            "facility": facility,
            "post": post,
            "form": form,
            "replies": replies,
            "is_own": post.facility_id == facility.pk,
            "repliers": sorted({reply.facility for reply in replies}, key=lambda f: f.name),
        },
    )


@login_required
@require_POST
def exchange_close(request, pk, post_pk):
    facility = _acting_facility(request, pk)
    post = get_object_or_404(ExchangePost, pk=post_pk, facility=facility)
    matched_pk = request.POST.get("matched_with", "")
    matched = Facility.objects.filter(pk=matched_pk).first() if matched_pk.isdigit() else None
    try:
        post_close(user=request.user, post=post, matched_with=matched)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, CLOSED)
    return redirect("loyalty:exchange_post", facility.pk, post.pk)
