"""Every write to tickets: one function per use case (STYLE.md)."""

from .assignment import (
    ticket_add_cc,
    ticket_assign,
    ticket_change_priority,
    ticket_move_queue,
    tickets_sla_recompute,
)
from .errors import (
    InvalidChange,
    TicketChangedMeanwhile,
    TicketError,
    TransitionNotAllowed,
)
from .lifecycle import (
    allowed_transitions,
    customer_get_or_create,
    customer_language_set,
    customer_message_post,
    default_queue,
    note_add,
    reply_post,
    ticket_change_status,
    ticket_close_by_customer,
    ticket_open,
)

__all__ = [
    "InvalidChange",
    "TicketChangedMeanwhile",
    "TicketError",
    "TransitionNotAllowed",
    "agent_message_post",
    "allowed_transitions",
    "customer_get_or_create",
    "customer_language_set",
    "customer_message_post",
    "default_queue",
    "note_add",
    "reply_post",
    "ticket_add_cc",
    "ticket_assign",
    "ticket_change_priority",
    "ticket_change_status",
    "ticket_close_by_customer",
    "ticket_move_queue",
    "ticket_open",
    "tickets_sla_recompute",
]

from .canned import (
    agent_profile_get,
    api_token_renew,
    can_edit_canned,
    canned_response_delete,
    canned_response_save,
    canned_values,
)

__all__ += [
    "agent_profile_get",
    "api_token_renew",
    "can_edit_canned",
    "canned_response_delete",
    "canned_response_save",
    "canned_values",
]

from .commitments import (  # noqa: E402
    agent_set_away,
    away_watch,
    promise_keep,
    promise_make,
    promise_move,
    tickets_return_from_away,
)

__all__ += [
    "agent_set_away",
    "away_watch",
    "promise_keep",
    "promise_make",
    "promise_move",
    "tickets_return_from_away",
]

from .levels import (  # noqa: E402
    SLA_RECOMPUTE_TASK,
    calendar_load_holidays,
    sla_recompute_later,
)

__all__ += ["SLA_RECOMPUTE_TASK", "calendar_load_holidays", "sla_recompute_later"]

from .audience import event_announce  # noqa: E402
from .intake import (  # noqa: E402
    PROCESS_TASK,
    inbound_process,
    inbound_receive,
    inbound_store,
    inbound_sweep,
)

__all__ += [
    "PROCESS_TASK",
    "event_announce",
    "inbound_process",
    "inbound_receive",
    "inbound_store",
    "inbound_sweep",
]

from .changes import (  # noqa: E402
    BulkOutcome,
    TicketChange,
    change_read,
    ticket_change,
    tickets_bulk_change,
)

__all__ += [
    "BulkOutcome",
    "TicketChange",
    "change_read",
    "ticket_change",
    "tickets_bulk_change",
]

from .twofactor import (  # noqa: E402
    totp_device,
    totp_qr_svg,
    totp_remove,
    totp_setup_confirm,
    totp_setup_start,
)

__all__ += [
    "totp_device",
    "totp_qr_svg",
    "totp_remove",
    "totp_setup_confirm",
    "totp_setup_start",
]

from .incidents import (  # noqa: E402
    FANOUT_TASK,
    incident_create,
    incident_edit,
    incident_fanout,
    incident_fanout_sweep,
    incident_update_post,
)
from .linking import incident_link  # noqa: E402
from .replying import agent_message_post  # noqa: E402
from .satisfaction import (  # noqa: E402
    followup_watch,
    rating_record,
    ticket_reopen_from_followup,
)

__all__ += [
    "FANOUT_TASK",
    "followup_watch",
    "incident_create",
    "incident_edit",
    "incident_fanout",
    "incident_fanout_sweep",
    "incident_link",
    "incident_update_post",
    "rating_record",
    "ticket_reopen_from_followup",
]

from .summaries import day_summarise, reports_summarise  # noqa: E402

__all__ += ["day_summarise", "reports_summarise"]
