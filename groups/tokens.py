"""Signed links for a listing's group: no account, no password, nothing stored but the secret.

Two kinds, with separate salts so one can never stand for the other:
- the confirmation link (good for the retention period, after which the unconfirmed listing is
  deleted anyway; single use comes from the row: once confirmed it says "already confirmed");
- the private management link (update or remove the listing), good while the listing exists and its
  contact e-mail is unchanged: the token names the listing and its e-mail, so changing the e-mail
  retires old links.
"""

from dataclasses import dataclass

from django.core import signing

from .models import UNCONFIRMED_RETENTION

CONFIRM_SALT = "groups.confirmation"
MANAGE_SALT = "groups.manage"


class InvalidToken(Exception):
    """The link was altered or is not one of ours."""


class ExpiredToken(Exception):
    """The link is genuine but older than it may be."""


@dataclass(frozen=True)
class ListingToken:
    pk: int
    email: str


def _make(salt, pk, email):
    return signing.TimestampSigner(salt=salt).sign_object({"id": pk, "e": email.lower()})


def _read(salt, token, max_age):
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredToken() from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
    if not isinstance(data, dict):
        raise InvalidToken()
    try:
        return ListingToken(pk=int(data["id"]), email=str(data["e"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken() from exc


def make_confirm_token(listing):
    return _make(CONFIRM_SALT, listing.pk, listing.contact_email)


def read_confirm_token(token):
    return _read(CONFIRM_SALT, token, UNCONFIRMED_RETENTION)


def make_manage_token(listing):
    return _make(MANAGE_SALT, listing.pk, listing.contact_email)


def read_manage_token(token):
    return _read(MANAGE_SALT, token, None)
