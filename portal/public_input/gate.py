"""The gate every public form's POST passes first: the rate limits per browser and per address,
then the honeypot. A request counts against the limits whether or not its form is valid (a script
sending junk is still a script); a refused request stores nothing.

    gate = FormGate(request, "hub", ("HUB_RATE_PER_BROWSER", (5, 3600)), ("HUB_RATE_PER_ADDRESS", (30, 3600)))
    refusal = gate.check(form)
    if refusal:
        return refusal.applied_to(render(..., {"refusal": refusal.message}, status=refusal.status))
    ...
    return gate.remember(response)   # the browser's cookie id, set with its first form only
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import browser as browser_id
from .ratelimit import Limit, RateLimiter, client_address

# Lazy: rendered in the language of the page the form was sent from (/cy/, /ar/).
RATE_LIMITED_MESSAGE = _("You have sent several forms in a short time. Please wait a while and try again.")
BOT_MESSAGE = _("Your form could not be sent. Please try again.")


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str
    retry_after: int | None = None

    def applied_to(self, response):
        if self.retry_after is not None:
            response["Retry-After"] = str(self.retry_after)
        return response


class FormGate:
    """The limits of one form (`scope` names its counters) for the browser and address of `request`.

    per_browser, per_address: (setting name, default (count, seconds)).
    """

    def __init__(self, request, scope, per_browser, per_address):
        self.browser, self.is_new = browser_id.ensure_participant_id(request)
        self.limiters = (
            RateLimiter(f"{scope}-browser", self.browser, Limit.from_setting(*per_browser)),
            RateLimiter(f"{scope}-address", client_address(request), Limit.from_setting(*per_address)),
        )

    def check(self, form):
        """A Refusal (429 over a limit, 400 for a bot), or None to go on."""
        if any(limiter.is_limited() for limiter in self.limiters):
            return Refusal(429, RATE_LIMITED_MESSAGE, max(limiter.retry_after() for limiter in self.limiters))
        for limiter in self.limiters:
            limiter.hit()
        if form.is_bot():
            return Refusal(400, BOT_MESSAGE)
        return None

    def remember(self, response):
        """Set the browser's cookie id on `response` if this was its first form."""
        if self.is_new:
            browser_id.remember_participant(response, self.browser)
        return response
