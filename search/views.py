"""The public search page and the autocomplete answers for the search boxes."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import registry, service

TYPE_PARAM = "typ"
AUTOCOMPLETE_PARAM = "podpowiedzi"
_RESERVED = {"q", TYPE_PARAM, "page", AUTOCOMPLETE_PARAM}


def _url(params: dict) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _query_from(request):
    type_name = request.GET.get(TYPE_PARAM, "")
    search_type = registry.get(type_name)
    filters = {key: request.GET.get(key, "") for key in (search_type.filters if search_type else {})}
    return service.make_query(
        text=request.GET.get("q", ""), type=type_name, filters=filters, page=request.GET.get("page") or 1
    )


def _links(results) -> dict:
    """Addresses of every facet option, page and suggestion, each keeping the rest of the search."""
    query = results.query
    base = {"q": query.text, TYPE_PARAM: query.type, **query.filters}
    for option in results.types:
        option.url = _url({"q": query.text, TYPE_PARAM: "" if option.selected else option.value})
    for facet in results.facets:
        for option in facet.options:
            option.url = _url({**base, facet.key: "" if option.selected else option.value})
    pages = results.num_pages
    return {
        "all_types_url": _url({"q": query.text}),
        "previous_url": _url({**base, "page": query.page - 1}) if query.page > 1 else "",
        "next_url": _url({**base, "page": query.page + 1}) if query.page < pages else "",
        "suggestion_url": _url({"q": results.suggestion}) if results.suggestion else "",
        "num_pages": pages,
    }


@require_safe
def search(request):
    if AUTOCOMPLETE_PARAM in request.GET:
        return autocomplete(request)
    query = _query_from(request)
    results = service.search(query)
    context = {"query": query.text, "search_query": query, "results": results}
    if results is not None:
        context.update(_links(results))
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def autocomplete(request):
    """JSON suggestions: ``{"query": ..., "suggestions": [{"title", "url", "type", "type_label"}]}``."""
    text = request.GET.get("q", "")
    suggestions = service.autocomplete(text)
    response = JsonResponse({"query": text, "suggestions": suggestions})
    response["Cache-Control"] = "max-age=60, public"
    return response
