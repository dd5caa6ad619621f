"""The scripts' sentences (the djangojs catalogue) at an address of their
own per language: a browser that kept the English catalogue for an hour
fetches the German one at once after a switch."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import translation
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

_catalogue = JavaScriptCatalog.as_view()


@cache_page(3600)
def javascript_catalogue(request: HttpRequest, language: str) -> HttpResponseBase:
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        return _catalogue(request)
