"""Public views of a discussion, reached through DiscussionPage's routes: send conclusions, agree
with a published one, confirm by e-mail link, download an attachment, read the moderation report.

Every form refuses clearly and stores nothing on a refused request: CSRF (Django's middleware),
honeypot, rate limits per browser (the signed participant cookie, set on the first post) and per
address, size limits. Nothing is public before confirmation and moderation.
"""

from urllib.parse import urlencode

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portal.public_input.gate import FormGate

from . import reports, services
from .choices import SubmissionStatus
from .forms import CoSignForm, SubmissionForm
from .languages import subpage_url
from .models import Submission
from .tokens import ExpiredToken, InvalidToken, read_token

CLOSED_MESSAGE = _("This discussion is not taking conclusions now.")
TOO_LARGE_STATUS = 413


def _confirm_url(request, discussion):
    def build(token):
        # In the sender's language: /cy/…/confirm/ for a form sent under /cy/ (hub.languages).
        path = subpage_url(discussion, "confirm", request=request)
        return request.build_absolute_uri(f"{path}?{urlencode({'token': token})}")

    return build


def _form_page(request, discussion, template, context, status=200):
    response = render(request, template, {"page": discussion, **context}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _handle(request, discussion, form, template, context, create):
    """The shared POST path of both forms; `create(cleaned_data)` saves and queues the e-mail."""
    gate = FormGate(request, "hub", ("HUB_RATE_PER_BROWSER", (5, 3600)), ("HUB_RATE_PER_ADDRESS", (30, 3600)))
    refusal = gate.check(form)
    if refusal:
        page = _form_page(
            request, discussion, template, {**context, "form": form, "refusal": refusal.message}, refusal.status
        )
        return refusal.applied_to(page)
    if not form.is_valid():
        too_large = any(e.code == "too_large" for e in form.errors.as_data().get("attachment", []))
        status = TOO_LARGE_STATUS if too_large else 400
        return _form_page(request, discussion, template, {**context, "form": form}, status)
    row = create(form.cleaned_data)
    return gate.remember(_form_page(request, discussion, "hub/sent.html", {**context, "row": row}))


@never_cache
@csrf_protect
def submit(request, discussion):
    context = {"accepting": discussion.is_open()}
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    if request.method != "POST" or not context["accepting"]:
        status = 200 if request.method != "POST" else 403
        refusal = "" if context["accepting"] else CLOSED_MESSAGE
        return _form_page(
            request, discussion, "hub/submit.html", {**context, "form": SubmissionForm(), "refusal": refusal}, status
        )
    form = SubmissionForm(request.POST, request.FILES)
    return _handle(
        request,
        discussion,
        form,
        "hub/submit.html",
        context,
        lambda data: services.create_submission(discussion, data, _confirm_url(request, discussion)),
    )


@never_cache
@csrf_protect
def cosign(request, discussion, submission_id):
    submission = Submission.objects.filter(
        pk=submission_id, discussion=discussion, status=SubmissionStatus.APPROVED
    ).first()
    if submission is None or request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    context = {"submission": submission, "accepting": True}
    if request.method != "POST":
        return _form_page(request, discussion, "hub/cosign.html", {**context, "form": CoSignForm()})
    form = CoSignForm(request.POST)
    return _handle(
        request,
        discussion,
        form,
        "hub/cosign.html",
        context,
        lambda data: services.create_cosignature(submission, data, _confirm_url(request, discussion)),
    )


@never_cache
def confirm(request, discussion, token):
    try:
        confirmation = read_token(token)
    except ExpiredToken:
        return _form_page(request, discussion, "hub/confirm.html", {"outcome": "expired"}, 410)
    except InvalidToken:
        return _form_page(request, discussion, "hub/confirm.html", {"outcome": "invalid"}, 400)
    # A GET only shows a button: mail scanners open links, and must not confirm for anyone.
    if request.method in ("GET", "HEAD"):
        return _form_page(request, discussion, "hub/confirm.html", {"outcome": "ask", "token": token})
    if request.method != "POST":
        raise Http404
    outcome = services.confirm(discussion, confirmation)
    status = 404 if outcome == services.ConfirmOutcome.GONE else 200
    return _form_page(request, discussion, "hub/confirm.html", {"outcome": outcome, "kind": confirmation.kind}, status)


def attachment(request, discussion, submission_id):
    """An approved submission's attachment, always as a download (PDFs are never shown inline)."""
    submission = Submission.objects.filter(
        pk=submission_id, discussion=discussion, status=SubmissionStatus.APPROVED
    ).first()
    if submission is None or not submission.attachment:
        raise Http404
    extension = "pdf" if submission.attachment_type == "pdf" else submission.attachment.name.rsplit(".", 1)[-1]
    response = FileResponse(
        submission.attachment.open("rb"),
        as_attachment=True,
        filename=f"conclusions-{submission.pk}.{extension}",
        content_type="application/pdf" if submission.attachment_type == "pdf" else None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def report(request, discussion):
    return render(request, "hub/report.html", {"page": discussion, "report": reports.moderation_report(discussion)})
