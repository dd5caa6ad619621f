from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from tickets.views import catalogue

admin.site.site_header = "Help desk administration"
admin.site.site_title = "Help desk settings"
admin.site.site_url = None  # "Back to the workspace" instead (templates/admin)
# The lists keep the whole width: every column in view.
admin.site.enable_nav_sidebar = False
if settings.HELPDESK_STAFF_TWO_FACTOR:
    # The admin then asks for the authenticator app's code (django-otp's way).
    admin.site.__class__ = OTPAdminSite
handler404 = "tickets.errors.page_not_found"
handler500 = "tickets.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The scripts' few sentences, in the page's language (djangojs catalogue).
    path(
        "jsi18n/<str:language>/",
        catalogue.javascript_catalogue,
        name="javascript-catalog",
    ),
    path("agent/kb/", include("kb.agent_urls")),
    path("agent/", include("tickets.agent_urls")),
    path("kb/", include("kb.urls")),
    path("api/", include("tickets.api_urls")),
    path("api/", include("kb.api_urls")),
    path("health/", include("notifications.urls")),
    path("", include("tickets.urls")),
]
if settings.HELPDESK_EMAIL_WEBHOOKS:
    # anymail's inbound and tracking webhooks, e.g. /anymail/postmark/inbound/
    urlpatterns.insert(-1, path("anymail/", include("anymail.urls")))
