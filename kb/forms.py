from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from helpdesk.core.locales import language_choices
from tickets.form_messages import PlainMessages

from .models import Article, Category


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=(("yes", _("Yes")), ("no", _("No"))),
        coerce=lambda v: v == "yes",
        label=_("Was this helpful?"),
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What was missing?"),
    )


class ArticleForm(PlainMessages, forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    slug = forms.SlugField(
        max_length=200,
        required=False,
        label=_("Address"),
        help_text=_("Empty: from the title."),
    )
    category = forms.ModelChoiceField(
        Category.objects.all(), required=False, label=_("Category")
    )
    summary = forms.CharField(max_length=300, required=False, label=_("Summary"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=_("Markdown: **bold**, lists, [links](https://...), `code`."),
        label=_("Body"),
    )
    status = forms.ChoiceField(choices=Article.Status.choices, label=_("Status"))
    related = forms.ModelMultipleChoiceField(
        Article.objects.filter(status=Article.Status.PUBLISHED),
        required=False,
        label=_("Related"),
    )
    language = forms.ChoiceField(
        choices=language_choices,
        initial=settings.LANGUAGE_CODE,
        required=False,  # an original in English unless chosen
        label=_("Language"),
        help_text=_("Customers reading this language see it; others see English."),
    )
    translation_of = forms.ModelChoiceField(
        Article.objects.filter(translation_of=None),
        required=False,
        label=_("Translation of"),
        help_text=_("The original this article translates; empty: an original."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["language"] = data.get("language") or settings.LANGUAGE_CODE
        original = data.get("translation_of")
        if original is not None and original.language == data.get("language"):
            self.add_error(
                "language",
                _("A translation needs a language other than its original's."),
            )
        return data


class FromReplyForm(PlainMessages, forms.Form):
    """A reply's words as a draft article, checked by the agent first."""

    title = forms.CharField(max_length=200, label=_("Title"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        label=_("Body"),
        help_text=_("Markdown: **bold**, lists, [links](https://...), `code`."),
    )
