"""Knowledge-base search with 10,000 articles on PostgreSQL.

Seeds a fresh database with published articles (Markdown rendered through
the same service the product uses for a sample; the rest bulk-inserted with
the same derived fields), then times the search page in-process (middleware,
query with ranking and highlighted snippets, template) and the suggestion
endpoint. Prints p50/p95.

    make bench                       # or: python -m tests.bench.kb
    python -m tests.bench.kb --articles 10000 --requests 60
"""

import argparse
import random
import time

from .harness import analyze, fresh_django, record, time_page
from .seed import COMMON

WORDS = [word for word in COMMON if len(word) > 4]  # domain words, no "the"


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Pseudo-words for filler text: a realistic spread, so a search term
    matches a small share of articles, as in a real knowledge base."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "dr"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return sorted(words)


def seed(count: int) -> None:
    from kb.models import Article, Category
    from kb.services import render_markdown, search_index_update

    rng = random.Random(7)
    filler = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(filler))]  # Zipf-like
    categories = [
        Category.objects.create(name=name, slug=name.lower())
        for name in ("Billing", "Account", "Shipping", "Technical", "Mobile")
    ]

    def sentence(k: int) -> str:
        words = rng.choices(filler, weights=weights, k=k)
        words[rng.randrange(k)] = rng.choice(WORDS)  # one domain word
        return " ".join(words)

    batch = []
    for n in range(count):
        title = " ".join(
            [*rng.sample(WORDS, 2), *rng.choices(filler, k=2)]
        ).capitalize()
        body = "\n\n".join(sentence(rng.randint(20, 60)) + "." for _ in range(6))
        html, text = render_markdown(body)
        batch.append(
            Article(
                title=title,
                slug=f"article-{n}",
                category=rng.choice(categories),
                summary=sentence(12),
                body=body,
                body_html=html,
                body_text=text,
                status="published",
                views=rng.randint(0, 5000),
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    search_index_update(Article.objects.all())
    analyze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    fresh_django(
        "BENCH_KB_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench_kb"
    )
    from django.test import Client

    began = time.perf_counter()
    seed(args.articles)
    print(
        f"Seeded {args.articles} articles in {time.perf_counter() - began:.0f} s",
        flush=True,
    )
    client = Client()
    pages = {
        "search, one word": "/kb/search/?q=refund",
        "search, two words": "/kb/search/?q=password+login",
        "search, phrase": '/kb/search/?q="delivery+parcel"',
        "suggest (any word of a subject)": "/kb/suggest/?q=my+card+was+declined+twice",
    }
    figures = {}
    for name, path in pages.items():
        figures[name] = time_page(client, path, args.requests)
        print(f"{name:35} {figures[name]}", flush=True)
    record(
        "kb_search",
        {
            "articles": args.articles,
            "requests_per_page": args.requests,
            "database": "postgresql",
            "timed": "in-process test client, whole page",
        },
        figures,
    )
    print("\nFigures written to var/bench/results.json; rerun with: make bench")


if __name__ == "__main__":
    main()
