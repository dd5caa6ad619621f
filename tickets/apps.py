from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The admin's sections of the libraries we use, named for the people who
# configure the help desk rather than by the library.
SECTIONS = {
    "axes": _("Sign-in attempts"),
    "otp_totp": _("Authenticator devices"),
    "django_otp": _("Two-step sign-in"),
    "auth": _("People and permissions"),
}


def _name_sections_for_people() -> None:
    for label, name in SECTIONS.items():
        if apps.is_installed(label) or label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import audit, checks, receivers, signals  # noqa: F401 - checks register
        from .reporting import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
        _name_sections_for_people()
        signals.connect()
        receivers.connect()
        audit.register()
