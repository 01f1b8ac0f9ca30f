"""Retention deletes contributors' personal data of walls whose period since closing is over, and
nothing else: property-tested over walls with and without a closing time and a retention setting,
posts of every source and status; counts stay; files go after the commit; the command and the
scheduled task (the database backend and its worker, as in scale-out) run it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livewall.models import ModerationAction, Post, QuestionVote
from livewall.records import tasks
from livewall.records.retention import PERSONAL_DATA_CLEARED, apply_retention

from ..factories import ModeratorFactory, PostFactory, WallFactory

PERSONAL = set(PERSONAL_DATA_CLEARED) | {"external_id"}
KEPT = ["text", "source", "status", "attending", "created_at", "received_at", "pinned", "seq", "links", "wall_id"]

# What intake lets through: no NUL (PostgreSQL refuses it in text; portal.public_input strips it).
stored_text = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20)
post_strategy = st.fixed_dictionaries(
    {
        "author_name": stored_text,
        "author_handle": stored_text,
        "avatar_url": st.sampled_from(["", "https://example.org/a.png"]),
        "permalink": st.sampled_from(["", "https://social.example/@ann/1"]),
        "image_url": st.sampled_from(["", "https://example.org/i.jpg"]),
        "image_alt": stored_text,
        "quote": st.sampled_from([{}, {"author_name": "Bo", "text": "quoted"}]),
        "source": st.sampled_from(Post.Source.values),
        "status": st.sampled_from(Post.Status.values),
        "attending": st.sampled_from(Post.Attending.values),
    }
)
wall_strategy = st.fixed_dictionaries(
    {
        "retention_days": st.one_of(st.none(), st.integers(0, 10)),
        # Days since it closed; negative: closes in the future; None: no closing time.
        "closed_days_ago": st.one_of(st.none(), st.integers(-3, 15)),
        "posts": st.lists(post_strategy, max_size=4),
    }
)


def counts(wall):
    return sorted(
        Post.objects.filter(wall=wall)
        .values_list("source", "status", "attending")
        .annotate(n=Count("id"))
        .values_list("source", "status", "attending", "n")
    )


def snapshot(post):
    post.refresh_from_db()
    return {field.attname: getattr(post, field.attname) for field in Post._meta.concrete_fields}


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(walls=st.lists(wall_strategy, min_size=1, max_size=4))
def test_erases_exactly_the_personal_data_of_expired_walls(walls):
    now = timezone.now()
    with transaction.atomic():
        made = []
        for spec in walls:
            ago = spec["closed_days_ago"]
            wall = WallFactory(
                retention_days=spec["retention_days"],
                closes_at=None if ago is None else now - timedelta(days=ago, seconds=1),
            )
            posts = [PostFactory(wall=wall, **fields) for fields in spec["posts"]]
            expired = spec["retention_days"] is not None and ago is not None and ago >= spec["retention_days"]
            made.append((wall, posts, expired, counts(wall), [snapshot(post) for post in posts]))
        actions_before = ModerationAction.objects.count()

        erased = apply_retention(now)

        assert erased == {wall.slug: len(posts) for wall, posts, expired, _, _ in made if expired}
        for wall, posts, expired, counts_before, before in made:
            assert counts(wall) == counts_before  # anonymous counts stay
            for post, old in zip(posts, before, strict=True):
                new = snapshot(post)
                assert {field: new[field] for field in KEPT} == {field: old[field] for field in KEPT}
                if expired:
                    assert {field: new[field] for field in PERSONAL_DATA_CLEARED} == PERSONAL_DATA_CLEARED
                    assert new["external_id"] == f"erased-{post.pk}" and new["anonymised_at"] == now
                else:
                    assert new == old  # not a single field touched
        assert ModerationAction.objects.count() == actions_before
        assert apply_retention(now) == {wall.slug: 0 for wall, _, expired, _, _ in made if expired}  # once only
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_uploaded_images_are_deleted_after_the_commit(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    wall = WallFactory(retention_days=1, closes_at=timezone.now() - timedelta(days=2))
    post = PostFactory(wall=wall, author_name="Ann")
    post.image.save("photo.png", ContentFile(b"not really a png"), save=True)
    path = tmp_path / post.image.name
    assert path.exists()
    kept = PostFactory(wall=WallFactory(), author_name="Bo")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_retention()
        assert path.exists()  # the row still points at it until the commit
    for callback in callbacks:
        callback()
    assert not path.exists()
    post.refresh_from_db()
    kept.refresh_from_db()
    assert (post.image.name, post.author_name, kept.author_name) == ("", "", "Bo")


@pytest.mark.django_db
def test_the_command_reports_what_it_erased(capsys):
    wall = WallFactory(retention_days=0, closes_at=timezone.now() - timedelta(minutes=1))
    PostFactory(wall=wall, author_name="Ann")
    PostFactory(wall=wall, author_name="Bo")
    open_wall = WallFactory(retention_days=0)
    PostFactory(wall=open_wall, author_name="Cy")
    call_command("livewall_retention")
    out = capsys.readouterr().out
    assert "Erased contributors' personal data of 2 posts on 1 walls." in out and wall.slug in out
    assert sorted(Post.objects.values_list("author_name", flat=True)) == ["", "", "Cy"]


@pytest.mark.django_db
def test_the_task_runs_retention_at_once_on_the_immediate_backend():
    wall = WallFactory(retention_days=0, closes_at=timezone.now() - timedelta(minutes=1))
    PostFactory(wall=wall, author_name="Ann")
    result = tasks.apply_retention_task.enqueue()
    assert result.return_value == {wall.slug: 1}
    assert not tasks.schedule_next()  # the immediate backend cannot defer: cron runs the command


@pytest.mark.django_db(transaction=True)
def test_scheduled_daily_on_the_database_backend_by_its_worker(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.delete(tasks.SCHEDULE_KEY)
    try:
        wall = WallFactory(retention_days=0, closes_at=timezone.now() - timedelta(minutes=1))
        PostFactory(wall=wall, author_name="Ann")
        ModeratorFactory()
        call_command("livewall_retention", "--schedule")
        call_command("livewall_retention", "--schedule")  # a second deploy: still one chain
        assert DBTaskResult.objects.count() == 1
        assert Post.objects.get(wall=wall).author_name == "Ann"  # queued, not run in the command
        call_command("db_worker", "--batch", "--no-startup-delay")
        assert Post.objects.get(wall=wall).author_name == ""
        done, following = DBTaskResult.objects.order_by("enqueued_at")
        assert done.status == "SUCCESSFUL"
        assert following.status == "READY" and following.run_after > timezone.now() + timedelta(hours=23)
    finally:
        cache.delete(tasks.SCHEDULE_KEY)
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db
def test_votes_keep_counting_but_forget_which_browser_cast_them():
    now = timezone.now()
    expired = WallFactory(retention_days=1, closes_at=now - timedelta(days=2))
    kept = WallFactory(retention_days=30, closes_at=now - timedelta(days=2))
    question = PostFactory(wall=expired, is_question=True, status=Post.Status.APPROVED)
    other = PostFactory(wall=kept, is_question=True, status=Post.Status.APPROVED)
    for voter in ("hash-a", "hash-b"):
        QuestionVote.objects.create(post=question, voter=voter)
        QuestionVote.objects.create(post=other, voter=voter)
    apply_retention(now)
    assert question.votes.count() == 2
    assert not question.votes.filter(voter__startswith="hash-").exists()
    assert sorted(other.votes.values_list("voter", flat=True)) == ["hash-a", "hash-b"]
    apply_retention(now)  # a second run changes nothing
    assert question.votes.count() == 2
