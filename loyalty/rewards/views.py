from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.permissions import ensure

from ..choices import level_rank
from ..evaluation.selectors import current_evaluation
from ..models import Facility, Reward, RewardClaim
from .selectors import claims_of, rewards_on_offer, sessions_with_seats
from .services import claim_cancel, reward_claim

CLAIMED = _("You have claimed %(name)s. See below how it is collected.")
CANCELLED = _("The claim is cancelled and the reward has gone back to the pool.")


@login_required
def reward_list(request, pk):
    facility = get_object_or_404(Facility, pk=pk)
    ensure(request.user, "loyalty.reward.claim", facility)
    evaluation = current_evaluation(facility=facility)
    rank = level_rank(evaluation.status) if evaluation else 0
    rewards = [
        {
            "reward": reward,
            "sessions": sessions_with_seats(reward=reward),
            "left": max(reward.pool - reward.taken, 0),
            "eligible": evaluation is not None and rank >= level_rank(reward.min_status),
        }
        for reward in rewards_on_offer()
    ]
    return render(
        request,
        "loyalty/rewards.html",
        {
            "facility": facility,
            "evaluation": evaluation,
            "rewards": rewards,
            "claims": claims_of(facility=facility),
        },
    )


@login_required
@require_POST
def claim(request, pk, reward_pk):
    facility = get_object_or_404(Facility, pk=pk)
    reward = get_object_or_404(Reward, pk=reward_pk)
    session_pk = request.POST.get("session", "")
    session = reward.sessions.filter(pk=session_pk).first() if session_pk.isdigit() else None
    try:
        reward_claim(user=request.user, facility=facility, reward=reward, session=session)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, CLAIMED % {"name": reward.name})
    return redirect("loyalty:rewards", facility.pk)


@login_required
@require_POST
def cancel(request, pk, claim_pk):
    facility = get_object_or_404(Facility, pk=pk)
    claim_ = get_object_or_404(RewardClaim, pk=claim_pk, facility=facility)
    try:
        claim_cancel(user=request.user, claim=claim_)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, CANCELLED)
    return redirect("loyalty:rewards", facility.pk)
