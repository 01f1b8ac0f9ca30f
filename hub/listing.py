"""What a discussion page shows of its conclusions: approved ones only, filterable by kind of group,
by area and by the language they are written in (?lang=), and by default interleaved by kind (one
of each kind in turn, oldest first within a kind), so a lunch club's two lines stand beside a
national charity's report instead of under it."""

from collections import Counter
from itertools import zip_longest

from django.db.models import Count, Q, Sum

from .choices import GroupKind
from .languages import known_language, language_choices

# The order kinds take turns in: the small voices first.
KIND_ORDER = [GroupKind.INFORMAL, GroupKind.INDIVIDUAL, GroupKind.COMMUNITY_GROUP, GroupKind.CHARITY]


def interleave_by_kind(submissions):
    by_kind = {kind: [] for kind in KIND_ORDER}
    for submission in submissions:
        by_kind.setdefault(submission.group_kind, []).append(submission)
    rounds = zip_longest(*(by_kind[kind] for kind in by_kind))
    return [submission for round_ in rounds for submission in round_ if submission is not None]


def approved_with_cosigners(discussion):
    """Approved submissions, oldest first, each with `cosigners` (confirmed co-signing groups),
    `groups_total` and `people_sum` (sender and co-signers), counted in the one query."""
    confirmed = Q(cosignatures__confirmed_at__isnull=False)
    approved = (
        discussion.approved_submissions()
        .select_related("listing")
        .annotate(
            cosigners=Count("cosignatures", filter=confirmed),
            cosigner_people=Sum("cosignatures__people_count", filter=confirmed),
        )
        .order_by("created_at", "pk")
    )
    for submission in approved:
        submission.groups_total = 1 + submission.cosigners
        submission.people_sum = submission.people_count + (submission.cosigner_people or 0)
        yield submission


def public_conclusions(discussion, request):
    everything = list(approved_with_cosigners(discussion))
    kind = request.GET.get("kind", "")
    area = request.GET.get("area", "").strip()
    # ?lang=: the language conclusions are written in; a value that is not an interface language
    # (altered, a NUL, 10,000 characters) filters nothing and never reaches a query.
    lang = known_language(request.GET.get("lang", ""))
    shown = [
        s
        for s in everything
        if (not kind or s.group_kind == kind)
        and (not area or s.area.lower() == area.lower())
        and (not lang or s.written_in == lang)
    ]
    counts = Counter(s.group_kind for s in everything)
    return {
        "conclusions": interleave_by_kind(shown),
        "conclusions_total": len(everything),
        "kind_counts": [(k.value, k.label, counts.get(k.value, 0)) for k in KIND_ORDER],
        "areas": sorted({s.area for s in everything}, key=str.lower),
        "selected_kind": kind if kind in GroupKind.values else "",
        "selected_area": area,
        "written_in_choices": language_choices(),
        "selected_lang": lang,
        "groups_total": sum(s.groups_total for s in everything),
        "people_total": sum(s.people_sum for s in everything),
    }
