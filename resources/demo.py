"""Demo content for the resources library (called by `manage.py load_demo`): /resources/ and its resources.

Each resource is created only if no page with its slug is in the library; its document is made
(as a real PDF, ODT or CSV file) only when the resource itself is created."""

import datetime

from portal.demo import (
    LIBRARY_SLUG,
    delete_translations,
    demo_document,
    ensure_page,
    ensure_translation,
    files,
    home_page,
)

from .models import ResourceIndexPage, ResourcePage

INDEX_SLUG = LIBRARY_SLUG


def _p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


# Each entry: the page's fields, plus an optional "file": (kind, filename, paragraphs or rows).
RESOURCES = [
    {
        "slug": "westshire-compact",
        "title": "The Westshire Compact",
        "date": datetime.date(2026, 4, 1),
        "summary": "Our shared agreement on how public bodies and the voluntary sector fund, consult and work "
        "with each other: six commitments on two pages.",
        "audiences": ("for_public_sector", "for_voluntary_sector", "for_community_groups"),
        "tags": ["partnership", "co-production"],
        "file": (
            "pdf",
            "westshire-compact.pdf",
            [
                "Agreed by Westshire Council, Westshire Health and Care Partnership and Westshire Voluntary "
                "Action, April 2026.",
                "## What we commit to",
                "1. We consult for at least twelve weeks, or explain why we cannot.",
                "2. We publish what we heard and what we changed because of it.",
                "3. We pay grants on time and fund the real cost of the work, including overheads.",
                "4. We give at least three months' notice before ending or reducing funding.",
                "5. We hold meetings at times and in places that volunteers can reach.",
                "6. We share data that helps groups plan, in plain formats and without charge.",
                "## How we check",
                "Once a year the partnership board reviews the Compact in a public meeting. Anyone can raise a "
                "concern about a broken commitment through the portal; the answer is published within 20 "
                "working days.",
            ],
        ),
        "body": [
            _p(
                "The Compact is short on purpose. It sets out what each side can expect from the other, "
                "and what happens when things go wrong.",
                "It was written in six open workshops in 2025 with more than 80 organisations, from the county "
                "council to a village hall committee.",
            )
        ],
    },
    {
        "slug": "community-partnership-toolkit",
        "title": "Community partnership toolkit",
        "date": datetime.date(2026, 9, 15),
        "summary": "A step-by-step guide to setting up a partnership between a public service and local groups: "
        "who to invite, how to share power and how to tell whether it is working.",
        "audiences": ("for_public_sector", "for_voluntary_sector"),
        "tags": ["partnership", "co-production", "getting started"],
        "file": (
            "pdf",
            "community-partnership-toolkit.pdf",
            [
                "A practical guide for officers, charity staff and community leaders.",
                "## 1. Start with the people, not the structure",
                "Map who already does the work. A partnership that starts with a terms of reference usually ends "
                "with one. Start by visiting the groups who are already there, and ask what would help them.",
                "## 2. Share the agenda",
                "Let community members set at least half of every agenda. Send papers a week ahead, in plain "
                "English, and pay for the time of people who are not paid to attend.",
                "## 3. Decide how decisions are made",
                "Write down which decisions the partnership can make, which it can only advise on, and who "
                "decides in the end. Publish it.",
                "## 4. Check that it works",
                "Every six months ask members three questions: do you feel heard, has anything changed, and "
                "would you recommend joining? Publish the answers.",
            ],
        ),
        "body": [
            _h("Who it is for"),
            _p(
                "Officers in councils and the NHS who are asked to work with the community, and charity and "
                "community leaders who have been asked to join a partnership and want to know what good looks "
                "like."
            ),
        ],
    },
    {
        "slug": "small-grants-guide",
        "title": "Small grants guide 2026/27",
        "date": datetime.date(2026, 6, 2),
        "summary": "Grants of £250 to £5,000 for community activity in Westshire: who can apply, what they fund, "
        "deadlines and a worked example of a successful application.",
        "audiences": ("for_voluntary_sector", "for_community_groups"),
        "tags": ["funding", "getting started"],
        "file": (
            "pdf",
            "small-grants-guide-2026-27.pdf",
            [
                "The Westshire Community Fund gives grants of 250 to 5,000 pounds to groups working in the county.",
                "## Who can apply",
                "Any not-for-profit group with at least three unrelated people involved. You do not need to be a "
                "registered charity. If you do not have a bank account, another group can hold the money for you.",
                "## What we fund",
                "Activities, equipment, venue hire, volunteer expenses, training and the costs of making your "
                "activity accessible, such as BSL interpreters or transport.",
                "## Deadlines",
                "Rounds close on the last Friday of January, May and September. Decisions are made within six weeks.",
                "## A worked example",
                "Northfield Warm Welcome asked for 1,200 pounds for a year of tea, heating costs and a folding "
                "ramp. Their application was one page long and told us who would come, what they would do and "
                "how they would know it had helped.",
            ],
        ),
        "body": [
            _p(
                "Funding surgeries run on the first Tuesday of each month. Book a 20-minute slot from the events "
                "calendar and bring your draft."
            )
        ],
    },
    {
        "slug": "commissioning-with-the-voluntary-sector",
        "title": "Commissioning with the voluntary sector",
        "date": datetime.date(2026, 2, 20),
        "summary": "A practical guide for commissioners: grants or contracts, proportionate paperwork, full-cost "
        "recovery and social value that small local charities can compete for.",
        "audiences": ("for_public_sector", "for_voluntary_sector"),
        "tags": ["commissioning", "funding", "social value"],
        "file": (
            "pdf",
            "commissioning-with-the-voluntary-sector.pdf",
            [
                "## Grant or contract?",
                "Use a grant when you want to support something the community is already doing; use a contract "
                "when you are buying a defined service. Do not dress a grant up as a contract: it adds cost and "
                "shuts out small groups.",
                "## Keep it proportionate",
                "For anything under 25,000 pounds, ask for no more than a two-page application and a budget. "
                "Accept accounts in any format.",
                "## Pay the full cost",
                "Include a fair share of rent, management and insurance. Pay quarterly in advance, not in arrears.",
                "## Social value",
                "Weight social value at 10 per cent or more and say what you mean by it: local jobs, volunteering "
                "and spending with local suppliers.",
            ],
        ),
        "body": [],
    },
    {
        "slug": "volunteer-role-description-template",
        "title": "Volunteer role description template",
        "date": datetime.date(2026, 7, 8),
        "summary": "An editable template to describe a volunteer role clearly: what the volunteer will do, the time "
        "it takes, the support they get and any checks needed.",
        "audiences": ("for_voluntary_sector", "for_community_groups"),
        "tags": ["volunteering", "templates"],
        "file": (
            "odt",
            "volunteer-role-description-template.odt",
            [
                "## Role title",
                "For example: Warm space host.",
                "## What you will do",
                "Welcome visitors, make tea, chat and point people to other help if they ask.",
                "## When and where",
                "Tuesdays, 1pm to 4pm, at Northfield Library. Around three hours a week.",
                "## What you get",
                "Training, a named person to talk to, travel expenses and a reference after three months.",
                "## Checks",
                "No DBS check is needed for this role. We will ask for two character references.",
            ],
        ),
        "body": [
            _p(
                "Open the file in LibreOffice or Microsoft Word, replace the examples with your own and keep it "
                "to one page."
            )
        ],
    },
    {
        "slug": "data-sharing-agreement-template",
        "title": "Data sharing agreement template",
        "date": datetime.date(2026, 3, 12),
        "summary": "A plain-English template for sharing personal data safely between a public body and a "
        "charity, checked against UK GDPR by the council's data protection officer.",
        "audiences": ("for_public_sector", "for_voluntary_sector"),
        "tags": ["data", "templates"],
        "file": (
            "odt",
            "data-sharing-agreement-template.odt",
            [
                "## Parties",
                "Who is sharing, who is receiving, and the named contact at each.",
                "## Purpose",
                "Why the data is shared, in one or two sentences a resident would understand.",
                "## Lawful basis",
                "Which lawful basis under UK GDPR applies, and for special category data which condition.",
                "## What is shared",
                "The fields, how often and how: never by ordinary email attachment.",
                "## Keeping it safe and deleting it",
                "Where it is stored, who can see it and when it is deleted.",
            ],
        ),
        "body": [],
    },
    {
        "slug": "running-a-welcoming-event",
        "title": "Running a safe and welcoming event: checklist",
        "date": datetime.date(2026, 10, 1),
        "summary": "A one-page checklist for community events: venue access, quiet spaces, food hygiene, first aid "
        "and making sure people can join from home.",
        "audiences": ("for_community_groups", "for_voluntary_sector"),
        "tags": ["events", "accessibility", "safeguarding"],
        "file": (
            "csv",
            "welcoming-event-checklist.csv",
            [
                ["Area", "Check", "Done?"],
                ["Access", "Step-free route from the street to the room and the toilet", ""],
                ["Access", "Hearing loop working, or a portable loop booked", ""],
                ["Access", "Quiet room or corner signposted", ""],
                ["Online", "Joining link sent and tested; captions switched on", ""],
                ["Safety", "First aider named; fire exits clear", ""],
                ["Food", "Allergens labelled; someone with food hygiene training", ""],
                ["Safeguarding", "Named lead; what to do if someone discloses harm", ""],
                ["Welcome", "Someone at the door; name badges; clear signs", ""],
            ],
        ),
        "body": [
            _p(
                "Print the checklist or open it in any spreadsheet. The events calendar asks for the same access "
                "information, so once you have been through it, listing your event takes five minutes."
            )
        ],
    },
    {
        "slug": "safeguarding-for-charity-trustees",
        "title": "Safeguarding duties for charity trustees",
        "date": datetime.date(2025, 11, 4),
        "summary": "The Charity Commission's guidance on keeping people safe: what trustees must do, with a short "
        "introduction for small groups who are not (yet) charities.",
        "audiences": ("for_voluntary_sector", "for_community_groups"),
        "tags": ["safeguarding", "governance"],
        "link_url": "https://www.gov.uk/guidance/safeguarding-duties-for-charity-trustees",
        "link_text": "Read the guidance on GOV.UK",
        "body": [
            _h("If you are a small group"),
            _p(
                "Even without charity status, name one person as your safeguarding lead, write down what you "
                "would do if someone told you they were being harmed, and keep the local safeguarding team's "
                "number to hand.",
                "Westshire Voluntary Action runs a free two-hour introduction every term.",
            ),
        ],
    },
    {
        "slug": "making-meetings-accessible",
        "title": "Making your meetings accessible",
        "date": datetime.date(2026, 8, 19),
        "summary": "Simple changes that open meetings up to disabled people, carers, shift workers and people who "
        "speak English as a second language.",
        "audiences": (),
        "tags": ["accessibility", "events", "co-production"],
        "body": [
            _h("Before the meeting"),
            _p(
                "Ask people what they need when they book, not at the door. Send papers at least five working "
                "days ahead, in a format that works with screen readers.",
            ),
            _h("In the room and online"),
            _p(
                "Use a microphone every time, even in a small room. Switch on captions for online participants. "
                "Take a break every hour. Let people ask questions in writing, for example on the event’s live "
                "wall, as well as out loud.",
            ),
            _h("Afterwards"),
            _p("Publish notes within a week, in plain English, and say what will happen next."),
        ],
    },
]


# The library's index page in Welsh (docs/languages.md); its resources stay in English for now.
INDEX_CY = {
    "title": "Adnoddau",
    "slug": "adnoddau",
    "seo_title": "Llyfrgell adnoddau",
    "search_description": "Pecynnau cymorth, templedi a chanllawiau i gynghorau, elusennau a grwpiau cymunedol.",
    "intro": (
        "<p>Pecynnau cymorth, templedi a chanllawiau ar gyfer cydweithio, wedi’u rhannu gan gynghorau, "
        "gwasanaethau iechyd, elusennau a grwpiau cymunedol. Mae popeth yma am ddim i’w gopïo a’i addasu.</p>"
    ),
}


def ensure_index(home):
    def make():
        return ResourceIndexPage(
            title="Resources",
            seo_title="Resources library",
            search_description="Toolkits, templates and guides for councils, charities and community groups.",
            show_in_menus=True,
            intro=(
                "<p>Toolkits, templates and guides for working together, shared by councils, health services, "
                "charities and community groups. Everything here is free to copy and adapt.</p>"
            ),
        )

    page, _created = ensure_page(home, INDEX_SLUG, make)
    return page


def _make_document(title, spec):
    kind, filename, content = spec
    if kind == "pdf":
        data = files.make_pdf(title, content)
    elif kind == "odt":
        data = files.make_odt(title, content)
    else:
        data = files.make_csv(content)
    return demo_document(title, filename, data)


def _make_resource(spec):
    def make():
        fields = {key: spec[key] for key in ("title", "date", "summary", "body")}
        fields.update({key: spec[key] for key in ("link_url", "link_text") if key in spec})
        fields.update({audience: True for audience in spec["audiences"]})
        if "file" in spec:
            fields["document"] = _make_document(spec["title"], spec["file"])
        page = ResourcePage(**fields)
        page.tags.add(*spec["tags"])
        return page

    return make


def build(command):
    _site, home = home_page()
    index = ensure_index(home)
    created = 0
    for spec in RESOURCES:
        _page, was_created = ensure_page(index, spec["slug"], _make_resource(spec))
        created += was_created
    ensure_translation(index, "cy", INDEX_CY)
    command.stdout.write(f"  resources: library at {index.get_url()}, {created} resource(s) added")


def reset(command):
    _site, home = home_page()
    for index in home.get_children().filter(slug=INDEX_SLUG):
        delete_translations(index)
        index.delete()
