"""The "Live walls" admin: moderation queue, actions, bulk approve, the log and the walls viewset."""

import pytest
from django.urls import reverse

from livewall.models import ModerationAction, Post, Wall, WallEvent

from ..factories import ModeratorFactory, PostFactory, SuperuserFactory, WallFactory, approved_post, incoming_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]


def queue_url(wall, **query):
    url = reverse("livewall_moderation:queue", args=[wall.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def act_url(post, action):
    return reverse("livewall_moderation:act", args=[post.wall.slug, post.pk, action])


@pytest.fixture
def moderator_client(client):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    client.user = moderator
    return client


def pending_post(wall, **fields):
    from livewall.intake import services

    return services.accept(wall, incoming_post(**fields))


class TestQueue:
    def test_lists_pending_posts_by_default_with_filters_and_shortcuts(self, moderator_client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        pending_post(wall, text="waiting for a moderator")
        PostFactory(wall=wall, status=Post.Status.APPROVED, text="already approved")
        response = moderator_client.get(queue_url(wall))
        assert response.status_code == 200
        html = response.content.decode()
        assert "waiting for a moderator" in html
        assert "already approved" not in html
        for label in ("Pending", "Approved", "Hidden", "Rejected"):
            assert f">{label} <span" in html
        assert 'id="keyboard-help"' in html and "<kbd>J</kbd>" in html
        for key in "ARHP":
            assert f'aria-keyshortcuts="{key}"' in html
        assert "livewall/moderation.js" in html
        assert f'data-ws-path="/ws/moderate/walls/{wall.slug}/"' in html
        assert 'id="moderation-row-template"' not in html and "999999999" not in html

    def test_status_and_source_filters(self, moderator_client):
        wall = WallFactory()
        PostFactory(wall=wall, status=Post.Status.HIDDEN, source=Post.Source.MASTODON, text="hidden toot")
        PostFactory(wall=wall, status=Post.Status.HIDDEN, source=Post.Source.RSS, text="hidden feed item")
        PostFactory(wall=wall, status=Post.Status.REJECTED, text="rejected one")
        html = moderator_client.get(queue_url(wall, status="hidden", source="mastodon")).content.decode()
        assert "hidden toot" in html
        assert "hidden feed item" not in html and "rejected one" not in html
        html = moderator_client.get(queue_url(wall, status="rejected")).content.decode()
        assert "rejected one" in html and "hidden toot" not in html

    def test_language_filter(self, moderator_client):
        wall = WallFactory()
        PostFactory(wall=wall, status=Post.Status.PENDING, text="bore da", language="cy")
        PostFactory(wall=wall, status=Post.Status.PENDING, text="shwmae", language="cy-GB")
        PostFactory(wall=wall, status=Post.Status.PENDING, text="good morning", language="en")
        PostFactory(wall=wall, status=Post.Status.PENDING, text="no idea", language="")
        PostFactory(status=Post.Status.PENDING, text="another wall", language="fr")

        def shown(**query):
            html = moderator_client.get(queue_url(wall, **query)).content.decode()
            return [text for text in ("bore da", "shwmae", "good morning", "no idea") if text in html], html

        texts, html = shown(language="cy")
        assert texts == ["bore da", "shwmae"]
        # The choices are the languages this wall's posts are in, named, then the posts of none.
        assert '<option value="cy" selected>Welsh (cy)</option>' in html
        assert '<option value="cy-GB">Welsh (cy-GB)</option>' in html
        assert '<option value="en">English (en)</option>' in html
        assert '<option value="unknown">Not known</option>' in html
        assert "French" not in html
        # Each row says its language; its text is marked with it.
        assert '<span data-field="language">Welsh (cy-GB)</span>' in html
        assert '<p class="moderation-post__text" data-field="text" lang="cy" dir="ltr">bore da</p>' in html
        assert shown(language="cy-gb")[0] == ["shwmae"]
        # A language no post is in yet is still shown as the filter in use.
        texts, html = shown(language="ar")
        assert texts == [] and '<option value="ar" selected>Arabic (ar)</option>' in html
        assert shown(language="unknown")[0] == ["no idea"]
        # A value that is no language tag is no filter (and never a query).
        for junk in ("%00", "%22%3E", "c" * 10_000):
            assert shown(language=junk)[0] == ["bore da", "shwmae", "good morning", "no idea"]

    def test_wall_list_shows_pending_counts(self, moderator_client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE, title="Busy wall")
        pending_post(wall)
        pending_post(wall)
        html = moderator_client.get(reverse("livewall_moderation:index")).content.decode()
        assert "Busy wall" in html and "2 pending" in html


class TestActions:
    @pytest.mark.parametrize(
        "start,action,status,pinned,event",
        [
            (Post.Status.PENDING, "approve", Post.Status.APPROVED, False, "published"),
            (Post.Status.PENDING, "reject", Post.Status.REJECTED, False, None),
            (Post.Status.APPROVED, "hide", Post.Status.HIDDEN, False, "removed"),
            (Post.Status.APPROVED, "pin", Post.Status.APPROVED, True, "updated"),
        ],
    )
    def test_action_logs_who_and_changes_the_post(self, moderator_client, start, action, status, pinned, event):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE if start == "pending" else Wall.Moderation.POST)
        post = pending_post(wall)
        assert post.status == start
        events_before = WallEvent.objects.filter(post=post).count()
        response = moderator_client.post(act_url(post, action), {"next": queue_url(wall, status="all")})
        assert response.status_code == 302
        assert response["Location"] == queue_url(wall, status="all")
        post.refresh_from_db()
        assert (post.status, post.pinned) == (status, pinned)
        logged = ModerationAction.objects.get(post=post, action=action)
        assert logged.user == moderator_client.user
        new_events = list(WallEvent.objects.filter(post=post).values_list("kind", flat=True))[events_before:]
        assert new_events == ([event] if event else [])

    def test_unpin(self, moderator_client):
        post = approved_post(WallFactory())
        moderator_client.post(act_url(post, "pin"))
        moderator_client.post(act_url(post, "unpin"))
        post.refresh_from_db()
        assert not post.pinned
        assert list(post.moderation_actions.values_list("action", flat=True)) == ["unpin", "pin"]

    def test_json_answer_for_the_script(self, moderator_client):
        post = pending_post(WallFactory(moderation_mode=Wall.Moderation.PRE))
        response = moderator_client.post(act_url(post, "approve"), HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        body = response.json()
        assert body["post"]["status"] == "approved" and body["post"]["moderation"]["action"] == "approve"

    def test_unknown_action_and_foreign_post_are_404(self, moderator_client):
        wall, other = WallFactory(), WallFactory()
        post = approved_post(other)
        assert moderator_client.post(act_url(post, "delete")).status_code == 404
        wrong_wall = reverse("livewall_moderation:act", args=[wall.slug, post.pk, "hide"])
        assert moderator_client.post(wrong_wall).status_code == 404
        post.refresh_from_db()
        assert post.status == Post.Status.APPROVED

    def test_actions_need_post(self, moderator_client):
        post = pending_post(WallFactory(moderation_mode=Wall.Moderation.PRE))
        assert moderator_client.get(act_url(post, "approve")).status_code == 405
        post.refresh_from_db()
        assert post.status == Post.Status.PENDING

    def test_next_must_stay_on_this_site(self, moderator_client):
        post = pending_post(WallFactory(moderation_mode=Wall.Moderation.PRE))
        response = moderator_client.post(act_url(post, "approve"), {"next": "https://evil.example/"})
        assert response["Location"] == queue_url(post.wall)

    def test_bulk_approve(self, moderator_client, django_capture_on_commit_callbacks):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        posts = [pending_post(wall, text=f"queued {i}") for i in range(3)]
        left = pending_post(wall, text="not selected")
        with django_capture_on_commit_callbacks(execute=True):
            response = moderator_client.post(
                reverse("livewall_moderation:bulk_approve", args=[wall.slug]),
                {"post": [str(p.pk) for p in posts]},
            )
        assert response.status_code == 302
        assert set(wall.posts.filter(status="approved").values_list("pk", flat=True)) == {p.pk for p in posts}
        left.refresh_from_db()
        assert left.status == Post.Status.PENDING
        assert ModerationAction.objects.filter(action="approve", user=moderator_client.user).count() == 3
        assert WallEvent.objects.filter(wall=wall, kind="published").count() == 3

    def test_open_and_close_contributions(self, moderator_client):
        wall = WallFactory(contributions_open=True)
        url = reverse("livewall_moderation:contributions", args=[wall.slug])
        moderator_client.post(url, {"open": "0"})
        wall.refresh_from_db()
        assert not wall.contributions_open
        moderator_client.post(url, {"open": "1"})
        wall.refresh_from_db()
        assert wall.contributions_open


class TestModerationLog:
    def test_moderator_reads_the_log_but_cannot_write_it(self, moderator_client):
        post = pending_post(WallFactory(moderation_mode=Wall.Moderation.PRE, title="Logged wall"))
        moderator_client.post(act_url(post, "approve"))
        response = moderator_client.get(reverse("live-wall-moderation-log:index"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Logged wall" in html and moderator_client.user.username in html
        assert reverse("live-wall-moderation-log:add") not in html
        entry = ModerationAction.objects.get(post=post)
        for name in ("add", "edit", "delete"):
            url = reverse(f"live-wall-moderation-log:{name}", args=[] if name == "add" else [entry.pk])
            moderator_client.post(url, {"note": "rewritten"})
        entry.refresh_from_db()
        assert entry.note == "" and ModerationAction.objects.filter(pk=entry.pk).exists()

    def test_even_a_superuser_cannot_edit_the_log(self, client):
        post = pending_post(WallFactory(moderation_mode=Wall.Moderation.PRE))
        admin = SuperuserFactory()
        client.force_login(admin)
        client.post(act_url(post, "approve"))
        entry = ModerationAction.objects.get(post=post)
        client.post(reverse("live-wall-moderation-log:edit", args=[entry.pk]), {"note": "rewritten"})
        entry.refresh_from_db()
        assert entry.note == ""


class TestWallsViewSet:
    def test_superuser_creates_a_wall(self, client):
        client.force_login(SuperuserFactory())
        assert client.get(reverse("live-walls:index")).status_code == 200
        assert client.get(reverse("live-walls:add")).status_code == 200
        response = client.post(
            reverse("live-walls:add"),
            {
                "title": "Budget consultation",
                "slug": "budget",
                "hashtags": "#budget",
                "moderation_mode": "pre",
                "contributions_open": "on",
                "layout": "grid",
                "theme": "dark",
                "show_qr_code": "on",
                "opt_out_tags": "nowall",
                "per_author_cap": "3",
                "per_author_window_minutes": "10",
                "screen_remote_every": "3",
                "screen_author_cap": "3",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Wall.objects.get(slug="budget").moderation_mode == "pre"

    def test_admin_menu_has_live_walls(self, client):
        client.force_login(SuperuserFactory())
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Live walls" in html and "Moderation queues" in html and "Moderation log" in html
