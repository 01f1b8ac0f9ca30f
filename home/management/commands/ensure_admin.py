"""Make sure an admin account exists. The first time, print its user name and a generated password."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a generated password if no superuser exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("PORTAL_ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account already exists; sign in at /admin/.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Created an admin account for /admin/:"))
        self.stdout.write(f"  user name: {username}")
        self.stdout.write(f"  password:  {password}")
        self.stdout.write("Keep it safe: it is shown only this once.")
