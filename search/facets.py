"""Turning raw counts into labelled facets, the same for every backend."""

from collections.abc import Mapping

from . import registry
from .backends.base import Facet, FacetOption, SearchQuery


def type_options(query: SearchQuery, counts: Mapping[str, int], *, capped: bool = False) -> list[FacetOption]:
    """Every registered type with its count, in registration order; empty types only if selected.

    ``capped``: the counts are lower bounds (counting stopped early), shown as "N+".
    """
    return [
        FacetOption(name, str(search_type.label), counts.get(name, 0), name == query.type, capped)
        for name, search_type in registry.all_types().items()
        if counts.get(name) or name == query.type
    ]


def filter_facets(
    query: SearchQuery, counts: Mapping[str, Mapping[str, int]], *, capped_keys=frozenset()
) -> list[Facet]:
    """The selected type's filters with the count of each value (most frequent first).

    ``capped_keys``: filters whose counts are lower bounds (counting stopped early).
    """
    search_type = registry.get(query.type)
    if search_type is None:
        return []
    facets = []
    for key, spec in search_type.filters.items():
        values = counts.get(key, {})
        selected = query.filters.get(key, "")
        if not values and not selected:
            continue
        labels = spec.labels()
        options = [
            FacetOption(value, labels.get(value, value), count, value == selected, key in capped_keys)
            for value, count in values.items()
        ]
        if selected and selected not in values:
            options.append(FacetOption(selected, labels.get(selected, selected), 0, True))
        options.sort(key=lambda o: (-o.count, o.label))
        facets.append(Facet(key, str(spec.label), options))
    return facets
