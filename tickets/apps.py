from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import checks, receivers, signals  # noqa: F401 - checks register
        from .reporting import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
        signals.connect()
        receivers.connect()
