"""What moderators do: the actions (one transaction each, logged, broadcast after commit) and the
admin queue views. May import `livewall.stream` and `livewall.models`."""
