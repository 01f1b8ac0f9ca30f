"""The one way in for a proposed event: a draft EventPage under the events index (never live), its
first revision, the moderation workflow started (Wagtail's, for editors to review, edit, publish or
decline), and the proposal record with the proposer's private e-mail."""

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from .models import EventProposal


def draft_page(data):
    from events.models import EventPage

    body = [{"type": "paragraph", "value": _paragraphs(data.get("description", ""))}] if data.get("description") else []
    return EventPage(
        title=data["title"],
        slug=slugify(data["title"])[:80] or "proposed-event",
        summary=data["summary"],
        start=data["start"],
        end=data["end"],
        format=data["format"],
        venue_name=data.get("venue_name", ""),
        venue_address=data.get("venue_address", ""),
        venue_postcode=data.get("venue_postcode", ""),
        joining_link=data.get("joining_link", ""),
        joining_link_later=data.get("joining_link_later", False),
        accessibility_notes=data.get("accessibility_notes", ""),
        capacity=data.get("capacity"),
        body=body,
        live=False,
    )


def _paragraphs(text):
    from django.utils.html import escape

    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def unique_slug(index, slug):
    taken = set(index.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def propose(index, page, data):
    """Save the (already validated) draft and start its moderation; returns the EventProposal."""
    with transaction.atomic():
        page.slug = unique_slug(index, page.slug)
        index.add_child(instance=page)
        revision = page.save_revision(user=None, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user=None)
        proposal = EventProposal.objects.create(
            page=page,
            title=page.title,
            group_name=data["group_name"],
            proposer_name=data["proposer_name"],
            proposer_email=data["proposer_email"],
            language=translation.get_language() or "",
        )
    return proposal, revision
