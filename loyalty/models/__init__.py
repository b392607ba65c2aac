from .card import Category, Criterion
from .evaluations import Answer, CategoryNote, Evaluation
from .facilities import Facility, FacilityManager
from .rounds import EvaluationRound, StatusRule

__all__ = [
    "Answer",
    "Category",
    "CategoryNote",
    "Criterion",
    "Evaluation",
    "EvaluationRound",
    "Facility",
    "FacilityManager",
    "StatusRule",
]
