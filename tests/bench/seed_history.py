"""The history the bench's tickets get after they are copied: events,
emails, facts, ratings, tags and a custom field, in SQL (tests/bench/seed.py
runs it)."""

# Written in the order they happened, as a live desk writes them (the
# tickets' ids are not in date order here).
HISTORY_SQL = (
    "SELECT setseed(0.2026)",
    "INSERT INTO tickets_ticketevent (ticket_id, kind, by_customer, old_status, "
    "new_status, old_value, new_value, reason, suggested_articles, created_at) "
    "SELECT id, 'created', true, '', 'new', '', '', '', '[]', created_at "
    "FROM tickets_ticket ORDER BY created_at",
    "INSERT INTO notifications_notification (uuid, kind, event_id, ticket_id, "
    "recipient_email, recipient_name, state, attempts, last_error, "
    "next_attempt_at, sent_at, provider_message_id, created_at) "
    "SELECT md5(e.id::text)::uuid, 'acknowledgement', e.id, e.ticket_id, "
    "c.email, c.name, CASE WHEN e.r < 0.002 THEN 'failed' ELSE 'sent' END, 1, "
    "CASE WHEN e.r < 0.001 THEN 'bounced: mailbox unknown' "
    "WHEN e.r < 0.002 THEN '550 no such user' ELSE '' END, e.created_at, "
    "CASE WHEN e.r >= 0.002 THEN e.created_at + CASE WHEN e.r < 0.01 "
    "THEN interval '20 minutes' ELSE interval '1 second' END END, '', e.created_at "
    "FROM (SELECT id, ticket_id, created_at, random() AS r "
    "FROM tickets_ticketevent) e "
    "JOIN tickets_ticket t ON t.id = e.ticket_id "
    "JOIN tickets_customer c ON c.id = t.customer_id ORDER BY e.created_at",
    "INSERT INTO tickets_ticketfacts (ticket_id, created_at, channel, queue_id, "
    "priority, organisation_id, assignee_id, first_responded_at, "
    "first_response_minutes, first_response_met, next_responses_met, "
    "next_responses_missed, resolved_at, resolution_minutes, resolution_met, "
    "reopened, longest_silence, silent_since, still_working_updates, "
    "articles_suggested, changed_at, rating) "
    "SELECT t.id, t.created_at, CASE WHEN r1 < 0.6 THEN 'web' "
    "WHEN r1 < 0.9 THEN 'email' ELSE 'api' END, t.queue_id, t.priority, "
    "c.organisation_id, t.assignee_id, t.first_responded_at, "
    "CASE WHEN t.first_responded_at IS NOT NULL THEN (r2 * 600)::int END, "
    "CASE WHEN t.first_responded_at IS NOT NULL THEN r2 < 0.8 END, "
    "(r3 * 3)::int, CASE WHEN r3 > 0.9 THEN 1 ELSE 0 END, t.resolved_at, "
    "CASE WHEN t.resolved_at IS NOT NULL THEN (r4 * 5000)::int END, "
    "CASE WHEN t.resolved_at IS NOT NULL THEN r4 < 0.85 END, "
    "CASE WHEN r5 < 0.05 THEN 1 ELSE 0 END, make_interval(mins => (r5 * 2880)::int), "
    "CASE WHEN t.status IN ('new', 'open') THEN t.last_customer_news_at END, "
    "CASE WHEN r5 > 0.97 THEN 1 ELSE 0 END, (r1 * 4)::int, t.updated_at, '' "
    "FROM (SELECT *, random() AS r1, random() AS r2, random() AS r3, "
    "random() AS r4, random() AS r5 FROM tickets_ticket) t "
    "JOIN tickets_customer c ON c.id = t.customer_id ORDER BY t.created_at",
    "INSERT INTO tickets_rating (ticket_id, score, comment, rated_at) "
    "SELECT id, CASE WHEN random() < 0.85 THEN 'good' ELSE 'bad' END, "
    "CASE WHEN random() < 0.1 THEN 'Thanks, that fixed it.' ELSE '' END, "
    "resolved_at + interval '3 days' FROM tickets_ticket "
    "WHERE resolved_at IS NOT NULL AND random() < 0.2",
    "UPDATE tickets_ticketfacts f SET rating = r.score, rated_at = r.rated_at "
    "FROM tickets_rating r WHERE r.ticket_id = f.ticket_id",
    # Tags: tag0 on a quarter of the tickets, each next one rarer (tag29 on
    # about one in 120), none to three on most tickets.
    "INSERT INTO tickets_tag (name, colour, created_at) "
    "SELECT 'tag' || n, 'grey', now() FROM generate_series(0, 29) n",
    "INSERT INTO tickets_ticket_tags (ticket_id, tag_id) "
    "SELECT t.id, g.id FROM tickets_ticket t "
    "JOIN tickets_tag g ON random() < 0.25 / (substr(g.name, 4)::int + 1)",
    # A plan on every ticket: Free half, Pro 30 %, Team 15 %, Enterprise 5 %.
    "INSERT INTO tickets_customfield (key, label, help_text, kind, choices, "
    "max_length, who, required, shown_when_value, position, active) VALUES "
    "('plan', 'Plan', '', 'choice', E'Free\\nPro\\nTeam\\nEnterprise', 200, "
    "'customer', 'never', '', 100, true)",
    "INSERT INTO tickets_ticketfieldvalue (ticket_id, field_id, value) "
    "SELECT t.id, f.id, CASE WHEN t.r < 0.5 THEN 'Free' WHEN t.r < 0.8 THEN 'Pro' "
    "WHEN t.r < 0.95 THEN 'Team' ELSE 'Enterprise' END "
    "FROM (SELECT id, random() AS r FROM tickets_ticket) t "
    "JOIN tickets_customfield f ON f.key = 'plan'",
)
HISTORY_TABLES = (
    "tickets_ticket_tags",
    "tickets_ticketfieldvalue",
    "tickets_ticketevent",
    "notifications_notification",
    "tickets_ticketfacts",
    "tickets_rating",
)
