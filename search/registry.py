"""The searchable types, collected from every app's ``documents.py``."""

from django.utils.module_loading import autodiscover_modules

from .base import SearchType

_types: dict[str, SearchType] = {}
_discovered = False


def register(cls: type[SearchType]) -> type[SearchType]:
    """Class decorator: make ``cls`` searchable. Its ``name`` must be unique."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    _types[cls.name] = cls()
    return cls


def discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("documents")


def all_types() -> dict[str, SearchType]:
    discover()
    return _types


def get(name: str) -> SearchType | None:
    return all_types().get(name)
