from .card import Category, Criterion, RewardedActivity
from .evaluations import Answer, CategoryNote, Evaluation
from .exchange import ExchangePost, ExchangeReply
from .facilities import Facility, FacilityManager
from .rewards import ClaimCancellation, Reward, RewardClaim, TrainingSession
from .rounds import EvaluationRound, StatusRule

__all__ = [
    "Answer",
    "Category",
    "CategoryNote",
    "ClaimCancellation",
    "Criterion",
    "Evaluation",
    "EvaluationRound",
    "ExchangePost",
    "ExchangeReply",
    "Facility",
    "FacilityManager",
    "Reward",
    "RewardedActivity",
    "RewardClaim",
    "StatusRule",
    "TrainingSession",
]
