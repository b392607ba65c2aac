from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views

from .views import health, health_live, security_txt

urlpatterns = [
    path("healthz", health, name="health"),
    path("healthz/live", health_live, name="health_live"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
]

# Polish at /, English under /en/: the address says the language, so a cached
# anonymous page never comes out in the wrong one.
urlpatterns += i18n_patterns(
    path("konto/organizacja/", include("organisations.manage_urls")),
    path("konto/oferty/", include("competitions.offer_urls")),
    path("konto/komisja/", include("competitions.committee_urls")),
    path("konto/powiadomienia/", include("notifications.urls")),
    path("konto/moje-dane/", include("organisations.personal_data_urls")),
    path("konto/monitoring/", include("monitoring.urls")),
    path("konto/program/", include("loyalty.urls")),
    path("konto/", include("organisations.urls")),
    path("organizacje/", include("organisations.directory_urls")),
    path("konkursy/", include("competitions.urls")),
    path("szukaj/", search_views.search, name="search"),
    path("szukaj/podpowiedzi/", search_views.autocomplete, name="search_autocomplete"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Every refused permission that becomes a 403 is written to the security log.
handler403 = "portal.views.permission_denied"

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = (
        staticfiles_urlpatterns()
        + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        + urlpatterns
    )
