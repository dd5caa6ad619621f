"""Celery tasks: ids in, call a service (STYLE.md). Beat runs the watchdogs."""

from celery import shared_task

from .services import erasure, exports, retention, watchdogs
from .services.assignment import tickets_sla_recompute
from .services.commitments import away_watch
from .services.incidents import FANOUT_TASK, incident_fanout, incident_fanout_sweep
from .services.intake import PROCESS_TASK, inbound_process, inbound_sweep
from .services.levels import SLA_RECOMPUTE_TASK
from .services.mailboxes import POLL_TASK, mailbox_read, mailboxes_due
from .services.satisfaction import followup_watch
from .services.summaries import reports_summarise
from .services.time_rules import time_rules_pass
from .uploads import held_sweep


@shared_task
def away_watch_task() -> int:
    return away_watch()


@shared_task(name=SLA_RECOMPUTE_TASK)
def sla_recompute_task(ticket_ids: list[int]) -> int:
    return tickets_sla_recompute(ticket_ids=ticket_ids)


@shared_task
def sla_watch_task() -> int:
    return watchdogs.sla_watch()


@shared_task
def silence_watch_task() -> int:
    return watchdogs.silence_watch()


@shared_task
def promise_watch_task() -> int:
    return watchdogs.promise_watch()


@shared_task(name=PROCESS_TASK)
def inbound_process_task(inbound_id: int) -> str:
    return inbound_process(inbound_id=inbound_id).state


@shared_task
def inbound_sweep_task() -> int:
    return inbound_sweep()


@shared_task(name=FANOUT_TASK)
def incident_fanout_task(update_id: int) -> int:
    return incident_fanout(update_id=update_id)


@shared_task
def incident_fanout_sweep_task() -> int:
    return incident_fanout_sweep()


@shared_task
def followup_watch_task() -> int:
    return followup_watch()


@shared_task
def reports_summarise_task() -> int:
    return reports_summarise()


@shared_task
def mailboxes_due_task() -> int:
    return mailboxes_due()


@shared_task(name=POLL_TASK)
def mailbox_poll_task(mailbox_id: int) -> int:
    return mailbox_read(mailbox_id=mailbox_id)


@shared_task
def held_sweep_task() -> int:
    """Files held for a form sent back with a mistake, after an hour."""
    return held_sweep()


@shared_task
def time_rules_task() -> dict[str, int]:
    """Each switched-on time rule over the tickets past its mark."""
    return time_rules_pass()


@shared_task(name="tickets.tasks.customer_erase_task", acks_late=True)
def customer_erase_task(customer_id: int) -> bool:
    """An erasure asked for in the admin; the sweep finishes it if it stops."""
    return erasure.customer_erase(customer_id)


@shared_task
def erasure_sweep_task() -> int:
    return erasure.customers_erase_sweep()


@shared_task(name=exports.EXPORT_TASK, acks_late=True)
def export_build_task(export_id: int) -> str:
    """A customer's data as a ZIP; the sweep builds it if this is lost."""
    return exports.export_build(export_id)


@shared_task
def exports_sweep_task() -> int:
    return exports.exports_sweep()


@shared_task
def retention_task() -> dict[str, int]:
    """What the schedules say may go, a bounded number of chunks a run."""
    return retention.retention_pass()
