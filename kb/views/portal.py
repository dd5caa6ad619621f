"""The knowledge base for customers: browse, search, read, vote."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from helpdesk.core.parsing import as_id

from .. import selectors, services
from ..forms import VoteForm
from ..models import Category

SUGGESTIONS = 5


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {"categories": selectors.categories(), "popular": selectors.popular()}
    return render(request, "kb/index.html", context)


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Category, slug=slug)
    articles = selectors.shown().filter(category=chosen).order_by("title")
    return render(
        request, "kb/category.html", {"category": chosen, "articles": articles}
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    hits = selectors.search(query)
    context: dict[str, object] = {"q": query, "hits": hits}
    if query and not hits:  # somewhere to go on from nothing
        context |= {
            "categories": selectors.categories(),
            "popular": selectors.popular(),
        }
    return render(request, "kb/search.html", context)


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Articles for what a customer is typing on the ticket form; those of
    the help category their chosen ticket category names first."""
    hits = selectors.search(request.GET.get("q", ""), limit=SUGGESTIONS, match_any=True)
    preferred = as_id(request.GET.get("category"))
    if preferred:
        hits = sorted(hits, key=lambda hit: hit.article.category_id != preferred)
    return JsonResponse(
        {
            "articles": [
                {
                    "title": hit.article.title,
                    "summary": hit.article.summary,
                    "url": hit.article.get_absolute_url() + "?from=suggestion",
                }
                for hit in hits
            ]
        }
    )


@require_http_methods(["GET", "POST"])
def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.article_by_slug(slug)
    if found is None:
        raise Http404(_("No such article"))
    if request.method == "GET":
        translated = selectors.in_language(found)
        if translated.pk != found.pk:  # the visitor's language has its own
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(translated.get_absolute_url() + query)
    visitor = services.visitor_key(request)
    form = VoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            helpful = form.cleaned_data["helpful"]
            services.vote_record(
                article=found,
                visitor=visitor,
                helpful=helpful,
                comment=form.cleaned_data["comment"],
            )
            # A "no" without words is asked what was missing, once.
            asked = not helpful and not form.cleaned_data["comment"]
            request.session[f"kb_voted_{found.pk}"] = "ask" if asked else "done"
            return redirect(found.get_absolute_url() + "#helpful")
    else:
        services.article_viewed(article=found)
        if request.GET.get("from") == "suggestion":
            services.suggestion_opened(article=found, visitor=visitor)
    context = {
        "article": found,
        "related": selectors.related_to(found),
        "form": form,
        "voted": request.session.get(f"kb_voted_{found.pk}") or "",
    }
    return render(
        request, "kb/article.html", context, status=400 if form.errors else 200
    )
