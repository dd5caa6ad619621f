from django.urls import path

from .views import agent

app_name = "kb_agent"

urlpatterns = [
    path("", agent.article_list, name="list"),
    path("new/", agent.article_edit, name="new"),
    path("preview/", agent.preview, name="preview"),
    path("<int:pk>/", agent.article_edit, name="edit"),
    path("from-reply/<int:message_pk>/", agent.from_reply, name="from_reply"),
]
