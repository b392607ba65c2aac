from django.core.management.base import BaseCommand
from django.utils import translation

from competitions.demo import seed_competitions
from home.demo import seed_pages
from loyalty.demo import seed_loyalty
from monitoring.demo import seed_monitoring
from organisations.demo import DEMO_PASSWORD, seed_people_and_organisations
from portal.emails import site_address


class Command(BaseCommand):
    help = "Build a believable demo Warsaw: pages, news, FAQ, documents, people and organisations."

    def handle(self, *args, **options):
        translation.activate("pl")
        seed_pages()
        accounts = seed_people_and_organisations()
        seed_competitions()
        accounts += seed_monitoring()
        seed_loyalty()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _ in accounts)
        for email, roles in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {roles}")
        self.stdout.write(
            "\nStaff accounts (editor, official, committee, monitoring, admin) set up two-step login"
            "\nright after their first sign-in: scan the QR code with an authenticator app."
        )
        # The address the site is served at (make run sets it from HOST and PORT).
        address = site_address()
        self.stdout.write(f"\nPublic site: {address}/   Admin: {address}/admin/")
