"""Every write to tickets: one function per use case (STYLE.md), each in
the module of its concern (lifecycle, assignment, commitments, incidents,
...), imported from there. Every change to a ticket ends at the event door
(``events.event_record``)."""
