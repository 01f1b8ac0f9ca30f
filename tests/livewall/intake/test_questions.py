"""Questions for the panel: asked through the contribution form, voted once per browser (room and
remote alike), ordered by votes, live to viewers, answered by moderators."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse

from livewall.intake import questions
from livewall.models import Post, QuestionVote, Wall, WallEvent
from livewall.moderation import actions
from livewall.stream import catchup
from livewall.stream.question_board import question_board
from portal.public_input.browser import PARTICIPANT_COOKIE, participant_id

from ..factories import ModeratorFactory, PostFactory, UserFactory, WallFactory, approved_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

JSON = {"HTTP_ACCEPT": "application/json"}


def vote_url(post):
    return reverse("livewall:vote", args=[post.wall.slug, post.pk])


def vote(client, post, **extra):
    return client.post(vote_url(post), {}, **JSON, **extra)


def question(wall, text="What will change after tonight?", **fields):
    return approved_post(wall, text=text, is_question=True, **fields)


class TestAsking:
    def test_the_form_marks_a_question_which_goes_through_the_same_queue(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        response = client.post(
            reverse("livewall:contribute", args=[wall.slug]),
            {"text": "Who pays for the buses?", "is_question": "on", "attending": "remote"},
            **JSON,
        )
        assert response.status_code == 201
        post = Post.objects.get(wall=wall)
        assert (post.is_question, post.status, post.vote_count) == (True, Post.Status.PENDING, 0)
        # Pending: nowhere public yet, not even in the questions list.
        page = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
        assert "Who pays for the buses?" not in page

    def test_only_contributions_can_be_questions(self):
        wall = WallFactory()
        post = approved_post(wall, source=Post.Source.MASTODON, external_id="m1", is_question=True)
        assert post.is_question is False


class TestVoting:
    def test_one_vote_per_browser_and_others_count_too(self, django_capture_on_commit_callbacks):
        wall = WallFactory()
        asked = question(wall)
        room, remote = Client(), Client()
        with django_capture_on_commit_callbacks(execute=True):
            first = vote(room, asked)
        assert first.status_code == 200
        assert first.json() == {
            "ok": True,
            "message": "Thank you, your vote is counted.",
            "counted": True,
            "votes": 1,
        }
        assert PARTICIPANT_COOKIE in first.cookies  # the browser's id, set with its first vote
        again = vote(room, asked)
        assert again.json()["counted"] is False
        assert again.json()["votes"] == 1
        assert vote(remote, asked).json()["votes"] == 2
        asked.refresh_from_db()
        assert asked.vote_count == 2
        assert QuestionVote.objects.filter(post=asked).count() == 2
        # Stored: a keyed hash of each browser's id, never the id itself.
        request = RequestFactory().get("/")
        request.COOKIES[PARTICIPANT_COOKIE] = first.cookies[PARTICIPANT_COOKIE].value
        browser_id = participant_id(request)
        stored = set(QuestionVote.objects.values_list("voter", flat=True))
        assert browser_id not in stored and questions.voter_key(browser_id) in stored

    def test_a_vote_is_an_update_viewers_get_with_the_new_count(self, django_capture_on_commit_callbacks):
        wall = WallFactory()
        asked = question(wall)
        before = Wall.objects.get(pk=wall.pk).last_seq
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            questions.vote(wall, asked.pk, "browser-a")
        assert len(callbacks) == 1  # the broadcast, after commit
        event = WallEvent.objects.get(wall=wall, seq=before + 1)
        assert event.kind == WallEvent.Kind.UPDATED and event.post_id == asked.pk
        frames, _ = catchup.catch_up(wall.pk, before)
        assert frames[0]["post"]["question"] == {"votes": 1, "answered": False}
        assert 'data-votes="1"' in frames[0]["html"]

    @pytest.mark.parametrize("state", ["pending", "answered", "not_a_question", "other_wall"])
    def test_only_approved_open_questions_of_this_wall_take_votes(self, client, state):
        wall = WallFactory()
        if state == "pending":
            post = PostFactory(wall=wall, status=Post.Status.PENDING, is_question=True)
        elif state == "answered":
            post = question(wall)
            actions.answer(post, ModeratorFactory())
        elif state == "not_a_question":
            post = approved_post(wall)
        else:
            post = question(WallFactory())
        url = reverse("livewall:vote", args=[wall.slug, post.pk])
        response = client.post(url, {}, **JSON)
        assert response.status_code == 404
        assert QuestionVote.objects.count() == 0

    def test_rate_limited_per_browser(self, client, settings):
        settings.LIVEWALL_VOTE_RATE_PER_PARTICIPANT = (2, 60)
        wall = WallFactory()
        posts = [question(wall, text=f"Question {n}") for n in range(3)]
        assert vote(client, posts[0]).status_code == 200
        assert vote(client, posts[1]).status_code == 200
        refused = vote(client, posts[2])
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert Post.objects.get(pk=posts[2].pk).vote_count == 0

    def test_rate_limited_per_address_whatever_the_cookies(self, settings):
        settings.LIVEWALL_RATE_PER_ADDRESS = (2, 60)
        wall = WallFactory()
        asked = question(wall)
        # A script that drops its cookie each time is a new browser each time: the address stops it.
        assert [vote(Client(), asked).status_code for _ in range(3)] == [200, 200, 429]
        assert Post.objects.get(pk=asked.pk).vote_count == 2

    def test_the_honeypot_counts_nothing(self, client):
        wall = WallFactory()
        asked = question(wall)
        response = client.post(vote_url(asked), {"website": "http://spam.example"}, **JSON)
        assert response.status_code == 200
        assert Post.objects.get(pk=asked.pk).vote_count == 0

    def test_csrf_is_required(self):
        wall = WallFactory()
        asked = question(wall)
        response = vote(Client(enforce_csrf_checks=True), asked)
        assert response.status_code == 403
        assert Post.objects.get(pk=asked.pk).vote_count == 0

    def test_without_javascript_the_vote_redirects_to_the_questions(self, client):
        wall = WallFactory()
        asked = question(wall)
        response = client.post(vote_url(asked))
        assert response.status_code == 303
        assert response["Location"] == reverse("livewall:participant", args=[wall.slug]) + "#questions"
        assert Post.objects.get(pk=asked.pk).vote_count == 1

    def test_get_is_refused(self, client):
        wall = WallFactory()
        assert client.get(vote_url(question(wall))).status_code == 405


class TestOrderAndAnswers:
    def test_open_questions_by_votes_then_asked_first(self, client):
        wall = WallFactory()
        early, middle, late = (question(wall, text=text) for text in ("Early?", "Middle?", "Late?"))
        for n in range(2):
            questions.vote(wall, late.pk, f"browser-{n}")
        questions.vote(wall, middle.pk, "browser-0")
        questions.vote(wall, early.pk, "browser-1")
        board = question_board(wall)
        html = str(board["questions_html"])
        assert html.index("Late?") < html.index("Early?") < html.index("Middle?")
        screen = client.get(reverse("livewall:screen", args=[wall.slug]) + "?layout=questions").content.decode()
        assert 'data-layout="questions"' in screen
        section = screen[screen.index("data-questions-view") :]
        assert section.index("Late?") < section.index("Early?") < section.index("Middle?")

    def test_answered_moves_to_the_answered_list(self, django_capture_on_commit_callbacks):
        wall = WallFactory()
        asked = question(wall, text="Answered soon?")
        question(wall, text="Still open?")
        seq = Wall.objects.get(pk=wall.pk).last_seq
        with django_capture_on_commit_callbacks(execute=True):
            actions.answer(asked, ModeratorFactory())
        asked.refresh_from_db()
        assert asked.answered_at is not None
        board = question_board(wall)
        assert "Answered soon?" in board["answered_html"] and "Answered soon?" not in board["questions_html"]
        assert "Still open?" in board["questions_html"]
        frames, _ = catchup.catch_up(wall.pk, seq)
        assert [frame["kind"] for frame in frames] == ["updated"]
        assert frames[0]["post"]["question"]["answered"] is True
        assert "data-vote=" not in frames[0]["html"]  # no vote button on an answered question

    def test_answer_is_for_moderators_only(self):
        wall = WallFactory()
        asked = question(wall)
        with pytest.raises(actions.PermissionDenied):
            actions.answer(asked, UserFactory())
        asked.refresh_from_db()
        assert asked.answered_at is None

    def test_answer_through_the_admin_both_ways(self, client):
        wall = WallFactory()
        asked = question(wall)
        url = reverse("livewall_moderation:act", args=[wall.slug, asked.pk, "answer"])
        anonymous = client.post(url)
        assert reverse("wagtailadmin_login") in anonymous["Location"]
        editor = UserFactory()  # reaches the admin, may not moderate walls: sent back to its home
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(editor)
        refused = client.post(url)
        assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
        assert Post.objects.get(pk=asked.pk).answered_at is None
        client.force_login(ModeratorFactory())
        response = client.post(url, **JSON)
        assert response.status_code == 200
        assert response.json()["post"]["question"] == {"votes": 0, "answered": True}
