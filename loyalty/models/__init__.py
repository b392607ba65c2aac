from .card import Category, Criterion
from .evaluations import Answer, CategoryNote, Evaluation
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
    "Facility",
    "FacilityManager",
    "Reward",
    "RewardClaim",
    "StatusRule",
    "TrainingSession",
]
