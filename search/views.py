from django.shortcuts import render

from .selectors import page_search


def search(request):
    query = request.GET.get("q", "").strip()
    results = page_search(query=query, page_number=request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "results": results})
