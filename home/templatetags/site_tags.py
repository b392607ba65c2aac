from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language (falls back to that language's home)."""
    request = context.get("request")
    if request is None:
        return "/" if language == "pl" else f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    return url
