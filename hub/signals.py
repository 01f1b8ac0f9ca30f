"""What the hub tells other apps without knowing them: a submission or co-signature was confirmed
by its sender (sent inside the confirming transaction; `instance` is the confirmed row). The groups
directory listens, to link it to the sender's listing."""

from django.dispatch import Signal

contribution_confirmed = Signal()
