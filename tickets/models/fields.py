"""What admins ask about a ticket beyond its subject and words: categories
("What is it about?") that route it, and custom fields (an order number, a
plan, a date) whose values are kept one row per value, so that the queue
filters by them through an index with real statistics."""

from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helpdesk.core.fields import language_field

from .core import Priority

VALUE_LENGTH = 500


class TicketCategory(models.Model):
    """A choice on the customer's form, routing the ticket to a queue with
    a priority, and asking for the fields it uses."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    queue = models.ForeignKey(
        "tickets.Queue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where its tickets land; empty: the default queue."),
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    kb_category = models.ForeignKey(
        "kb.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("help articles from"),
        help_text=_("The form suggests articles of this category first."),
    )
    position = models.PositiveIntegerField(_("position"), default=100)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")

    def __str__(self) -> str:
        return self.name

    def label(self) -> str:
        """The name in the active language."""
        language = get_language() or ""
        for translation in self.translations.all():
            if translation.language == language:
                return translation.name
        return self.name


class TicketCategoryTranslation(models.Model):
    category = models.ForeignKey(
        TicketCategory, on_delete=models.CASCADE, related_name="translations"
    )
    language = language_field()
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["category", "language"], name="one_category_name_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CustomField(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        CHECKBOX = "checkbox", _("Checkbox")

    class Who(models.TextChoices):
        CUSTOMER = "customer", _("Customers and agents")
        AGENTS = "agents", _("Agents only")

    class Required(models.TextChoices):
        NEVER = "never", _("Never")
        OPENING = "opening", _("When the ticket is opened")
        RESOLVING = "resolving", _("Before it may be resolved")

    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        help_text=_("Its name in the API and in searches (order: 1234)."),
    )
    label = models.CharField(_("label"), max_length=100)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_(
            "For a choice: one per line. A choice removed stays on old tickets."
        ),
    )
    max_length = models.PositiveIntegerField(
        _("longest text"), default=200, help_text=_("For text: at most 500.")
    )
    who = models.CharField(
        _("shown to and edited by"),
        max_length=16,
        choices=Who.choices,
        default=Who.AGENTS,
    )
    required = models.CharField(
        _("required"), max_length=16, choices=Required.choices, default=Required.NEVER
    )
    queues = models.ManyToManyField(
        "tickets.Queue",
        blank=True,
        related_name="+",
        help_text=_("Used by tickets of these queues; none chosen: every queue."),
    )
    categories = models.ManyToManyField(
        TicketCategory,
        blank=True,
        related_name="fields",
        help_text=_("Asked for these categories; none chosen: every category."),
    )
    shown_when = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shown when"),
        help_text=_("Shown only when this other field has a value..."),
    )
    shown_when_value = models.CharField(
        _("has the value"),
        max_length=VALUE_LENGTH,
        blank=True,
        help_text=_("...this one (empty: any value)."),
    )
    position = models.PositiveIntegerField(_("position"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ("position", "label")
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")

    def __str__(self) -> str:
        return self.label

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def words(self) -> tuple[str, str]:
        """Label and help text in the active language."""
        language = get_language() or ""
        for translation in self.translations.all():
            if translation.language == language:
                return (translation.label, translation.help_text or self.help_text)
        return self.label, self.help_text


class CustomFieldTranslation(models.Model):
    field = models.ForeignKey(
        CustomField, on_delete=models.CASCADE, related_name="translations"
    )
    language = language_field()
    label = models.CharField(_("label"), max_length=100)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["field", "language"], name="one_field_label_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.label


class TicketFieldValue(models.Model):
    """One value of one field on one ticket (a multiple choice: one row per
    option chosen), as text: a number in its plain form, a date in ISO
    8601, a checkbox "yes" (unticked: no row)."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="field_values"
    )
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=VALUE_LENGTH)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["ticket", "field", "value"], name="one_row_per_value"
            )
        ]
        indexes: ClassVar = [
            # The queue's filter: the tickets with this value, through an
            # index whose statistics tell a common value from a rare one.
            models.Index(
                fields=["field", "value", "ticket"], name="field_value_tickets"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field_id}={self.value}"
