"""The community groups directory: groups list themselves without an account (confirmed by a signed
e-mail link, reviewed by a moderator), and public bodies find them by area, topic, kind and language,
with what they have already said on the hub.

Owns: the listings and their life (propose, confirm, moderate, update or remove through a private
link), the directory's public pages, CSV export and feeds; and the portal's shared vocabularies
(Topic, Area, Language), managed by editors as snippets and used by resources, events and the hub.

May import: django, wagtail, portal.demo, portal.public_input; from the hub its choices, areas,
signals and models (to show a group's approved submissions, and unlink them on removal); resources'
pages (a supporter's publications); and the wall's Post model only to count the group's conclusions
the hub sent to a wall. None of those apps imports this one (an import contract says so).
"""
