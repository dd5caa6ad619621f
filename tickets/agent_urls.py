from django.contrib.auth import views as auth_views
from django.urls import path

from .agent_forms import AgentLoginForm
from .views import (
    agent_alerts,
    agent_inbound,
    agent_incidents,
    agent_macros,
    agent_new,
    agent_organise,
    agent_queue,
    agent_relate,
    agent_reports,
    agent_settings,
    agent_side,
    agent_ticket,
    files,
)

app_name = "agent"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="agent/login.html", authentication_form=AgentLoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", agent_queue.queue, name="queue"),
    path("bulk/", agent_queue.bulk, name="bulk"),
    path("bulk/undo/", agent_queue.bulk_undo, name="bulk_undo"),
    path("bulk/macro/", agent_macros.macro_bulk, name="macro_bulk"),
    path("changes/", agent_queue.changes, name="changes"),
    path("inbound/", agent_queue.inbound_list, name="inbound"),
    path("inbound/<int:pk>/raw/", agent_queue.inbound_raw, name="inbound_raw"),
    path("inbound/<int:pk>/", agent_inbound.unreadable_detail, name="unreadable"),
    path(
        "inbound/<int:pk>/dismiss/",
        agent_inbound.unreadable_dismiss,
        name="unreadable_dismiss",
    ),
    path("tickets/new/", agent_new.ticket_new, name="ticket_new"),
    path("tickets/<int:pk>/", agent_ticket.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/reply/", agent_ticket.ticket_reply, name="reply"),
    path("tickets/<int:pk>/status/", agent_ticket.ticket_status, name="status"),
    path("tickets/<int:pk>/assign/", agent_ticket.ticket_assign, name="assign"),
    path("tickets/<int:pk>/priority/", agent_ticket.ticket_priority, name="priority"),
    path("tickets/<int:pk>/queue/", agent_ticket.ticket_queue, name="move"),
    path("tickets/<int:pk>/tags/", agent_organise.ticket_tags, name="tags"),
    path("tags/", agent_organise.tag_list, name="tag_list"),
    path("tickets/<int:pk>/fields/", agent_organise.ticket_fields_save, name="fields"),
    path(
        "tickets/<int:pk>/files/<int:attachment_id>/",
        files.agent_attachment,
        name="attachment",
    ),
    path(
        "tickets/<int:pk>/files/<int:attachment_id>/image/",
        files.agent_attachment_image,
        name="attachment_image",
    ),
    path("merge/", agent_organise.merge, name="merge"),
    path("tickets/<int:pk>/links/", agent_relate.ticket_link, name="links"),
    path(
        "tickets/<int:pk>/children/resolve/",
        agent_relate.ticket_children_resolve,
        name="children_resolve",
    ),
    path("messages/<int:message_pk>/split/", agent_relate.split, name="split"),
    path("tickets/<int:pk>/cc/", agent_side.ticket_cc, name="cc"),
    path(
        "tickets/<int:pk>/properties/",
        agent_ticket.ticket_properties,
        name="properties",
    ),
    path(
        "tickets/<int:pk>/incident/",
        agent_ticket.ticket_incident,
        name="ticket_incident",
    ),
    path("incidents/", agent_incidents.incident_list, name="incidents"),
    path("incidents/<int:pk>/", agent_incidents.incident_detail, name="incident"),
    path(
        "incidents/<int:pk>/updates/",
        agent_incidents.incident_update,
        name="incident_update",
    ),
    path("notifications/", agent_alerts.alert_list, name="alerts"),
    path("agents/", agent_alerts.agent_names, name="agent_names"),
    path("notifications/read/", agent_alerts.alerts_read_all, name="alerts_read"),
    path("tickets/<int:pk>/follow/", agent_alerts.follow, name="follow"),
    path("tickets/<int:pk>/presence/", agent_ticket.ticket_presence, name="presence"),
    path("tickets/<int:pk>/customer/", agent_ticket.customer_card, name="card"),
    path("tickets/<int:pk>/promises/", agent_side.promise_make, name="promise"),
    path(
        "tickets/<int:pk>/promises/<int:promise_pk>/",
        agent_side.promise_change,
        name="promise_change",
    ),
    path("reports/", agent_reports.reports, name="reports"),
    path("canned/", agent_settings.canned_list, name="canned"),
    path("canned/new/", agent_settings.canned_edit, name="canned_new"),
    path("canned/<int:pk>/", agent_settings.canned_edit, name="canned_edit"),
    path("canned/<int:pk>/delete/", agent_settings.canned_delete, name="canned_delete"),
    path("profile/", agent_settings.profile, name="profile"),
    path("profile/away/", agent_settings.away, name="away"),
    path("profile/token/", agent_settings.api_token, name="api_token"),
    path("profile/two-factor/", agent_settings.two_factor, name="two_factor"),
]
