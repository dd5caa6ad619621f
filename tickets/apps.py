from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from . import checks, receivers, signals  # noqa: F401 - checks register

        signals.connect()
        receivers.connect()
