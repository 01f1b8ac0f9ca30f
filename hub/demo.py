"""Demo content for the hub (called by `manage.py load_demo`): /hub/ with one open discussion and a
dozen approved conclusions from varied groups (several informal) with co-signatures, one closed
discussion with a published response and commitments, and one overdue discussion.

Dates are relative to when load_demo runs. A discussion is created only if its slug is missing; its
submissions only when it has none. The moderating organisation is a Wagtail group made here."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.text import slugify

from portal.demo import delete_translations, ensure_page, ensure_translation, home_page

from .choices import CommitmentStatus, GroupKind, Platform, SubmissionStatus
from .models import Commitment, CoSignature, DiscussionPage, HubIndexPage, Submission

INDEX_SLUG = "hub"
MODERATORS = "Westshire Voluntary Action (hub moderators)"
OFFICIALS = "Westshire Council officials"
OPEN_SLUG = "online-tools-working-together"
CLOSED_SLUG = "community-centre-opening-hours"
OVERDUE_SLUG = "park-safety-after-dark"

# The open discussion in Welsh (docs/languages.md); its conclusions are the original's. Topics stay as
# they are: they name the hub's topic feeds.
OPEN_DISCUSSION_CY = {
    "slug": "cydweithio-ar-lein",
    "title": "Cydweithio ar-lein",
    "question": "Sut gall y cyngor a grwpiau cymunedol ddefnyddio offer ar-lein i gydweithio?",
    "background": "<p>Trafodwch y cwestiwn yn eich grŵp, yna anfonwch atom yr hyn y cytunoch arno.</p>",
    "asking_body": "Cyngor Westshire",
    "readers": "Yr aelod cabinet dros gymunedau a’r tîm ymgysylltu â’r gymuned",
}

# (group, kind, people, area, platform, conclusions, show name)
OPEN_CONCLUSIONS = [
    (
        "Riverside lunch club",
        GroupKind.INFORMAL,
        14,
        "Riverside",
        Platform.MEETING,
        "Most of us are on WhatsApp, not on e-mail. Send the question there, in short messages, and give us a "
        "fortnight: we meet on Thursdays.",
        True,
    ),
    (
        "Westbury Mosque sisters' circle",
        GroupKind.COMMUNITY_GROUP,
        32,
        "WS2",
        Platform.WHATSAPP,
        "Online meetings work for us in the evening after eight. Please offer interpreting in Urdu and Arabic, and "
        "say in advance who from the council will be there.",
        True,
    ),
    (
        "Ms Begum",
        GroupKind.INDIVIDUAL,
        1,
        "Westbury",
        Platform.EMAIL,
        "I care for my mother and cannot attend evening meetings. A recording and a form to reply afterwards would "
        "let me take part.",
        False,
    ),
    (
        "Westshire Citizens Advice",
        GroupKind.CHARITY,
        250,
        "Westshire",
        Platform.MEETING,
        "Our volunteers ask for one shared calendar of consultations, with the closing date and a plain-language "
        "summary, so they can tell clients in time.",
        True,
    ),
    (
        "Tenants of Elm Court",
        GroupKind.INFORMAL,
        9,
        "WS1",
        Platform.FACEBOOK,
        "A Facebook group is where our block talks. If the council posted the question in plain words we would "
        "answer there and one of us would send it on.",
        True,
    ),
    (
        "Polish Saturday school parents",
        GroupKind.COMMUNITY_GROUP,
        40,
        "Westbury",
        Platform.MEETING,
        "Translate the question into Polish and we will discuss it at the school gate. Online forms in English put "
        "many parents off.",
        True,
    ),
    (
        "Men's shed",
        GroupKind.INFORMAL,
        11,
        "Eastfield",
        Platform.MEETING,
        "We don't do video calls. Come to the shed once, and we will talk to you every month after that.",
        True,
    ),
    (
        "Westshire Mind",
        GroupKind.CHARITY,
        120,
        "Westshire",
        Platform.EMAIL,
        "Keep a way to take part that is not live: some of the people we support cannot cope with a busy online "
        "meeting, but write thoughtful replies.",
        True,
    ),
    (
        "Youth forum",
        GroupKind.COMMUNITY_GROUP,
        22,
        "Riverside",
        Platform.MASTODON,
        "We used a Mastodon thread. Tell us what happened to what we said last time before asking again.",
        True,
    ),
    (
        "Allotment WhatsApp",
        GroupKind.INFORMAL,
        27,
        "WS3",
        Platform.WHATSAPP,
        "Short questions, one at a time, with a photo or a map. We answered within a day.",
        True,
    ),
    (
        "A carer",
        GroupKind.INDIVIDUAL,
        1,
        "Eastfield",
        Platform.OTHER,
        "Please don't ask for a full address to take part.",
        False,
    ),
    (
        "Westbury Food Bank",
        GroupKind.CHARITY,
        60,
        "Westbury",
        Platform.MEETING,
        "Volunteers would share a question with clients if it came with a printed version for the waiting area.",
        True,
    ),
]

COSIGNERS = [
    (0, "Friday coffee morning", GroupKind.INFORMAL, 8, "Riverside"),
    (0, "Eastfield over-60s", GroupKind.COMMUNITY_GROUP, 25, "Eastfield"),
    (3, "Westshire Advice Network", GroupKind.CHARITY, 400, "Westshire"),
    (8, "Riverside scouts", GroupKind.COMMUNITY_GROUP, 30, "Riverside"),
]


def _groups():
    access = Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    officials, _ = Group.objects.get_or_create(name=OFFICIALS)
    moderators.permissions.add(access)
    officials.permissions.add(access)
    return moderators, officials


def ensure_index(home):
    index, _ = ensure_page(
        home,
        INDEX_SLUG,
        lambda: HubIndexPage(
            title="Discussion hub",
            intro="<p>Public bodies ask; community groups discuss where they already meet, and send their "
            "conclusions here. Every answer is published: you said, we did.</p>",
        ),
    )
    return index


def _discussion(title, question, opens, closes, due, moderators, officials, **extra):
    def make():
        return DiscussionPage(
            title=title,
            question=question,
            background=extra.pop("background", "<p>Discuss it in your group, then send what you agreed.</p>"),
            asking_body="Westshire Council",
            readers="The cabinet member for communities and the community engagement team",
            opens_on=opens,
            closes_on=closes,
            response_due_on=due,
            moderating_group=moderators,
            officials_group=officials,
            **extra,
        )

    return make


def _add_submissions(discussion, conclusions, now, notified=False):
    """Approved demo conclusions; `notified` when the discussion's response went out long ago (the
    demo must not e-mail its made-up contacts about it)."""
    if discussion.submissions.exists():
        return 0
    for n, (name, kind, people, area, platform, text, show_name) in enumerate(conclusions):
        Submission.objects.create(
            discussion=discussion,
            group_name=name,
            show_group_name=show_name,
            group_kind=kind,
            people_count=people,
            area=area,
            platform=platform,
            conclusions=text,
            # One made-up address per group, the same in every discussion (the directory links by it).
            contact_email=f"demo-{slugify(name)}@example.org",
            consent=True,
            status=SubmissionStatus.APPROVED,
            created_at=now - datetime.timedelta(days=6, hours=-n),
            confirmed_at=now - datetime.timedelta(days=6, hours=-n, minutes=-20),
            moderated_at=now - datetime.timedelta(days=5, hours=-n),
            read_by_officials=n % 3 == 0,
            response_notified_at=now if notified else None,
        )
    return len(conclusions)


def build(command):
    _site, home = home_page()
    index = ensure_index(home)
    moderators, officials = _groups()
    today = timezone.localdate()
    now = timezone.now()
    day = datetime.timedelta(days=1)

    open_discussion, _ = ensure_page(
        index,
        OPEN_SLUG,
        _discussion(
            "Working together online",
            "How can the council and community groups use online tools to work together?",
            today - 10 * day,
            today + 20 * day,
            today + 60 * day,
            moderators,
            officials,
            topics="digital inclusion, engagement",
            area="Westshire",
        ),
    )
    if _add_submissions(open_discussion, OPEN_CONCLUSIONS, now):
        submissions = list(open_discussion.submissions.order_by("created_at"))
        for target, name, kind, people, area in COSIGNERS:
            CoSignature.objects.create(
                submission=submissions[target],
                group_name=name,
                group_kind=kind,
                people_count=people,
                area=area,
                contact_email=f"demo-{slugify(name)}@example.org",
                confirmed_at=now - datetime.timedelta(days=2),
            )

    ensure_translation(open_discussion, "cy", OPEN_DISCUSSION_CY)

    closed, created = ensure_page(
        index,
        CLOSED_SLUG,
        _discussion(
            "Community centre opening hours",
            "When should the community centres be open so that your group can use them?",
            today - 120 * day,
            today - 90 * day,
            today - 60 * day,
            moderators,
            officials,
            topics="buildings",
            area="Westbury",
            response="<p>You told us evenings and Saturdays matter most, and that booking by phone only shut "
            "out groups who work in the day. From next month the centres open until 9pm on weekdays.</p>",
            response_published_on=today - 65 * day,
            responded_by="Cllr Rhiannon Jones, cabinet member for communities",
        ),
    )
    _add_submissions(closed, OPEN_CONCLUSIONS[:4], now - datetime.timedelta(days=100), notified=True)
    if created:
        for text, status, reason in [
            ("Open until 9pm on weekdays", CommitmentStatus.DONE, ""),
            ("Online booking alongside phone booking", CommitmentStatus.PLANNED, ""),
            (
                "Free room hire for informal groups",
                CommitmentStatus.NOT_DONE,
                "The budget for 2026 does not allow it; we will look again in the spring.",
            ),
        ]:
            Commitment.objects.create(discussion=closed, text=text, status=status, reason=reason)
        closed.save_revision().publish()

    overdue, _ = ensure_page(
        index,
        OVERDUE_SLUG,
        _discussion(
            "Feeling safe in the park after dark",
            "What would make you and your group feel safe using Westbury Park after dark?",
            today - 80 * day,
            today - 50 * day,
            today - 12 * day,
            moderators,
            officials,
            topics="safety, parks",
            area="Westbury",
        ),
    )
    _add_submissions(overdue, OPEN_CONCLUSIONS[4:8], now - datetime.timedelta(days=60))
    command.stdout.write(f"  hub: {index.get_url()} with 3 demo discussions (open, answered, overdue)")


def reset(command):
    _site, home = home_page()
    for index in HubIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG):
        for discussion in DiscussionPage.objects.child_of(index):
            delete_translations(discussion)
        delete_translations(index)
        index.delete()
