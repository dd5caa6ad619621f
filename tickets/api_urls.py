"""The API's addresses for tickets, incidents and reports, with its
schema and docs (the knowledge base's are in kb/api_urls.py)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import (
    api,
    api_history,
    api_incidents,
    api_macros,
    api_opening,
    api_organise,
    api_privacy,
    api_reports,
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("v1/tickets/", api.TicketsView.as_view(), name="api-tickets"),
    path("v1/tickets/for-customer/", api_opening.TicketsForCustomersView.as_view()),
    path("v1/tickets/<int:pk>/", api.TicketView.as_view(), name="api-ticket"),
    path("v1/tickets/<int:pk>/messages/", api.TicketMessagesView.as_view()),
    path("v1/tickets/<int:pk>/history/", api_history.TicketHistoryView.as_view()),
    path("v1/tickets/<int:pk>/status/", api.TicketStatusView.as_view()),
    path("v1/tickets/<int:pk>/assign/", api.TicketAssignView.as_view()),
    path("v1/tickets/<int:pk>/priority/", api.TicketPriorityView.as_view()),
    path("v1/tickets/<int:pk>/tags/", api_organise.TicketTagsView.as_view()),
    path("v1/tickets/<int:pk>/merge/", api_organise.TicketMergeView.as_view()),
    path("v1/tickets/<int:pk>/fields/", api_organise.TicketFieldsView.as_view()),
    path(
        "v1/tickets/<int:pk>/macros/<int:macro_id>/",
        api_macros.TicketMacroView.as_view(),
    ),
    path("v1/macros/", api_macros.MacrosView.as_view()),
    path("v1/customers/<int:pk>/export/", api_privacy.CustomerExportView.as_view()),
    path("v1/exports/<int:pk>/", api_privacy.ExportView.as_view()),
    path("v1/exports/<int:pk>/download/", api_privacy.ExportDownloadView.as_view()),
    path("v1/incidents/", api_incidents.IncidentsView.as_view()),
    path("v1/incidents/<int:pk>/", api_incidents.IncidentView.as_view()),
    path("v1/incidents/<int:pk>/tickets/", api_incidents.IncidentTicketsView.as_view()),
    path("v1/incidents/<int:pk>/updates/", api_incidents.IncidentUpdatesView.as_view()),
    path("v1/reports/summary/", api_reports.ReportSummaryView.as_view()),
    path("v1/customer/tickets/<str:key>/", api.CustomerTicketView.as_view()),
    path("v1/customer/tickets/<str:key>/messages/", api.CustomerMessagesView.as_view()),
]
