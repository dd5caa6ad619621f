"""What agents organise tickets with: tags, and links between tickets
(merges are a ticket's own ``merged_into``)."""

from typing import ClassVar

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TAG_LENGTH = 50


class Tag(models.Model):
    """A free word on tickets ("refund", "bug"), made the first time an
    agent types it; admins rename, colour and merge them."""

    class Colour(models.TextChoices):
        GREY = "grey", _("Grey")
        RED = "red", _("Red")
        ORANGE = "orange", _("Orange")
        YELLOW = "yellow", _("Yellow")
        GREEN = "green", _("Green")
        TEAL = "teal", _("Teal")
        BLUE = "blue", _("Blue")
        PURPLE = "purple", _("Purple")

    name = models.CharField(_("name"), max_length=TAG_LENGTH)
    colour = models.CharField(
        _("colour"), max_length=16, choices=Colour.choices, default=Colour.GREY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints: ClassVar = [
            # "Refund" and "refund" are one tag.
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique",
                violation_error_message=_(
                    "There is a tag of this name already: merge the two instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TicketLink(models.Model):
    """Two tickets that belong together: ``related`` (either way), or
    ``parent``: ``source`` is the parent of ``target``."""

    class Relation(models.TextChoices):
        RELATED = "related", _("Related to")
        PARENT = "parent", _("Parent of")

    source = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="links_in"
    )
    relation = models.CharField(max_length=16, choices=Relation.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["source", "target"], name="one_link_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="no_link_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.relation} {self.target_id}"


class Mention(models.Model):
    """An agent called into a ticket by ``@name`` in a note: what their
    *Mentions* view lists."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="mentions"
    )
    agent = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="mentions"
    )
    message = models.ForeignKey(
        "tickets.Message", on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        indexes: ClassVar = [
            models.Index(fields=["agent", "ticket"], name="mentions_of_agent")
        ]

    def __str__(self) -> str:
        return f"@{self.agent_id} on {self.ticket_id}"


class TimeEntry(models.Model):
    """Time an agent spent on a ticket, given with a reply or a note."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="time_entries"
    )
    agent = models.ForeignKey(
        "auth.User", null=True, on_delete=models.SET_NULL, related_name="time_entries"
    )
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        on_delete=models.SET_NULL,
        related_name="time_entries",
    )
    minutes = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")
        indexes: ClassVar = [models.Index(fields=["created_at"], name="time_by_day")]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.ticket_id}"
