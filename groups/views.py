"""The directory's public views: find groups (/groups/ with filters, search and pages), a group's
page, list a group (no account), confirm by the e-mailed link, update or remove a listing
through the private link, and ask for that link again.

Every form refuses clearly and stores nothing on a refused request: CSRF (Django's middleware),
honeypot, rate limits per browser (the signed participant cookie) and per address, size limits.
Nothing is public before confirmation and moderation.
"""

import hashlib
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from portal.public_input.gate import FormGate
from portal.public_input.ratelimit import Limit, RateLimiter

from . import directory, services
from .forms import FilterForm, ListingForm, ResendLinkForm, UpdateForm
from .models import GroupListing
from .tokens import ExpiredToken, InvalidToken, read_confirm_token, read_manage_token

PAGE_SIZE = 20


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _refused_by_limits_or_honeypot(request, form, template, context):
    """(A response refusing the POST or None to go on, the form's gate); the request counts against the limits."""
    gate = FormGate(request, "groups", ("GROUPS_RATE_PER_BROWSER", (5, 3600)), ("GROUPS_RATE_PER_ADDRESS", (30, 3600)))
    refusal = gate.check(form)
    if refusal is None:
        return None, gate
    page = render(request, template, {**context, "form": form, "refusal": refusal.message}, status=refusal.status)
    return _private(refusal.applied_to(page)), gate


@require_safe
def index(request):
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    paginator = Paginator(directory.filtered(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "groups/index.html",
        {
            "form": form,
            "page_obj": page,
            "listings": list(page.object_list),
            "query": urlencode(query),
            "filtered": bool(filters),
            "area_filter": filters.get("area", ""),
        },
    )


@require_safe
def detail(request, pk):
    listing = GroupListing.objects.listed().select_related("supported_by").with_vocabularies().filter(pk=pk).first()
    if listing is None:
        raise Http404
    return render(
        request,
        "groups/detail.html",
        {
            "listing": listing,
            "submissions": list(directory.approved_submissions(listing)),
            "cosignatures": list(directory.cosigned_submissions(listing)),
            "events": directory.events_proposed(listing),
            "area_events": directory.upcoming_events_in_areas(listing),
            "wall_count": directory.wall_contributions_count(listing),
            "supported_groups": list(directory.supported_groups(listing)),
            "resources": list(directory.published_resources(listing)),
        },
    )


def _links(request):
    def build(confirm_token, manage_token):
        confirm = request.build_absolute_uri(reverse("groups:confirm") + "?" + urlencode({"token": confirm_token}))
        manage = request.build_absolute_uri(reverse("groups:manage") + "?" + urlencode({"token": manage_token}))
        return confirm, manage

    return build


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request):
    template = "groups/propose.html"
    if request.method in ("GET", "HEAD"):
        return _private(render(request, template, {"form": ListingForm()}))
    form = ListingForm(request.POST)
    refusal, gate = _refused_by_limits_or_honeypot(request, form, template, {})
    if refusal:
        return refusal
    if not form.is_valid():
        return _private(render(request, template, {"form": form}, status=400))
    listing = services.create_listing(form.cleaned_data, _links(request))
    response = _private(render(request, "groups/sent.html", {"listing": listing}))
    gate.remember(response)
    return response


def _read(reader, token):
    try:
        return reader(token), ""
    except ExpiredToken:
        return None, "expired"
    except InvalidToken:
        return None, "invalid"


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request):
    token = request.POST.get("token") or request.GET.get("token", "")
    confirmation, problem = _read(read_confirm_token, token)
    if problem:
        status = 410 if problem == "expired" else 400
        return _private(render(request, "groups/confirm.html", {"outcome": problem}, status=status))
    # A GET only shows a button: mail scanners open links, and must not confirm for anyone.
    if request.method in ("GET", "HEAD"):
        return _private(render(request, "groups/confirm.html", {"outcome": "ask", "token": token}))
    outcome = services.confirm(confirmation)
    status = 404 if outcome == services.ConfirmOutcome.GONE else 200
    return _private(render(request, "groups/confirm.html", {"outcome": outcome}, status=status))


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request):
    """The private link: update the listing, or remove it (a second button, with a tick to be sure)."""
    token = request.POST.get("token") or request.GET.get("token", "")
    read, problem = _read(read_manage_token, token)
    listing = services.listing_for_manage_token(read) if read else None
    if listing is None:
        status = 400 if problem == "invalid" else 404
        return _private(render(request, "groups/manage.html", {"outcome": problem or "gone"}, status=status))
    template = "groups/manage.html"
    context = {"listing": listing, "token": token, "outcome": "edit"}
    if request.method in ("GET", "HEAD"):
        return _private(render(request, template, {**context, "form": UpdateForm.for_listing(listing)}))
    form = UpdateForm.for_listing(listing, request.POST)
    refusal, _gate = _refused_by_limits_or_honeypot(request, form, template, context)
    if refusal:
        return refusal
    if request.POST.get("action") == "remove":
        if not request.POST.get("confirm_remove"):
            return _private(
                render(
                    request,
                    template,
                    {**context, "form": UpdateForm.for_listing(listing), "remove_error": True},
                    status=400,
                )
            )
        services.remove_listing(listing)
        return _private(render(request, template, {"outcome": "removed"}))
    if not form.is_valid():
        return _private(render(request, template, {**context, "form": form}, status=400))
    services.update_listing(listing, form.cleaned_data)
    return _private(render(request, template, {**context, "outcome": "updated", "form": None}))


def _mails_to_address_allowed(email):
    """At most GROUPS_RESEND_PER_EMAIL (default 3 a day) links sent to one address, whoever asks:
    nobody can flood a group's inbox from many browsers. Over it, the page still answers the same.
    The counter's key is a hash: the shared cache never holds the address."""
    identity = hashlib.sha256(email.lower().encode()).hexdigest()[:40]
    limiter = RateLimiter("groups-resend-email", identity, Limit.from_setting("GROUPS_RESEND_PER_EMAIL", (3, 86400)))
    return not limiter.hit()


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def resend(request):
    """Send a group its private link again. The answer never says whether the address is known."""
    template = "groups/resend.html"
    if request.method in ("GET", "HEAD"):
        return _private(render(request, template, {"form": ResendLinkForm()}))
    form = ResendLinkForm(request.POST)
    gate = FormGate(
        request,
        "groups-resend",
        ("GROUPS_RESEND_RATE_PER_BROWSER", (3, 3600)),
        ("GROUPS_RESEND_RATE_PER_ADDRESS", (20, 3600)),
    )
    refusal = gate.check(form)
    if refusal is not None:
        page = render(request, template, {"form": form, "refusal": refusal.message}, status=refusal.status)
        return _private(refusal.applied_to(page))
    if not form.is_valid():
        return _private(render(request, template, {"form": form}, status=400))
    email = form.cleaned_data["contact_email"]
    if _mails_to_address_allowed(email):

        def manage_url_for(manage_token):
            return request.build_absolute_uri(reverse("groups:manage") + "?" + urlencode({"token": manage_token}))

        services.resend_private_links(email, manage_url_for)
    return gate.remember(_private(render(request, template, {"outcome": "sent"})))
