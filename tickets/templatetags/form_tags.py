"""What every page's title says about its forms."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title(context: template.Context) -> str:
    """ "Error: " before the page's title when a form on it was sent back
    with mistakes (screen readers announce the title first)."""
    for layer in context.dicts:
        for value in layer.values():
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                return _("Error:") + " "
    return ""
