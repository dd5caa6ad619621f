"""Every form speaks plainly: a required field left empty names itself
("Please fill in “Customer's email”.") rather than Django's "This field is
required.", and an address that is not one says what one looks like. Forms
that word a field's message themselves keep theirs."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PlainMessages:
    """Mixed into a form before ``forms.Form`` or ``forms.ModelForm``."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            if (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                field.error_messages["required"] = _("Please fill in “%(field)s”.") % {
                    "field": label
                }
            # An address's message comes from its validator unless named.
            if (
                isinstance(field, forms.EmailField)
                and "invalid" not in field.error_messages
            ):
                field.error_messages["invalid"] = _(
                    "This does not look like an email address (for example "
                    "name@example.com): please check it."
                )
