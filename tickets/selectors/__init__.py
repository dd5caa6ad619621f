"""Reads shared by pages and the API, with their joins applied: one module
per page or concern (queue, ticket_page, timeline, workspace, customer,
reports, ...), imported from there."""
