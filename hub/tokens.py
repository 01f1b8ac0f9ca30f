"""Signed confirmation links: no account, no password, nothing stored but the signature's secret.

A token names what it confirms (a submission or a co-signature), its id and its e-mail address, and
carries the time it was made; it is good for the retention period (after which the unconfirmed row
is deleted anyway). Single use comes from the row itself: once `confirmed_at` is set, the same link
only says "already confirmed".
"""

from dataclasses import dataclass

from django.core import signing

from .models import UNCONFIRMED_RETENTION

SALT = "hub.confirmation"
SUBMISSION = "submission"
COSIGNATURE = "cosignature"


class InvalidToken(Exception):
    """The link was altered or is not one of ours."""


class ExpiredToken(Exception):
    """The link is genuine but older than the retention period."""


@dataclass(frozen=True)
class Confirmation:
    kind: str
    pk: int
    email: str


def make_token(kind, pk, email):
    return signing.TimestampSigner(salt=SALT).sign_object({"k": kind, "id": pk, "e": email.lower()})


def read_token(token, max_age=UNCONFIRMED_RETENTION):
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredToken() from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
    if not isinstance(data, dict) or data.get("k") not in (SUBMISSION, COSIGNATURE):
        raise InvalidToken()
    try:
        return Confirmation(kind=data["k"], pk=int(data["id"]), email=str(data["e"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken() from exc
