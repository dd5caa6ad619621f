from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.http import HttpRequest

from . import services
from .models import Article, Category, CategoryTranslation, Vote


class CategoryTranslationInline(admin.TabularInline[CategoryTranslation, Category]):
    model = CategoryTranslation
    extra = 1
    verbose_name = "name in another language"
    verbose_name_plural = "names in other languages"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug", "order")
    inlines = (CategoryTranslationInline,)
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = (
        "title",
        "category",
        "status",
        "views",
        "helpful_yes",
        "helpful_no",
        "updated_at",
    )
    list_filter = ("status", "category")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}  # noqa: RUF012
    filter_horizontal = ("related",)
    readonly_fields = ("views", "helpful_yes", "helpful_no", "author")

    def save_model(
        self,
        request: HttpRequest,
        obj: Article,
        form: forms.ModelForm[Article],
        change: bool,
    ) -> None:
        # Through the service, so the sanitised HTML and search text follow;
        # the related articles are saved by save_related as usual.
        data = form.cleaned_data
        if obj.author_id is None and isinstance(request.user, User):
            obj.author = request.user
        services.article_save(
            article=obj,
            title=data["title"],
            slug=data["slug"],
            category=data["category"],
            summary=data["summary"],
            body=data["body"],
            status=data["status"],
            related=data.get("related", []),
        )


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin[Vote]):
    list_display = ("article", "helpful", "comment", "created_at")
    list_filter = ("helpful",)
    list_select_related = ("article",)
