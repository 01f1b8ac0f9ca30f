"""The wall's public pages: the participant view, the big screen and its QR code, and the JSON API
of posts after a cursor. May import `livewall.intake`, `livewall.stream` and `livewall.models`."""
