"""Two people taking the last place at the same moment: on PostgreSQL, in threads with their own
connections, only one gets it; the other is wait-listed."""

import threading

import pytest
from django.db import connection

from events.signup import services
from events.signup.models import Registration

from .factories import EventIndexPageFactory, with_signups

pytestmark = pytest.mark.django_db(transaction=True)

RUNNERS = 6


def test_the_last_place_goes_to_exactly_one_of_several_at_once(postgres_required, home):
    index = EventIndexPageFactory(parent=home)
    event = with_signups(parent=index, capacity=3)
    Registration.objects.create(event=event, name="Early", email="early@example.org", places=2, status="confirmed")
    barrier = threading.Barrier(RUNNERS)
    errors = []

    def take_last_place(n):
        try:
            barrier.wait(timeout=10)
            services.register(event, f"Runner {n}", f"runner{n}@example.org", 1)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_last_place, args=(n,)) for n in range(RUNNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    runners = Registration.objects.filter(email__startswith="runner")
    assert runners.filter(status="confirmed").count() == 1
    assert runners.filter(status="waiting").count() == RUNNERS - 1
    assert services.places_taken(event) == 3
