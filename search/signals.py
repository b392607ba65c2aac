"""Re-index on save, publish, unpublish, move and delete, wired from each type's ``watch``.

Connected in ``SearchConfig.ready``; other apps' signal modules are untouched.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import registry
from .indexing import queue

_connected = False


def _receiver(type_name: str, resolve):
    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # fixtures being loaded
        queue(type_name, resolve(instance))

    return handler


def connect() -> None:
    global _connected
    if _connected:
        return
    _connected = True
    for type_name, search_type in registry.all_types().items():
        for label, resolve in search_type.watch.items():
            model = apps.get_model(label)
            handler = _receiver(type_name, resolve)
            # weak=False: the handlers are closures that nothing else references.
            post_save.connect(
                handler, sender=model, weak=False, dispatch_uid=f"search-{type_name}-{label}-save"
            )
            post_delete.connect(
                handler, sender=model, weak=False, dispatch_uid=f"search-{type_name}-{label}-del"
            )
        search_type.connect_signals()
    _connect_m2m()


def _connect_m2m() -> None:
    for type_name, search_type in registry.all_types().items():
        for through, resolve in getattr(search_type, "watch_m2m", {}).items():
            handler = _receiver(type_name, resolve)

            def m2m_handler(sender, instance, action, _handler=handler, **kwargs):
                if action in ("post_add", "post_remove", "post_clear"):
                    _handler(sender, instance)

            m2m_changed.connect(
                m2m_handler,
                sender=through(),
                weak=False,
                dispatch_uid=f"search-{type_name}-m2m-{id(through)}",
            )
