from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from knowledge.admin_privacy import PrivatePageTypesUsageReportView

from .health import health
from .site_files import favicon, robots_txt

urlpatterns = [
    path("healthz/", health, name="health"),
    path("django-admin/", admin.site.urls),
    # Wagtail's page-types report, naming only pages the reader may see (before its URLs).
    path(
        "admin/reports/page-types-usage/",
        PrivatePageTypesUsageReportView.as_view(),
        name="page_types_usage_private",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        PrivatePageTypesUsageReportView.as_view(results_only=True),
        name="page_types_usage_results_private",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("mapa-stranek/", include("cms.urls")),
    path(
        "prohlaseni-o-pristupnosti/",
        cms_views.accessibility_statement,
        name="accessibility_statement",
    ),
    path("knihovna-data/", include("knowledge.urls")),
    path("partneri/", include("partners.urls")),
    path("api/hsds/", include("partners.api.urls")),
    path("predavani/", include("referrals.urls")),
    path("hledat/", include("search.urls")),
    path("prideleni/", include("allocation.urls")),
    path("vysledky/", include("outcomes.urls")),
    path(
        "prihlaseni/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("odhlaseni/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("portal.accounts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only images are public media; documents are served by the permission-checked view.
    urlpatterns += static("/media/images/", document_root=settings.MEDIA_ROOT / "images")

urlpatterns += [path("", include(wagtail_urls))]
