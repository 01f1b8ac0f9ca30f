"""Rate limits: per browser (signed cookie), and only loosely per address."""

import pytest
from django.test import Client
from django.urls import reverse

from livewall.intake import ratelimit
from livewall.models import Post
from tests.support.windows import wait_for_room_in_window

from ..factories import WallFactory
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("unique_rate_limits")


class TestRateLimiter:
    def test_sixth_hit_in_a_window_is_limited(self):
        limiter = ratelimit.RateLimiter("t", "browser-a", ratelimit.Limit(5, 60))
        start = 6000.0  # the start of a window
        assert [limiter.hit(now=start + i) for i in range(6)] == [False] * 5 + [True]
        assert limiter.is_limited(now=start + 6)

    def test_other_identities_are_counted_apart(self):
        limit = ratelimit.Limit(2, 60)
        a = ratelimit.RateLimiter("t", "a", limit)
        b = ratelimit.RateLimiter("t", "b", limit)
        assert not a.hit(now=6000) and not a.hit(now=6001) and a.hit(now=6002)
        assert not b.hit(now=6003)

    def test_the_window_slides(self):
        limiter = ratelimit.RateLimiter("t", "slide", ratelimit.Limit(4, 60))
        for i in range(4):
            limiter.hit(now=6050 + i)  # late in one window
        # Just after the boundary most of the previous window still counts: a fixed window would
        # allow four more posts here (a double burst); the sliding one allows one.
        assert [limiter.hit(now=6061 + i) for i in range(4)] == [False, True, True, True]
        # Two windows later everything has expired.
        assert not limiter.is_limited(now=6185)

    def test_retry_after_is_the_rest_of_the_window(self):
        limiter = ratelimit.RateLimiter("t", "x", ratelimit.Limit(1, 60))
        assert limiter.retry_after(now=6010) == 50


@pytest.mark.django_db
class TestContributionLimits:
    @pytest.fixture(autouse=True)
    def far_from_a_window_edge(self):
        wait_for_room_in_window(60, needed=20)

    def post(self, client, wall, text):
        return client.post(
            reverse("livewall:contribute", args=[wall.slug]), {"text": text}, HTTP_ACCEPT="application/json"
        )

    def test_sixth_post_in_a_minute_is_429_and_another_browser_on_the_same_ip_is_fine(self):
        wall = WallFactory()
        browser = Client()
        browser.get(reverse("livewall:participant", args=[wall.slug]))  # no cookie yet: the first post sets it
        for i in range(5):
            assert self.post(browser, wall, f"post {i}").status_code == 201
        response = self.post(browser, wall, "one too many")
        assert response.status_code == 429
        assert response.json()["message"] == "You're posting very quickly. Please wait a minute and try again."
        assert 1 <= int(response["Retry-After"]) <= 60
        assert Post.objects.count() == 5

        neighbour = Client()  # same address (127.0.0.1), another browser at the venue
        assert self.post(neighbour, wall, "hello from the next seat").status_code == 201
        assert Post.objects.count() == 6

    def test_no_js_429_is_a_page_with_the_message(self):
        wall = WallFactory()
        browser = Client()
        browser.get(reverse("livewall:participant", args=[wall.slug]))
        for i in range(5):
            browser.post(reverse("livewall:contribute", args=[wall.slug]), {"text": f"p{i}"})
        response = browser.post(reverse("livewall:contribute", args=[wall.slug]), {"text": "again"})
        assert response.status_code == 429
        assert "posting very quickly" in response.content.decode()

    def test_form_errors_do_not_use_up_the_participant_allowance(self):
        wall = WallFactory()
        browser = Client()
        browser.get(reverse("livewall:participant", args=[wall.slug]))
        for _ in range(5):
            assert self.post(browser, wall, "").status_code == 400
        assert self.post(browser, wall, "finally a real post").status_code == 201

    def test_a_tampered_cookie_is_a_new_participant(self):
        wall = WallFactory()
        browser = Client()
        browser.cookies[ratelimit.PARTICIPANT_COOKIE] = "forged-id:signature"
        assert self.post(browser, wall, "hi").status_code == 201
        new_cookie = browser.cookies[ratelimit.PARTICIPANT_COOKIE].value
        assert new_cookie != "forged-id:signature"

    def test_the_address_cap_catches_a_script_without_cookies(self, settings):
        settings.LIVEWALL_RATE_PER_ADDRESS = (3, 60)
        wall = WallFactory()
        statuses = [self.post(Client(), wall, f"bot {i}").status_code for i in range(4)]
        assert statuses == [201, 201, 201, 429]
        assert Post.objects.count() == 3

    def test_limits_are_per_wall(self):
        first, second = WallFactory(), WallFactory()
        browser = Client()
        browser.get(reverse("livewall:participant", args=[first.slug]))
        for i in range(5):
            self.post(browser, first, f"p{i}")
        assert self.post(browser, first, "over").status_code == 429
        assert self.post(browser, second, "other wall").status_code == 201


def test_client_address_behind_a_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.PORTAL_CLIENT_IP_HEADER = ""
    assert ratelimit.client_address(request) == "10.0.0.1"  # the header is not trusted unless configured
    settings.PORTAL_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert ratelimit.client_address(request) == "203.0.113.7"
