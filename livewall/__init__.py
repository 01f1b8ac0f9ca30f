"""Every event's live wall, in stages of a post's life (docs/architecture.md draws the path):

intake/ (what comes in) -> moderation/ (what moderators do) -> stream/ (what goes out) ->
consumers/ (the sockets) and pages/ (participant page, big screen, API); sources/ brings posts
from other platforms in through intake. `models` is the bottom layer; `make lint` checks that each
stage imports only the stages below it.
"""
