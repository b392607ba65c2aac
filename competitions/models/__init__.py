from .competitions import (
    Competition,
    CompetitionDocument,
    CompetitionTransition,
    FormalCheckItem,
    MeritCriterion,
    PriorFunding,
    RequiredAttachment,
)
from .contracts import Contract, ContractTemplate, Report, ReportAttachment, WorkflowEvent
from .evaluation import ConflictDeclaration, FormalCheck, OfferUpdate, Score, ScoreSheet
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
    "ConflictDeclaration",
    "Contract",
    "ContractTemplate",
    "FormalCheck",
    "FormalCheckItem",
    "MeritCriterion",
    "OfferUpdate",
    "PriorFunding",
    "Report",
    "ReportAttachment",
    "RequiredAttachment",
    "Score",
    "ScoreSheet",
    "WorkflowEvent",
]
