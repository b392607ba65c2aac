import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from ..cache import GenerationMemo, memo_key, memoise_for_request
from ..i18n import foreign_language, localize_pages, translation_url

register = template.Library()

# Inside <script> the HTML parser ends the element at "</script" and treats "<!--" specially,
# whatever JSON thinks of the text; as \uXXXX escapes these characters mean the same to JSON.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data) -> SafeString:
    """``data`` as JSON that is safe to place inside any ``<script>`` element.

    The one escaping helper for JSON in HTML that is not ``json_script`` (which only
    writes ``type="application/json"``): editors' and organisations' text in it can
    never close the element.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 -- every character that could end the element is escaped


@register.simple_tag
def json_ld(data) -> SafeString:
    """schema.org data for search engines: ``<script type="application/ld+json">``.

    A data block, never run by the browser, so the Content-Security-Policy needs no exception.
    """
    return format_html('<script type="application/ld+json">{}</script>', script_json(data))


# Rendered fragments and menu entries, per process, until the page-cache generation changes.
_fragments = GenerationMemo(maxsize=2000)


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language (falls back to that language's home)."""
    request = context.get("request")
    home = "/" if language == "pl" else f"/{language}/"
    if request is None:
        return home
    page = context.get("page")
    if isinstance(page, Page) and page.pk and not getattr(request, "is_preview", False):
        # A CMS page's translation has its own slugs: go to it, or to that language's home.
        key = ("translation-url", page.pk, language)
        url = memoise_for_request(_fragments, request, key, lambda: translation_url(page, language))
        return url or home
    url = translate_url(request.get_full_path(), language)
    return url


def _menu_entries(request) -> list[dict]:
    from ..models import NavigationSettings

    site = Site.find_for_request(request)
    if site is None:
        return []
    return _link_entries(request, [item.value for item in NavigationSettings.for_site(site).main_menu])


def _link_entries(request, links) -> list[dict]:
    """Menu links as (url, label, page_id, lang), each page in the visitor's language where it exists."""
    localized = localize_pages([link["page"] for link in links])
    entries = []
    for link in links:
        source = link["page"]
        if source:
            page = localized[source.pk]
            # An editor's label is Polish: the English site shows the translated page's own title.
            label = page.title if page.pk != source.pk else (link["title"] or page.title)
            entries.append(
                {
                    "url": page.get_url(request=request),
                    "label": label,
                    "page_id": page.pk,
                    "lang": foreign_language(page),
                }
            )
        elif link["url"]:
            entries.append({"url": link["url"], "label": link["title"], "page_id": None, "lang": ""})
    return entries


@register.simple_tag(takes_context=True)
def footer_columns(context, footer) -> list[dict]:
    """The footer's columns in the visitor's language (used inside the footer's ``generation_cache``)."""
    request = context.get("request")
    english = translation.get_language() == "en"
    columns = []
    for column in footer.columns:
        value = column.value
        heading = value.get("heading_en") if english else ""
        columns.append(
            {
                "heading": heading or value["heading"],
                "heading_lang": "" if heading or not english else "pl",
                "links": _link_entries(request, list(value["links"])),
            }
        )
    return columns


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[dict]:
    """The main menu's entries (url, label, page_id), looked up once per generation, site and language."""
    request = context.get("request")
    if request is None:
        return []
    return memoise_for_request(_fragments, request, ("main-menu",), lambda: _menu_entries(request))


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        vary_on = [value.resolve(context) for value in self.vary_on]
        key = memo_key(context.get("request"), self.name.resolve(context), *vary_on)
        if key is None:
            return self.nodelist.render(context)
        return _fragments.get(key, lambda: self.nodelist.render(context))


@register.tag
def generation_cache(parser, token):
    """``{% generation_cache "name" [vary_on ...] %}…{% endgeneration_cache %}``

    Renders its content once per process, page-cache generation, site and language
    (and the ``vary_on`` values); publishing anything starts a new generation. Only
    for content every visitor sees alike. Previews are never cached.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    name, vary_on = parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    return GenerationCacheNode(nodelist, name, vary_on)


@register.filter
def content_language(page) -> str:
    """A CMS page's language when it differs from the interface's (for ``lang``), else ""."""
    if not isinstance(page, Page) or page.locale_id is None:
        return ""
    return foreign_language(page)


@register.simple_tag(takes_context=True)
def accessibility_statement(context):
    """The site's accessibility statement in the current language (else in Polish), or None.

    Called inside the footer's ``generation_cache``: one query per generation, site and language.
    """
    from ..models import AccessibilityStatementPage

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    statements = AccessibilityStatementPage.objects.live()
    if site is not None:
        statements = statements.descendant_of(site.root_page)
    statement = statements.order_by("path").first()
    return localize_pages([statement])[statement.pk] if statement is not None else None
