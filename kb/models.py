"""The knowledge base: categories, articles, votes and suggestion opens."""

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.expressions import CombinedExpression
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helpdesk.core.fields import language_field
from helpdesk.core.locales import search_config


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ("order", "name")
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kb:category", kwargs={"slug": self.slug})

    def _translated(self) -> "CategoryTranslation | None":
        """Its name in the reader's language, when given (the portal's list
        prefetches them)."""
        language = get_language() or settings.LANGUAGE_CODE
        return next(
            (t for t in self.translations.all() if t.language == language), None
        )

    @property
    def local_name(self) -> str:
        translated = self._translated()
        return translated.name if translated else self.name

    @property
    def local_description(self) -> str:
        translated = self._translated()
        return translated.description if translated else self.description


class CategoryTranslation(models.Model):
    """A topic's name and description in another language."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="translations"
    )
    language = language_field()
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["category", "language"], name="one_topic_name_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text=_("Markdown."))
    # Derived by the services from the Markdown: sanitised HTML for pages and
    # plain text for search and snippets.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    # Weighted title/summary/body vector, stored so ranking need not rebuild
    # it (PostgreSQL only; empty on SQLite, which searches with LIKE).
    search_vector = SearchVectorField(null=True, editable=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    # Each translation is an article of its own, pointing at the original:
    # the portal shows the visitor's language, else English.
    language = language_field()
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="translations",
        limit_choices_to={"translation_of": None},
        help_text=_("The original this article translates; empty: an original."),
    )
    views = models.PositiveIntegerField(default=0, editable=False)
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("title",)
        indexes: ClassVar = [
            models.Index(fields=["status", "-views"]),
            models.Index(fields=["translation_of", "language"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="one_translation_per_language",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("kb:article", kwargs={"slug": self.slug})

    @property
    def public_url(self) -> str:
        return f"{settings.SITE_URL}{self.get_absolute_url()}"


def search_vector(language: str) -> CombinedExpression:
    """What ``Article.search_vector`` holds: title over summary over body,
    stemmed by the rules of the article's language."""
    config = search_config(language)
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body_text", weight="C", config=config)
    )


class Vote(models.Model):
    """Was this helpful? One per visitor per article (a later one replaces it)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    visitor = models.CharField(max_length=64)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["article", "visitor"], name="one_vote_a_visitor"
            )
        ]

    def __str__(self) -> str:
        return f"{'Yes' if self.helpful else 'No'} on {self.article}"


# A suggestion opened and no ticket from the same visitor within this long:
# the article answered the question (a deflection).
DEFLECTION_WINDOW = timedelta(hours=24)


class SuggestionOpen(models.Model):
    """A customer opened an article suggested on the ticket form. If no
    ticket follows from the same visitor, the article answered them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="opens")
    visitor = models.CharField(max_length=64, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    ticket_followed = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["article", "ticket_followed"]),
            # Self-service in the reports: what was opened in a period.
            models.Index(fields=["opened_at"], name="suggestion_opened_at"),
        ]

    def __str__(self) -> str:
        return f"{self.article} opened from a suggestion"
