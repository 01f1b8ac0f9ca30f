"""The private link in every sign-up e-mail, to cancel: signed (no account, nothing stored), naming
the registration and its e-mail address. It stays good until the event is over; cancelling twice
only says "already cancelled"."""

from dataclasses import dataclass

from django.core import signing

SALT = "events.signup.cancel"


class InvalidToken(Exception):
    """The link was altered or is not one of ours."""


@dataclass(frozen=True)
class CancelRequest:
    pk: int
    email: str


def make_token(registration):
    return signing.Signer(salt=SALT).sign_object({"id": registration.pk, "e": registration.email.lower()})


def read_token(token):
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        return CancelRequest(pk=int(data["id"]), email=str(data["e"]))
    except (signing.BadSignature, ValueError, TypeError, KeyError) as exc:
        raise InvalidToken() from exc
