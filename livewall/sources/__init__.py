"""Posts from other platforms (X, Mastodon, Bluesky, RSS/Atom, replay files): one `Source` per
platform reads its API and never touches the database; the poller filters what came (consent,
fairness) and hands each post to `intake.services.accept`, deletions to
`moderation.actions.remove_at_source`, in one transaction per poll. May import `livewall.intake`,
`livewall.moderation`, `livewall.stream` and `livewall.models`."""
