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
from ..forms import ArticleForm, FromReplyForm
from ..models import Article
from ..scrubbing import reply_scrubbed


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
    previewing = "preview" in request.POST  # the no-script preview: not saved
    if request.method == "POST" and form.is_valid() and not previewing:
        saved = services.article_save(
            article=article, author=signed_in_agent(request), **form.cleaned_data
        )
        messages.success(
            request,
            _("Saved “%(title)s” (%(status)s).")
            % {"title": saved.title, "status": saved.get_status_display()},
        )
        return redirect("kb_agent:edit", pk=saved.pk)
    status = 400 if form.errors and not previewing else 200
    translations = list(article.translations.all()) if article is not None else []
    body = request.POST.get("body") if request.method == "POST" else None
    context = {
        "form": form,
        "article": article,
        "translations": translations,
        "preview": services.render_markdown(body or (article.body if article else ""))[
            0
        ],
        "feedback": selectors.feedback(article) if article is not None else [],
    }
    return render(request, "kb/agent_form.html", context, status=status)


@require_POST
@agent_required
def preview(request: HttpRequest) -> HttpResponse:
    """The body as customers will read it (the editor's side-by-side view)."""
    html, _text = services.render_markdown(request.POST.get("body", "")[:100_000])
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
@agent_required
def from_reply(request: HttpRequest, message_pk: int) -> HttpResponse:
    """A reply into a draft article, after a look at what it will say: the
    customer's name, addresses and references taken out, and listed."""
    message = get_object_or_404(
        Message.objects.select_related("ticket__customer"),
        pk=message_pk,
        kind=Message.Kind.REPLY,
    )
    scrubbed = reply_scrubbed(message)
    form = FromReplyForm(
        request.POST or None, initial={"title": scrubbed.title, "body": scrubbed.body}
    )
    if request.method == "POST" and form.is_valid():
        article = services.article_from_reply(
            message=message,
            author=signed_in_agent(request),
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request, _("Draft article created from the reply: polish it and publish.")
        )
        return redirect("kb_agent:edit", pk=article.pk)
    context = {"form": form, "message": message, "removed": scrubbed.removed}
    status = 400 if form.errors else 200
    return render(request, "kb/from_reply.html", context, status=status)
