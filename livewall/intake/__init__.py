"""What comes in: the one shape of an incoming post, its cleaning (text, links, videos, images),
the contribution form and its rate limits, and `services.accept`, the only way a post enters a
wall. May import `livewall.stream` (to broadcast after commit) and `livewall.models`."""
