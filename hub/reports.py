"""The public moderation report of a discussion: how many conclusions arrived, were confirmed,
published and refused (by published reason) and how long moderation took. Counts only: no rejected
content, no names, no e-mail addresses."""

from statistics import median

from .choices import RejectionReason, SubmissionStatus
from .models import Submission


def moderation_report(discussion):
    rows = list(
        Submission.objects.filter(discussion=discussion).values(
            "status", "rejection_reason", "confirmed_at", "moderated_at"
        )
    )
    confirmed = [row for row in rows if row["confirmed_at"]]
    rejected = [row for row in rows if row["status"] == SubmissionStatus.REJECTED]
    waits = [
        (row["moderated_at"] - row["confirmed_at"]).total_seconds()
        for row in confirmed
        if row["moderated_at"] and row["status"] in (SubmissionStatus.APPROVED, SubmissionStatus.REJECTED)
    ]
    return {
        "received": len(rows),
        "confirmed": len(confirmed),
        "approved": sum(1 for row in rows if row["status"] == SubmissionStatus.APPROVED),
        "waiting": sum(1 for row in rows if row["status"] == SubmissionStatus.PENDING),
        "rejected": len(rejected),
        "rejected_by_reason": [
            (reason.label, sum(1 for row in rejected if row["rejection_reason"] == reason.value))
            for reason in RejectionReason
        ],
        "median_hours_to_moderation": round(median(waits) / 3600, 1) if waits else None,
        "moderating_organisation": discussion.moderating_group.name if discussion.moderating_group else "",
    }
