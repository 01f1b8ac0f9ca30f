"""The contribution form's endpoint: the web's way in to `services.accept`.

Order matters: closed wall, address limit, size (before the body is read), browser limit, form
validation; a refusal is a clear message as JSON for the script or the form page otherwise.
"""

import logging

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from livewall.intake import ratelimit, services, status_links
from livewall.intake.forms import ContributionForm
from livewall.models import Post, Wall
from livewall.stream.serializers import post_payload
from portal.public_input.images import MAX_BYTES

logger = logging.getLogger(__name__)

# Leave room for the other fields and multipart overhead before refusing without reading the body.
MAX_REQUEST_BYTES = MAX_BYTES + 512 * 1024

STATUS_LINK_TAG = "wall-status-link"
CLOSED_MESSAGE = _("This wall is not taking contributions right now.")
RATE_LIMITED_MESSAGE = _("You're posting very quickly. Please wait a minute and try again.")
TOO_LARGE_MESSAGE = _("That upload is too large: images can be up to 10 MB.")


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refuse(request, wall, message, status, form=None):
    """A clear refusal: JSON for the script, the form page with the message otherwise."""
    message = str(message)  # a lazy constant, in the language of this request
    if wants_json(request):
        errors = form.errors.get_json_data() if form is not None else {}
        response = JsonResponse({"ok": False, "message": message, "errors": errors}, status=status)
    else:
        context = {"wall": wall, "form": form or ContributionForm(), "refusal": message, "accepting": True}
        if status == 403:
            context["accepting"] = False
        response = render(request, "livewall/contribute.html", context, status=status)
    return response


def _rate_limited(request, wall, limiter):
    """The 429 refusal, with Retry-After saying when `limiter` lets this sender post again."""
    response = _refuse(request, wall, RATE_LIMITED_MESSAGE, 429)
    response["Retry-After"] = str(limiter.retry_after())
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def contribute(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    if request.method in ("GET", "HEAD"):
        context = {"wall": wall, "form": ContributionForm(), "accepting": wall.is_accepting_contributions()}
        return render(request, "livewall/contribute.html", context)

    if not wall.is_accepting_contributions():
        return _refuse(request, wall, CLOSED_MESSAGE, 403)

    address_limiter = ratelimit.for_address(ratelimit.client_address(request))
    if address_limiter.hit():
        return _rate_limited(request, wall, address_limiter)

    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _refuse(request, wall, TOO_LARGE_MESSAGE, 413)

    identity, is_new = ratelimit.ensure_participant_id(request)
    participant_limiter = ratelimit.for_participant(wall.slug, identity)
    if participant_limiter.is_limited():
        return _rate_limited(request, wall, participant_limiter)

    form = ContributionForm(request.POST, request.FILES)
    if not form.is_valid():
        if form.image_too_large():
            return _refuse(request, wall, TOO_LARGE_MESSAGE, 413, form)
        return _refuse(request, wall, gettext("Please correct the errors below."), 400, form)

    if participant_limiter.hit():
        return _rate_limited(request, wall, participant_limiter)
    # From here this browser's id counts towards its limit: every answer carries it (a new id is
    # first set now, on the first contribution, never on a page view).
    response = _counted_contribution(request, wall, form)
    if is_new:
        ratelimit.remember_participant(response, identity)
    return response


def _counted_contribution(request, wall, form):
    """The answer to a valid contribution already counted against the browser's limit."""
    if form.is_bot():
        # Answer as if it worked: a bot that learns nothing does not adapt. Nothing is saved.
        logger.info("Honeypot filled on wall %s; contribution dropped", wall.slug)
        post, message = None, gettext("Thank you, your message has been sent.")
    else:
        try:
            post = services.accept(wall, form.to_incoming())
        except services.InvalidPost as exc:
            return _refuse(request, wall, str(exc), 400, form)
        if post.status == Post.Status.APPROVED:
            message = gettext("Thank you, your message is on the wall.")
        else:
            message = gettext("Thank you, a moderator will check your message before it appears.")

    # The contributor's private link to their post's status; a bot gets one that leads nowhere.
    status_url = status_links.status_path(post) if post is not None else ""
    if wants_json(request):
        body = {"ok": True, "message": message, "status": post.status if post else "pending"}
        if post is not None and post.status == Post.Status.APPROVED:
            body["post"] = post_payload(post)
        if status_url:
            body["status_url"] = status_url
        response = JsonResponse(body, status=201)
    else:
        messages.success(request, message)
        if status_url:
            # The participant page shows this message as the link (its tag says so).
            messages.info(request, status_url, extra_tags=STATUS_LINK_TAG)
        # 303: the browser follows with a GET, so a reload does not post again.
        response = HttpResponseRedirect(reverse("livewall:participant", args=[wall.slug]) + "#contribute")
        response.status_code = 303
    return response
