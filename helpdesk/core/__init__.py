"""The bottom of the house: what every layer may use and nothing here
imports from above (the Celery app and ``enqueue``, the resilient cache
and the configuration memos, languages and dates, shared model fields,
reading what people type into addresses, start-up refusals)."""
