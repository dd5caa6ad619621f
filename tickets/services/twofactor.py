"""Two-step sign-in for agents: an authenticator app's codes (TOTP, django-otp)."""

import io

import segno
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .errors import TicketError

DEVICE_NAME = "Authenticator app"


def totp_device(*, user: User, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


@transaction.atomic
def totp_setup_start(*, user: User) -> TOTPDevice:
    """A new secret to scan; it counts only once a code from it is entered."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_setup_confirm(*, user: User, token: str) -> TOTPDevice:
    """The first code proves the app holds the secret: from now on the
    code is asked at every sign-in."""
    device = totp_device(user=user, confirmed=False)
    if device is None:
        raise TicketError(_("Start again: the set-up expired."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise TicketError(
            _(
                "That code did not match. Check the time on your phone and enter "
                "the code the app shows now."
            )
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def totp_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The secret as a QR code (SVG markup, no script), for the app to scan."""
    out = io.BytesIO()
    segno.make(device.config_url).save(out, kind="svg", scale=4, xmldecl=False)
    return out.getvalue().decode()
