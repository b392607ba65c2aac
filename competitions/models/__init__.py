from .competitions import (
    Competition,
    CompetitionDocument,
    CompetitionTransition,
    FormalCheckItem,
    MeritCriterion,
    PriorFunding,
    RequiredAttachment,
)

__all__ = [
    "Competition",
    "CompetitionDocument",
    "CompetitionTransition",
    "FormalCheckItem",
    "MeritCriterion",
    "PriorFunding",
    "RequiredAttachment",
]
