"""The discussion hub: a public body asks a question, community groups discuss it where they already
meet and send their conclusions, officials publish a response ("you said, we did").

Owns: the hub pages (HubIndexPage, DiscussionPage with its response and commitments), submissions
and co-signatures (sent without an account, confirmed by a signed e-mail link, moderated by the
discussion's moderating organisation), the confirmation and notification e-mails (sent from tasks),
exports and the public moderation report.

May import: django, wagtail, portal.demo, portal.public_input (what every public form shares), and
from the live wall only its one way in (livewall.intake.services.accept, used by wall_feed.py);
never the wall's models or other stages.
"""
