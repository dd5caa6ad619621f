"""The API's addresses for help articles."""

from django.urls import path

from . import api

urlpatterns = [
    path("v1/kb/articles/", api.ArticlesView.as_view()),
    path("v1/kb/articles/<slug:slug>/", api.ArticleView.as_view()),
]
