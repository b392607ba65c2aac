from .competitions import (
    Competition,
    CompetitionDocument,
    CompetitionTransition,
    FormalCheckItem,
    MeritCriterion,
    PriorFunding,
    RequiredAttachment,
)
from .offers import Offer, OfferAttachment, OfferComment, OfferTransition, private_storage

__all__ = [
    "Offer",
    "OfferAttachment",
    "OfferComment",
    "OfferTransition",
    "private_storage",
    "Competition",
    "CompetitionDocument",
    "CompetitionTransition",
    "FormalCheckItem",
    "MeritCriterion",
    "PriorFunding",
    "RequiredAttachment",
]
