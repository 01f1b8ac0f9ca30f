"""Scale-out: with the database-backed task backend a submission's e-mail is queued, not sent in the
request, and the worker command (`manage.py db_worker`, the Procfile's "worker") sends it."""

import pytest
from django.core import mail
from django.core.management import call_command

from hub.models import Submission

from .test_submit import VALID, send_url

# Transactional: the worker command closes its database connection as a real worker does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_confirmation_waits_for_the_worker(client, discussion, database_tasks):
    from django_tasks_db.models import DBTaskResult

    response = client.post(send_url(discussion), VALID)
    assert response.status_code == 200
    assert Submission.objects.count() == 1
    assert mail.outbox == []  # queued, not sent in the request
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert [message.to for message in mail.outbox] == [["cinio@example.org"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
