from django import forms

from .models import Article, Category


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=(("yes", "Yes"), ("no", "No")), coerce=lambda v: v == "yes"
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What was missing?",
    )


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=200, required=False, help_text="Empty: from the title."
    )
    category = forms.ModelChoiceField(Category.objects.all(), required=False)
    summary = forms.CharField(max_length=300, required=False)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text="Markdown: **bold**, lists, [links](https://...), `code`.",
    )
    status = forms.ChoiceField(choices=Article.Status.choices)
    related = forms.ModelMultipleChoiceField(
        Article.objects.filter(status=Article.Status.PUBLISHED), required=False
    )
