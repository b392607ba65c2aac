"""Clear the anonymous page cache when anything a visitor sees changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import invalidate_page_cache
from .models import FooterSettings, LibraryDocument, NavigationSettings


def _invalidate(**kwargs):
    invalidate_page_cache()


def _invalidate_unless_new_settings(sender, created=False, **kwargs):
    # Site settings are created empty the first time a page is rendered: nothing changed.
    if not (created and sender in (NavigationSettings, FooterSettings)):
        invalidate_page_cache()


for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
    signal.connect(_invalidate, dispatch_uid=f"pagecache-{id(signal)}")

post_delete.connect(_invalidate, sender=Page, dispatch_uid="pagecache-page-delete")
for model in (
    LibraryDocument,
    get_image_model(),  # rendered bodies keep an image's rendition addresses
    NavigationSettings,
    FooterSettings,
    Site,
    CollectionViewRestriction,
    PageViewRestriction,
):
    post_save.connect(
        _invalidate_unless_new_settings, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}"
    )
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
