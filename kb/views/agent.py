"""The knowledge base in the agent workspace: stats, writing, reply to article."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.core.parsing import as_id
from tickets.models import Message
from tickets.permissions import agent_required, signed_in_agent

from .. import selectors, services
from ..forms import ArticleForm
from ..models import Article


@require_GET
@agent_required
def article_list(request: HttpRequest) -> HttpResponse:
    return render(request, "kb/agent_list.html", {"articles": selectors.agent_stats()})


@require_http_methods(["GET", "POST"])
@agent_required
def article_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if article is not None:
        initial = {
            "title": article.title,
            "slug": article.slug,
            "category": article.category,
            "summary": article.summary,
            "body": article.body,
            "status": article.status,
            "related": list(article.related.all()),
            "language": article.language,
            "translation_of": article.translation_of,
        }
    elif original_id := as_id(request.GET.get("translation_of")):  # "Translate"
        original = Article.objects.filter(pk=original_id, translation_of=None).first()
        initial = {
            "translation_of": original,
            "category": getattr(original, "category", None),
        }
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = services.article_save(
            article=article, author=signed_in_agent(request), **form.cleaned_data
        )
        messages.success(
            request,
            _("Saved “%(title)s” (%(status)s).")
            % {"title": saved.title, "status": saved.get_status_display()},
        )
        return redirect("kb_agent:edit", pk=saved.pk)
    status = 400 if form.errors else 200
    translations = list(article.translations.all()) if article is not None else []
    context = {"form": form, "article": article, "translations": translations}
    return render(request, "kb/agent_form.html", context, status=status)


@require_POST
@agent_required
def from_reply(request: HttpRequest, message_pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=message_pk, kind=Message.Kind.REPLY)
    article = services.article_from_reply(
        message=message, author=signed_in_agent(request)
    )
    messages.success(
        request, _("Draft article created from the reply: polish it and publish.")
    )
    return redirect("kb_agent:edit", pk=article.pk)
