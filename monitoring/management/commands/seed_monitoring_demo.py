from django.core.management.base import BaseCommand

from monitoring.demo import seed_monitoring
from organisations.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the monitoring base's invented demo data (after seed_demo; safe to run again)."

    def handle(self, *args, **options):
        logins = seed_monitoring()
        self.stdout.write(self.style.SUCCESS("Monitoring demo data is ready."))
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for email, roles in logins:
            self.stdout.write(f"  {email}  {roles}")
