from django.urls import path

from .views import files, portal, rating

app_name = "tickets"

urlpatterns = [
    path("", portal.home, name="home"),
    path("tickets/new/", portal.ticket_new, name="new"),
    path("status/", portal.service_status, name="status"),
    path("language/", portal.language_choose, name="language"),
    path("rate/<str:token>/<str:choice>/", rating.rate, name="rate"),
    path("files/<str:token>/", files.file_by_link, name="file"),
    path("t/<str:key>/", portal.ticket_detail, name="detail"),
    path("t/<str:key>/submitted/", portal.ticket_submitted, name="submitted"),
    path("t/<str:key>/reply/", portal.ticket_reply, name="reply"),
    path("t/<str:key>/close/", portal.ticket_close, name="close"),
    path("t/<str:key>/details/", portal.ticket_fields, name="fields"),
    path(
        "t/<str:key>/attachments/<int:attachment_id>/",
        files.attachment_download,
        name="attachment",
    ),
    path(
        "t/<str:key>/attachments/<int:attachment_id>/image/",
        files.attachment_image,
        name="attachment_image",
    ),
]
