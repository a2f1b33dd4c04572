"""Check every audit chain; exit 1 if any event was changed, removed or inserted."""

from django.core.management.base import BaseCommand, CommandError

from tutorconsole.audit import audit_verify
from tutorconsole.models import AuditEvent


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chains and report any break."

    def handle(self, *args, **options):
        breaks = audit_verify()
        if not breaks:
            count = AuditEvent.objects.count()
            self.stdout.write(f"OK: {count} audit events, every chain intact.")
            return
        for item in breaks:
            self.stdout.write(f"BROKEN chain {item.chain} at event {item.event_id}: {item.problem}")
        raise CommandError(f"The audit trail was tampered with: {len(breaks)} break(s).",
                           returncode=1)
