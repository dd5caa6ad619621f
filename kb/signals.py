"""Cache invalidation only (STYLE.md): any change to an article or a
category gives the knowledge base a new version, so lists of articles that
processes keep (the agent's suggestions for a subject) are drawn again."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from . import selectors
from .models import Article, Category


def _changed(**kwargs: Any) -> None:
    selectors.articles_changed()  # a memo: it announces it again on commit


for _model in (Article, Category):
    for _signal, _when in ((post_save, "save"), (post_delete, "del")):
        _signal.connect(
            _changed, sender=_model, dispatch_uid=f"kb-{_when}-{_model.__name__}"
        )
