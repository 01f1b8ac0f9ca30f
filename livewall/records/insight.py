"""The figures of a wall's insight report, read from the database: posts over time, by source, from
the room or remote, moderation times (and questions and votes: `question_figures`).

Each function returns plain rows (label, count); the report draws them (charts.py) and prints them
in tables, so a chart always says exactly what the database holds.
"""

from collections import Counter
from datetime import timedelta
from statistics import median

from django.db.models import Count, Q
from django.db.models.functions import TruncMinute
from django.utils import timezone

from livewall.models import ModerationAction, Post, QuestionVote

MAX_COLUMNS = 180
INTERVALS = (1, 5, 15, 30, 60, 180, 360, 1440)  # minutes per column
DECISIONS = (ModerationAction.Action.APPROVE, ModerationAction.Action.REJECT, ModerationAction.Action.HIDE)
WAIT_BUCKETS = (
    ("Under a minute", 60),
    ("1 to 5 minutes", 300),
    ("5 to 15 minutes", 900),
    ("15 to 60 minutes", 3600),
    ("Over an hour", None),
)


def posts_over_time(wall):
    """(interval minutes, [(start time, posts received)]): every post by when it was received, in
    as many equal intervals (1, 5, 15 minutes ...) as fit MAX_COLUMNS, empty ones included."""
    zone = timezone.get_current_timezone()
    per_minute = dict(
        Post.objects.filter(wall=wall)
        .annotate(minute=TruncMinute("received_at", tzinfo=zone))
        .values_list("minute")
        .annotate(n=Count("id"))
        .values_list("minute", "n")
    )
    if not per_minute:
        return 1, []
    first, last = min(per_minute), max(per_minute)
    span = int((last - first).total_seconds() // 60) + 1
    size = next((minutes for minutes in INTERVALS if span / minutes <= MAX_COLUMNS), INTERVALS[-1])
    columns = [0] * -(-span // size)  # ceil: the last minute falls in the last column
    for minute, count in per_minute.items():
        columns[int((minute - first).total_seconds() // 60) // size] += count
    return size, [(first + timedelta(minutes=index * size), count) for index, count in enumerate(columns)]


def posts_by_source(wall):
    counts = dict(
        Post.objects.filter(wall=wall).values_list("source").annotate(n=Count("id")).values_list("source", "n")
    )
    return [(label, counts[value]) for value, label in Post.Source.choices if counts.get(value)]


def room_and_remote(wall):
    counts = dict(
        Post.objects.filter(wall=wall).values_list("attending").annotate(n=Count("id")).values_list("attending", "n")
    )
    return [
        ("In the room", counts.get(Post.Attending.IN_ROOM, 0)),
        ("Following remotely", counts.get(Post.Attending.REMOTE, 0)),
        ("Not said", counts.get(Post.Attending.UNKNOWN, 0)),
    ]


def posts_by_status(wall):
    counts = dict(
        Post.objects.filter(wall=wall).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(label, counts.get(value, 0)) for value, label in Post.Status.choices]


def moderation_waits(wall):
    """Seconds from a post's arrival to a moderator's first decision on it (approve, reject, hide)."""
    first = {}
    decisions = (
        ModerationAction.objects.filter(wall=wall, action__in=DECISIONS, user__isnull=False)
        .order_by("created_at", "id")
        .values_list("post_id", "created_at", "post__received_at")
    )
    for post_id, decided_at, received_at in decisions:
        if post_id not in first:
            first[post_id] = max(0.0, (decided_at - received_at).total_seconds())
    return list(first.values())


def moderation_times(wall):
    """([(bucket, posts decided within it)], median seconds or None)."""
    waits = moderation_waits(wall)
    counts = Counter()
    for wait in waits:
        label = next(label for label, limit in WAIT_BUCKETS if limit is None or wait < limit)
        counts[label] += 1
    return [(label, counts[label]) for label, _ in WAIT_BUCKETS], (median(waits) if waits else None)


def question_figures(wall):
    """[(label, count)] of questions asked, answered and votes cast; None when nobody asked one."""
    questions = Post.objects.filter(wall=wall, is_question=True).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    if not questions["asked"]:
        return None
    votes = QuestionVote.objects.filter(post__wall=wall).count()
    return [("Questions asked", questions["asked"]), ("Answered", questions["answered"]), ("Votes cast", votes)]


def report(wall):
    """Everything the report shows, as plain data."""
    interval, over_time = posts_over_time(wall)
    waits, median_wait = moderation_times(wall)
    by_status = posts_by_status(wall)
    return {
        "interval": interval,
        "over_time": over_time,
        "by_source": posts_by_source(wall),
        "room_and_remote": room_and_remote(wall),
        "by_status": by_status,
        "moderation_waits": waits,
        "median_wait": median_wait,
        "questions": question_figures(wall),
        "total": sum(count for _, count in by_status),
    }
