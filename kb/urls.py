from django.urls import path

from .views import portal

app_name = "kb"

urlpatterns = [
    path("", portal.index, name="index"),
    path("search/", portal.search, name="search"),
    path("suggest/", portal.suggest, name="suggest"),
    path("a/<slug:slug>/", portal.article, name="article"),
    path("c/<slug:slug>/", portal.category, name="category"),
]
