"""What the no-server-error property test (tests/test_no_server_error.py) walks and types.

Nothing here is a hand-written list of pages or fields:

* the targets are every URL pattern of the URLconf (``get_resolver()``): the site's own, the
  portal's admin screens and viewsets, and the third-party patterns mounted outside the admin;
* concrete addresses come from crawling the site as each user, starting from the patterns
  without arguments (a link found on a page gives a pattern the arguments that page used),
  plus the ids of the objects the world was built with;
* the fields a POST fills are those of every form in the page's ``response.context`` (formset
  management forms and the wizard's management form included) and of every ``<form>`` in its
  HTML (hidden inputs such as ``revision`` included), grouped by the address they post to, so
  a POST-only view gets the fields of the forms that post to it from other pages.
"""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

PROJECT_APPS = {"competitions", "organisations", "home", "notifications", "search", "portal", "monitoring"}
# Query parameter names many list and search pages read, tried on every page besides the
# names its own forms declare.
COMMON_PARAMS = ["page", "strona", "q", "typ", "sfera", "dzielnica", "sort", "ordering", "p", "next", "rok"]


@dataclass(frozen=True)
class Target:
    """One URL pattern: its full route (as written in the URLconf) and its qualified name."""

    route: str
    name: str
    module: str

    @property
    def id(self) -> str:
        return f"{self.route or '/'} [{self.name}]"


def _is_project(callback) -> bool:
    module = getattr(callback, "__module__", "") or ""
    view_class = getattr(callback, "view_class", None)
    modules = [module, getattr(view_class, "__module__", "") or ""]
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is not None:  # a model class, or "app_label.Model"
        modules.append(model._meta.app_label if hasattr(model, "_meta") else str(model))
    return any(m.split(".")[0] in PROJECT_APPS for m in modules if m)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}".strip(":"), pattern


def targets() -> list[Target]:
    """Every URL pattern the property test requests (the Wagtail admin's own screens excepted:
    the portal's admin views and viewsets are in)."""
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") and not _is_project(pattern.callback):
            continue
        found.append(Target(route=route, name=name, module=getattr(pattern.callback, "__module__", "")))
    return found


def target_of(path: str, by_name: dict[str, Target]) -> tuple[Target | None, dict]:
    """The target an address resolves to, and its keyword arguments."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None, {}
    return by_name.get(match.view_name), match.kwargs


def route_kwargs(target: Target) -> dict[str, str]:
    """``{name: converter}`` of the route's path arguments ("<int:pk>" → {"pk": "int"})."""
    return {name: converter or "str" for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", target.route)}


def is_regex(target: Target) -> bool:
    return "^" in target.route or "(" in target.route


# ---------------------------------------------------------------------------------------------
# Forms: what a page posts, read from its context and its HTML


@dataclass
class FormSpec:
    """The fields one form posts: name → values seen on the page (the first is the current one)."""

    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    def add(self, name: str, value=None) -> None:
        values = self.fields.setdefault(name, [])
        if value is not None and str(value) not in values and len(values) < 8:
            values.append(str(value))


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, FormSpec]] = []  # (method, spec)
        self.links: list[str] = []
        self._form: FormSpec | None = None
        self._method = "get"
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = FormSpec(action=attrs.get("action") or "")
            self._method = (attrs.get("method") or "get").lower()
            self.forms.append((self._method, self._form))
        elif self._form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self._form.files.add(attrs["name"])
            elif kind in ("checkbox", "radio"):
                self._form.add(attrs["name"], attrs.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset") or attrs.get("value"):
                self._form.add(attrs["name"], attrs.get("value", ""))
        elif tag == "select":
            self._select = attrs["name"]
            self._form.add(self._select)
        elif tag == "option" and self._select and self._form is not None:
            self._form.add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form.add(self._textarea)
        elif tag == "button":
            self._form.add(attrs["name"], attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea and self._form is not None and data.strip():
            self._form.add(self._textarea, data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_page(html: str) -> tuple[list[tuple[str, FormSpec]], list[str]]:
    parser = _PageParser()
    try:
        parser.feed(html)
    except Exception:  # a page that is not HTML after all: no forms, no links
        return [], []
    return parser.forms, parser.links


def _context_forms(context) -> list:
    """Every form and formset in a response's template context (nested in dicts and lists)."""
    found, seen = [], set()

    def visit(value, depth):
        if depth > 3 or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, BaseFormSet):
            found.append(value.management_form)
            found.extend(value.forms)
        elif isinstance(value, BaseForm):
            found.append(value)
        elif isinstance(value, dict):
            for item in list(value.values())[:50]:
                visit(item, depth + 1)
        elif isinstance(value, list | tuple):
            for item in value[:50]:
                visit(item, depth + 1)

    if context is None:
        return found
    for layer in getattr(context, "dicts", None) or [context]:
        for key, value in layer.items() if hasattr(layer, "items") else []:
            if key not in ("view", "request", "perms", "messages", "csrf_token"):
                visit(value, 0)
    return found


def context_fields(response) -> tuple[dict[str, list[str]], set[str]]:
    """Field names (with their current values) of every form in the response's context."""
    fields, files = {}, set()
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in getattr(response.context, "__iter__", None) and contexts or []:
        for form in _context_forms(context):
            for name, form_field in form.fields.items():
                key = form.add_prefix(name)
                if form_field.widget.needs_multipart_form:
                    files.add(key)
                    continue
                values = fields.setdefault(key, [])
                initial = form.initial.get(name, form_field.initial)
                if initial not in (None, "") and not callable(initial) and len(values) < 8:
                    values.append(str(initial))
                for choice in list(getattr(form_field, "choices", []) or [])[:6]:
                    if isinstance(choice, tuple | list) and choice and str(choice[0]) not in values:
                        values.append(str(choice[0]))
    return fields, files


# ---------------------------------------------------------------------------------------------
# What a refused request must not change


# Records a refused request may legitimately add: sessions (signing the test users in) and the
# login lockout's own bookkeeping (a failed login is recorded by design).
UNTRACKED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# Tables whose rows are compared value by value, not only counted (the portal's main records).
HASHED = [
    ("competitions", "Offer"),
    ("competitions", "OfferAttachment"),
    ("competitions", "Competition"),
    ("competitions", "Contract"),
    ("competitions", "Report"),
    ("competitions", "OfferUpdate"),
    ("organisations", "Organisation"),
    ("organisations", "Membership"),
    ("organisations", "Place"),
    ("organisations", "Invitation"),
    ("organisations", "User"),
]
# Columns that change on any request by design (the last sign-in).
VOLATILE_COLUMNS = {"last_login"}


def _tables() -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models() if model._meta.managed}
    existing = set(connection.introspection.table_names())
    return sorted((tables & existing) - UNTRACKED_TABLES)


_TABLES: list[str] = []


def fingerprint() -> tuple:
    """Row counts of every table (one statement) and a hash of the main records' values."""
    if not _TABLES:
        _TABLES.extend(_tables())
    quote = connection.ops.quote_name
    counts_sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in _TABLES)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(counts_sql)
        counts = cursor.fetchone()
    digest = hashlib.sha256()
    for app_label, model_name in HASHED:
        model = apps.get_model(app_label, model_name)
        columns = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE_COLUMNS]
        for row in model.objects.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
    return dict(zip(_TABLES, counts, strict=True)), digest.hexdigest()


def changes(before: tuple, after: tuple) -> list[str]:
    counts = [f"{t}: {before[0][t]} → {after[0][t]} rows" for t in before[0] if before[0][t] != after[0][t]]
    if before[1] != after[1]:
        counts.append("values of offers/organisations/competitions/contracts/reports/users changed")
    return counts


def group_forms(page_url: str, forms) -> dict[str, list[FormSpec]]:
    """POST forms of a page by the path they post to (an empty action posts to the page)."""
    grouped = defaultdict(list)
    for method, spec in forms:
        if method != "post":
            continue
        action = spec.action or page_url
        if action.startswith(("http:", "https:", "//", "#", "javascript:", "mailto:")):
            if not action.startswith("http://testserver/"):
                continue
            action = action[len("http://testserver") :]
        if not action.startswith("/"):
            continue
        grouped[urlsplit(action).path].append(spec)
    return grouped
