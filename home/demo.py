"""Builds the demo page tree, documents, menu and footer from ``home.demo_content``.

Idempotent: a page is found by its slug under its parent and left as it is if it
exists, so running the seed again never duplicates or overwrites editors' work.
"""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow
from wagtail.rich_text import RichText

from portal.pdf import render_pdf

from . import demo_content as content
from . import demo_content_en as english
from . import demo_statement
from .models import (
    AccessibilityStatementPage,
    ConsultationPointPage,
    DocumentLibraryPage,
    FAQPage,
    FooterSettings,
    HomePage,
    LibraryDocument,
    NavigationSettings,
    NewsIndexPage,
    NewsItemPage,
    StandardPage,
)


def _body(blocks):
    """Turn the content module's (type, value) pairs into StreamField values."""
    stream = []
    for kind, value in blocks:
        if kind == "paragraph":
            stream.append(("paragraph", RichText(value)))
        elif kind == "callout":
            stream.append(("callout", {**value, "text": RichText(value["text"])}))
        elif kind == "table":
            table = {
                "data": value["rows"],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "",
            }
            stream.append(("table", {"caption": value["caption"], "table": table}))
        else:
            stream.append((kind, value))
    return stream


def _publish(page):
    page.save_revision().publish()
    return page


def _child(parent, model, slug, **fields):
    """The live child of ``parent`` with ``slug``, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return _publish(page)


def _home_page() -> HomePage:
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = HomePage(
        title=content.HOME["title"],
        slug="strona-glowna",
        hero_title=content.HOME["hero_title"],
        introduction=content.HOME["introduction"],
        map_teaser_title=content.HOME["map_teaser_title"],
        map_teaser_text=content.HOME["map_teaser_text"],
    )
    root.add_child(instance=home)
    _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="Portal NGO"
        )
    else:
        site.root_page = home
        site.site_name = "Portal NGO"
        site.save()
    # Wagtail's "Welcome" page is left over from its first migration.
    if old_root is not None and old_root.pk != home.pk and old_root.specific_class is Page:
        old_root.delete()
    return home


def _standard_pages(parent, pages):
    for spec in pages:
        page = _child(
            parent,
            StandardPage,
            spec["slug"],
            title=spec["title"],
            introduction=spec.get("introduction", ""),
            body=_body(spec.get("body", [])),
        )
        _standard_pages(page, spec.get("children", []))


def _documents():
    collection = Collection.get_first_root_node()
    for spec in content.LIBRARY["documents"]:
        if LibraryDocument.objects.filter(title=spec["title"]).exists():
            continue
        pdf = render_pdf("pdf/library_document.html", spec)
        document = LibraryDocument(
            title=spec["title"],
            category=spec["category"],
            description=spec["description"],
            collection=collection,
        )
        document.file.save(spec["filename"], ContentFile(pdf), save=False)
        document.file_size = len(pdf)
        document.save()


def _menus(home, by_slug):
    site = Site.objects.get(root_page=home)
    navigation = NavigationSettings.for_site(site)
    if not navigation.main_menu:
        navigation.main_menu = [
            ("link", {"title": "", "page": by_slug[slug], "url": ""}) for slug in content.NAVIGATION
        ]
        navigation.save()
    footer = FooterSettings.for_site(site)
    if not footer.columns:
        footer.columns = [
            (
                "column",
                {
                    "heading": column["heading"],
                    "links": [{"title": "", "page": by_slug[slug], "url": ""} for slug in column["slugs"]],
                },
            )
            for column in content.FOOTER["columns"]
        ]
        footer.contact = content.FOOTER["contact"]
        footer.copyright_notice = content.FOOTER["copyright_notice"]
        footer.save()


def statement_fields(words: dict) -> dict:
    """The fields of an accessibility statement in one language (``home.demo_statement``)."""
    common = demo_statement.COMMON
    return {
        **{name: words[name] for name in ("title", "introduction", "entity_name", "website_name")},
        **{name: date.fromisoformat(common[name]) for name in ("published_on", "updated_on", "prepared_on")},
        "compliance": common["compliance"],
        "assessment_method": common["assessment_method"],
        "contact_person": words["contact_person"],
        "contact_email": common["contact_email"],
        "contact_phone": common["contact_phone"],
        "inaccessible_content": [
            ("item", {"content": item, "reason": reason, "exempt": exempt})
            for item, reason, exempt in words["items"]
        ],
        **{
            name: words[name]
            for name in ("shortcuts", "feedback", "procedure", "architecture", "mobile_apps")
        },
    }


def _faq_categories(categories):
    return [
        (
            "category",
            {
                "title": category["title"],
                "questions": [
                    {"question": q["question"], "anchor": q["anchor"], "answer": RichText(q["answer"])}
                    for q in category["questions"]
                ],
            },
        )
        for category in categories
    ]


def _opening_hours(rows):
    return [("hours", {"days": days, "hours": hours}) for days, hours in rows]


def _translation(page, locale, slug, **fields):
    """The live translation of ``page`` into ``locale``, created from ``fields`` if missing.

    Created as Wagtail's translation tools do (``copy_for_translation``: the same
    translation key, under the parent's translation), so the language switcher and the
    admin's "Translations" know the two pages belong together.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    if slug:
        translated.slug = slug
    translated.save()
    return _publish(translated)


def seed_english_pages(home) -> HomePage:
    """The English tree (served under /en/): home, main sections, news index, FAQ, library,
    consultation point and the accessibility statement. Missing translations are created;
    existing ones are left as editors made them."""
    locale, _created = Locale.objects.get_or_create(language_code="en")
    english_home = _translation(home, locale, None, **english.HOME)
    children = {page.slug: page.specific for page in home.get_children()}
    for slug, words in english.PAGES.items():
        fields = {k: v for k, v in words.items() if k != "slug"}
        _translation(children[slug], locale, words["slug"], **{**fields, "body": _body(fields["body"])})
    index = english.NEWS_INDEX
    _translation(children[content.NEWS_INDEX["slug"]], locale, index["slug"], **_without_slug(index))
    faq = english.FAQ
    _translation(
        children[content.FAQ["slug"]],
        locale,
        faq["slug"],
        title=faq["title"],
        introduction=faq["introduction"],
        categories=_faq_categories(faq["categories"]),
    )
    library = english.LIBRARY
    _translation(children[content.LIBRARY["slug"]], locale, library["slug"], **_without_slug(library))
    point = english.CONSULTATION
    _translation(
        children[content.CONSULTATION["slug"]],
        locale,
        point["slug"],
        title=point["title"],
        introduction=point["introduction"],
        body=point["body"],
        opening_hours=_opening_hours(point["opening_hours"]),
    )
    statement = demo_statement.EN
    _translation(children[demo_statement.SLUG], locale, statement["slug"], **statement_fields(statement))
    return english_home


def _without_slug(words: dict) -> dict:
    return {name: value for name, value in words.items() if name != "slug"}


def _english_footer(home):
    footer = FooterSettings.for_site(Site.objects.get(root_page=home))
    if footer.contact_en or footer.copyright_notice_en:
        return  # an editor's words stay
    for column in footer.columns:
        if not column.value.get("heading_en"):
            column.value["heading_en"] = english.FOOTER["headings"].get(column.value["heading"], "")
    footer.contact_en = english.FOOTER["contact"]
    footer.copyright_notice_en = english.FOOTER["copyright_notice"]
    footer.save()


def _moderation_names():
    """Wagtail's default workflow, named in the editors' language."""
    Workflow.objects.filter(name="Moderators approval").update(name="Akceptacja moderatora")
    Task.objects.filter(name="Moderators approval").update(name="Akceptacja moderatora")


@transaction.atomic
def seed_pages() -> HomePage:
    """Create the demo site's pages, documents, menu and footer where missing."""
    home = _home_page()
    _standard_pages(home, content.PAGES)

    news_index = _child(
        home,
        NewsIndexPage,
        content.NEWS_INDEX["slug"],
        title=content.NEWS_INDEX["title"],
        introduction=content.NEWS_INDEX["introduction"],
    )
    for item in content.NEWS:
        _child(
            news_index,
            NewsItemPage,
            item["slug"],
            title=item["title"],
            date=date.fromisoformat(item["date"]),
            introduction=item["introduction"],
            body=_body(item["body"]),
        )

    faq = content.FAQ
    categories = _faq_categories(faq["categories"])
    _child(
        home,
        FAQPage,
        faq["slug"],
        title=faq["title"],
        introduction=faq["introduction"],
        categories=categories,
    )

    _documents()
    library = content.LIBRARY
    _child(
        home,
        DocumentLibraryPage,
        library["slug"],
        title=library["title"],
        introduction=library["introduction"],
        body=library["body"],
    )

    point = content.CONSULTATION
    _child(
        home,
        ConsultationPointPage,
        point["slug"],
        title=point["title"],
        introduction=point["introduction"],
        street_address=point["street_address"],
        postal_code=point["postal_code"],
        city=point["city"],
        location=point["location"],
        phone=point["phone"],
        email=point["email"],
        body=point["body"],
        opening_hours=_opening_hours(point["opening_hours"]),
    )

    _child(home, AccessibilityStatementPage, demo_statement.SLUG, **statement_fields(demo_statement.PL))

    by_slug = {page.slug: page for page in home.get_descendants().live()}
    if not home.featured_links:
        home.featured_links = [
            ("link", {"title": "", "page": by_slug[slug], "url": ""})
            for slug in content.HOME["featured_slugs"]
        ]
        home.map_teaser_page = by_slug.get(content.HOME["map_teaser_slug"])
        _publish(home)
    _menus(home, by_slug)
    seed_english_pages(home)
    _english_footer(home)
    _moderation_names()
    return home
