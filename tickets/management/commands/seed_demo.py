"""Demo data for a first look: an agent, an admin, help articles, and a
ticket in every view of the queue."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kb import services as kb_services
from kb.models import Article, Category
from tickets.management import demo
from tickets.models import (
    CannedResponse,
    ContactText,
    Customer,
    Organisation,
    Status,
    Ticket,
)
from tickets.permissions import AGENTS_GROUP

from ...services.assignment import ticket_assign
from ...services.lifecycle import (
    default_queue,
    reply_post,
    ticket_close_by_customer,
    ticket_open,
)

AGENT = ("agent", "agent-demo-2026")
ADMIN = ("admin", "admin-demo-2026")

CANNED = [
    (
        "Need more details",
        "Hello {{ customer_first_name }},\n\nThank you for writing to us about "
        "{{ reference }}. So that we can fix this for you rather than guess, could "
        "you tell us:\n\n- what you were doing when it happened,\n- what you "
        "expected to see,\n- and, if you can, a screenshot?\n\nAs soon as we "
        "have it, we will pick this up again.\n\nBest regards,\n{{ agent_first_name }}",
    ),
    (
        "Solved - please confirm",
        "Hello {{ customer_first_name }},\n\nGood news: we have fixed the problem "
        "you reported in {{ reference }}. Could you check that everything works for "
        "you now? If anything is still wrong, just reply and I will look at it "
        "again.\n\nBest regards,\n{{ agent_first_name }}",
    ),
]


class Command(BaseCommand):
    help = "Create the Agents group, a demo agent and admin, and a few tickets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off."
        )
        parser.add_argument(
            "--welcome",
            action="store_true",
            help="Only print where to go and how to sign in (make run's last word).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["welcome"]:
            self.stdout.write(self._welcome())
            return
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Demo accounts have known passwords: DEBUG is off.")
        group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["tickets", "notifications", "kb"]
            ).exclude(codename__startswith="delete_")
        )
        user_model = get_user_model()
        for (username, password), superuser in ((AGENT, False), (ADMIN, True)):
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": superuser,
                    "first_name": "Sam" if not superuser else "Alex",
                    "last_name": "Agent" if not superuser else "Admin",
                    # Alerts are written to files like every demo email.
                    "email": f"{username}@agents.example.com",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(group)
        agent = user_model.objects.get(username=AGENT[0])
        default_queue().agents.add(agent)
        for title, body in CANNED:
            CannedResponse.objects.get_or_create(
                title=title, owner=None, defaults={"body": body}
            )
        title, body = demo.CANNED_DE
        CannedResponse.objects.get_or_create(
            title=title, owner=None, defaults={"body": body, "language": "de"}
        )
        for language, texts in demo.CONTACT_TEXTS.items():
            ContactText.objects.get_or_create(language=language, defaults=texts)
        if not Article.objects.exists():
            self._articles(agent)
        if not Ticket.objects.exists():
            for *fields, fate in demo.TICKETS:
                name, email, subject, message = fields
                ticket = ticket_open(
                    name=name, email=email, subject=subject, message=message
                )
                self._move(ticket, fate, agent)
            name, email, subject, message = demo.GERMAN_TICKET
            ticket_open(
                name=name, email=email, subject=subject, message=message, language="de"
            )
        self.stdout.write("Demo data ready.")

    def _articles(self, agent: Any) -> None:
        categories = {
            slug: Category.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "description": about, "order": order},
            )[0]
            for order, (name, slug, about) in enumerate(demo.CATEGORIES)
        }
        for slug, title, summary, body in demo.ARTICLES:
            kb_services.article_save(
                article=None,
                title=title,
                summary=summary,
                body=body,
                category=categories[slug],
                status=Article.Status.PUBLISHED,
                author=agent,
            )
        for original, language, title, summary, body in demo.TRANSLATIONS:
            source = Article.objects.get(title=original)
            kb_services.article_save(
                article=None,
                title=title,
                summary=summary,
                body=body,
                category=source.category,
                status=Article.Status.PUBLISHED,
                author=agent,
                language=language,
                translation_of=source,
            )

    def _move(self, ticket: Ticket, fate: str, agent: Any) -> None:
        """Put a demo ticket where the queue's views will show it."""
        answer = f"Thank you {ticket.customer.first_name}, we are on it."
        if fate == "waiting":
            body = f"Thank you {ticket.customer.first_name}. Which number is right?"
            reply_post(
                ticket=ticket, author=agent, body=body, new_status=Status.WAITING
            )
        elif fate == "mine":
            ticket_assign(ticket=ticket, assignee=agent, actor=agent)
        elif fate == "breached":
            vip, _ = Organisation.objects.get_or_create(
                name="Example VIP Ltd", defaults={"is_vip": True}
            )
            Customer.objects.filter(pk=ticket.customer_id).update(organisation=vip)
            # Opened two days ago and not answered: past its deadline.
            past = timezone.now() - timedelta(days=2)
            Ticket.objects.filter(pk=ticket.pk).update(
                created_at=past, first_response_due_at=past, due_at=past
            )
        elif fate in ("resolved", "closed"):
            reply_post(
                ticket=ticket, author=agent, body=answer, new_status=Status.RESOLVED
            )
            if fate == "closed":
                ticket_close_by_customer(ticket=ticket)

    def _welcome(self) -> str:
        site = settings.SITE_URL
        mail = settings.EMAIL_FILE_PATH
        return "\n".join(
            [
                "",
                "  The help desk is running.",
                f"  Customers:  {site}/             (open a ticket, read the help)",
                f"  Agents:     {site}/agent/       sign in: {AGENT[0]} / {AGENT[1]}",
                f"  Admin:      {site}/admin/       sign in: {ADMIN[0]} / {ADMIN[1]}",
                f"  Emails are written to {mail}/ as .eml files.",
                "  Ctrl-C stops everything.",
                "",
            ]
        )
