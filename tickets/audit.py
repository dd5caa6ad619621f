"""The audit trail (django-auditlog): who changed what in the admin, with
the values before and after: service levels and calendars, queues, rules,
macros, mailboxes, webhooks, email wording, policies, custom fields, users,
groups and agents' profiles; and who erased or redacted what. Secrets
(sealed passwords and tokens, a hook's secret, a user's password hash) are
never written. Customers are not: their changes are their tickets' history,
and an erasure's own record must hold nothing of the person erased."""

from auditlog.registry import auditlog
from django.contrib.auth.models import Group, User

from notifications.models import EmailWording, Webhook

from .models import (
    AgentProfile,
    BusinessCalendar,
    CustomField,
    Holiday,
    Macro,
    MacroAction,
    Mailbox,
    Organisation,
    Policies,
    Queue,
    RetentionSchedule,
    Rule,
    RuleAction,
    RuleCondition,
    SLAPolicy,
    SLATarget,
    TicketCategory,
    WorkingHours,
)

SECRETS = {
    Mailbox: ["password_sealed", "oauth_client_secret_sealed", "oauth_token_sealed"],
    Webhook: ["secret"],
    User: ["password", "last_login"],
    Queue: ["last_assigned"],
    Rule: ["last_problem", "last_problem_at", "checked_until"],
    RetentionSchedule: ["last_run_at", "last_removed"],
}


def register() -> None:
    """Each model whose changes admins are accountable for (apps.ready)."""
    for model in (
        SLAPolicy, SLATarget, BusinessCalendar, WorkingHours, Holiday, Organisation,
        Queue, Rule, RuleCondition, RuleAction, Macro, MacroAction, Mailbox, Webhook,
        EmailWording, Policies, CustomField, TicketCategory, AgentProfile, Group,
        RetentionSchedule,
    ):  # fmt: skip
        auditlog.register(model, exclude_fields=SECRETS.get(model, []))
    auditlog.register(
        User, exclude_fields=SECRETS[User], m2m_fields={"groups", "user_permissions"}
    )
