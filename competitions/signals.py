"""Keep public pages fresh when officials edit a competition in the admin.

The workflow services clear the page cache themselves; these cover plain edits
(the announcement, its rules, documents) saved through the admin.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from home.cache import invalidate_page_cache

from .choices import CompetitionState
from .models import (
    Competition,
    CompetitionDocument,
    FormalCheckItem,
    MeritCriterion,
    PriorFunding,
    RequiredAttachment,
)

CHILD_MODELS = (PriorFunding, RequiredAttachment, FormalCheckItem, MeritCriterion, CompetitionDocument)


def _is_draft(instance) -> bool:
    if isinstance(instance, Competition):
        return instance.state == CompetitionState.DRAFT
    if type(instance).competition.is_cached(instance):  # the admin saves children with their parent
        return instance.competition.state == CompetitionState.DRAFT
    return Competition.objects.filter(pk=instance.competition_id, state=CompetitionState.DRAFT).exists()


def _invalidate_unless_draft(sender, instance, **kwargs):
    # Officials rework a draft many times before announcing it, and no visitor sees it.
    if not _is_draft(instance):
        # After the commit, or a visitor could cache the old page again before it lands.
        transaction.on_commit(invalidate_page_cache)


for model in (Competition, *CHILD_MODELS):
    post_save.connect(_invalidate_unless_draft, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
    post_delete.connect(
        _invalidate_unless_draft, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}"
    )
