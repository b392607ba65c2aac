"""Keep public pages fresh when organisations change, and slugs clear of the directory's routes."""

from axes.signals import user_locked_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from home.cache import invalidate_page_cache

from .authentication import log_lockout
from .models import Organisation, Place, PublicBenefitSphere
from .slugs import is_reserved_slug


def _invalidate_on_commit(**kwargs):
    # After the commit, or a visitor could cache the old page again before it lands.
    transaction.on_commit(invalidate_page_cache)


def _invalidate_on_spheres_change(action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        transaction.on_commit(invalidate_page_cache)


def _avoid_reserved_slug(sender, instance, **kwargs):
    """A slug set by hand to a fixed URL word ("mapa", "nowa") gets "-2": the route would win."""
    if not is_reserved_slug(instance.slug):
        return
    n = 2
    while Organisation.objects.filter(slug=f"{instance.slug}-{n}").exclude(pk=instance.pk).exists():
        n += 1
    instance.slug = f"{instance.slug}-{n}"


pre_save.connect(_avoid_reserved_slug, sender=Organisation, dispatch_uid="directory-reserved-slug")
for model in (Organisation, Place, PublicBenefitSphere):
    post_save.connect(_invalidate_on_commit, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
    post_delete.connect(
        _invalidate_on_commit, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}"
    )
m2m_changed.connect(
    _invalidate_on_spheres_change, sender=Organisation.spheres.through, dispatch_uid="pagecache-spheres"
)
user_locked_out.connect(log_lockout, dispatch_uid="security-log-lockout")
