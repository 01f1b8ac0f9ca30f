"""Votes arriving at the same moment (a room pressing the button together): each browser counted
once, the count equals the votes stored, and every counted vote has its own event seq.
PostgreSQL only: real row locks between real connections."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from livewall.intake import questions
from livewall.models import Post, QuestionVote, Wall, WallEvent

from ..factories import WallFactory, approved_post

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_required")]


def test_simultaneous_votes_count_each_browser_once():
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    asked = approved_post(wall, text="Why now?", is_question=True)
    before = Wall.objects.get(pk=wall.pk).last_seq
    voters = [f"browser-{n % 12}" for n in range(36)]  # 12 browsers, each pressing three times

    def one(voter):
        try:
            return questions.vote(wall, asked.pk, voter)[1]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        counted = list(pool.map(one, voters))
    assert counted.count(True) == 12
    assert Post.objects.get(pk=asked.pk).vote_count == 12 == QuestionVote.objects.filter(post=asked).count()
    seqs = list(WallEvent.objects.filter(wall=wall, seq__gt=before).values_list("seq", flat=True))
    assert sorted(seqs) == list(range(before + 1, before + 13))
