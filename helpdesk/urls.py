from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Help desk administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("agent/kb/", include("kb.agent_urls")),
    path("agent/", include("tickets.agent_urls")),
    path("kb/", include("kb.urls")),
    path("api/", include("helpdesk.api_urls")),
    # anymail's inbound and tracking webhooks, e.g. /anymail/postmark/inbound/
    path("anymail/", include("anymail.urls")),
    path("", include("tickets.urls")),
]
