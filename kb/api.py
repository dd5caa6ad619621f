"""Help articles in the API: public, published only."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .models import Article


class ArticleSerializer(serializers.ModelSerializer[Any]):
    url = serializers.URLField(source="public_url", read_only=True)
    category = serializers.CharField(
        source="category.name", default=None, read_only=True
    )

    class Meta:
        model = Article
        fields: tuple[str, ...] = (
            "slug",
            "title",
            "summary",
            "category",
            "url",
            "updated_at",
        )


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = (*ArticleSerializer.Meta.fields, "body", "body_html")


class ArticlesView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description=gettext_lazy("Search; empty: popular.")
            )
        ],
        responses=ArticleSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        if query.strip():
            found = [hit.article for hit in selectors.search(query)]
        else:
            found = list(selectors.popular(limit=20))
        return Response(ArticleSerializer(found, many=True).data)


class ArticleView(APIView):
    @extend_schema(responses=ArticleDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        article = selectors.article_by_slug(slug)
        if article is None:
            return Response({"detail": _("No such article.")}, status=404)
        return Response(ArticleDetailSerializer(article).data)
