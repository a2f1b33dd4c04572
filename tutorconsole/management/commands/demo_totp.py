"""Print the current two-factor code of a demo account, so the demo needs no phone."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tutorconsole.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code for a demo user (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp works only with DEBUG on: it is for the demo data.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Demo authenticator",
                                               confirmed=False)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                    drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
