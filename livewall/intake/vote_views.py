"""POST /walls/<slug>/questions/<id>/vote/: a participant's up-vote, once per browser.

Room and remote alike, no account: the browser's signed cookie id (portal.public_input.browser,
set with the answer to its first vote or post) makes a vote count once, and rate limits per
address and per browser keep a script from inventing browsers faster than a room can vote. CSRF as
every form; a honeypot (a bot is answered as if it voted, and nothing is counted).
"""

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from livewall.intake import questions, ratelimit
from livewall.intake.views import wants_json
from livewall.models import Wall
from portal.public_input.fields import HoneypotForm
from portal.public_input.ratelimit import Limit, RateLimiter

RATE_LIMITED_MESSAGE = _("You're voting very quickly. Please wait a minute and try again.")
NOT_VOTABLE_MESSAGE = _("This question is not taking votes (it was answered or is no longer on the wall).")
COUNTED_MESSAGE = _("Thank you, your vote is counted.")
ALREADY_MESSAGE = _("You have already voted for this question.")


def vote_limit():
    return Limit.from_setting("LIVEWALL_VOTE_RATE_PER_PARTICIPANT", (30, 60))


def _answer(request, wall, status, message, **body):
    message = str(message)  # a lazy constant, in the language of this request
    if wants_json(request):
        return JsonResponse({"ok": status < 400, "message": message, **body}, status=status)
    (messages.success if status < 400 else messages.error)(request, message)
    response = HttpResponseRedirect(reverse("livewall:participant", args=[wall.slug]) + "#questions")
    response.status_code = 303
    return response


@require_POST
def vote(request, slug, post_id):
    wall = get_object_or_404(Wall, slug=slug)
    address_limiter = ratelimit.for_address(ratelimit.client_address(request))
    if address_limiter.hit():
        response = _answer(request, wall, 429, RATE_LIMITED_MESSAGE)
        response["Retry-After"] = str(address_limiter.retry_after())
        return response
    identity, is_new = ratelimit.ensure_participant_id(request)
    browser_limiter = RateLimiter(f"v:{wall.slug}", identity, vote_limit())
    if browser_limiter.hit():
        response = _answer(request, wall, 429, RATE_LIMITED_MESSAGE)
        response["Retry-After"] = str(browser_limiter.retry_after())
        return response
    form = HoneypotForm(request.POST)
    if form.is_valid() and form.is_bot():
        response = _answer(request, wall, 200, COUNTED_MESSAGE, counted=True)
    else:
        try:
            post, counted = questions.vote(wall, post_id, identity)
        except questions.NotVotable:
            return _answer(request, wall, 404, NOT_VOTABLE_MESSAGE)
        message = COUNTED_MESSAGE if counted else ALREADY_MESSAGE
        response = _answer(request, wall, 200, message, counted=counted, votes=post.vote_count)
    if is_new:
        ratelimit.remember_participant(response, identity)
    return response
