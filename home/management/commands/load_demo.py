"""Build (or complete) the demo site. Safe to run again: it adds what is missing and leaves
anything an editor changed alone. `--reset` deletes the demo content first and starts over."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app owns its demo content in <app>/demo.py with build(command) and reset(command).
# Shared helpers live in portal.demo; the library comes before the home page, which links to it;
# the groups directory comes after the hub, whose demo conclusions its listings are linked to.
DEMO_MODULES = [
    "resources.demo",
    "home.demo",
    "events.demo",
    "livewall.demo",
    "livewall.sources.demo",
    "hub.demo",
    "groups.demo",
]


class Command(BaseCommand):
    help = "Load the demo content (idempotent). Use --reset to start over."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo content, then load it again.")

    def handle(self, *args, reset=False, **options):
        modules = [importlib.import_module(name) for name in DEMO_MODULES]
        with transaction.atomic():
            if reset:
                for module in reversed(modules):
                    module.reset(self)
                self.stdout.write("Demo content removed.")
            for module in modules:
                module.build(self)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
