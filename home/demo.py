"""Demo content for the home app (called by `manage.py load_demo`).

Rules for every demo module here: build() creates only what is missing (pages found by slug,
fields filled only while empty) and never edits what exists; reset() removes what build() made."""

from portal.demo import (
    LIBRARY_SLUG,
    VENN_ALT,
    delete_demo_collection,
    delete_translations,
    ensure_page,
    ensure_translation,
    home_page,
    venn_image,
)

from .models import MainMenu, MainMenuItem, PortalSettings, StandardPage

ORGANISATION = "Westshire Community Portal"
DEFAULT_ORGANISATION = PortalSettings._meta.get_field("organisation_name").default

HOME_TEXT = {
    "hero_text": (
        "Westshire Council, the NHS, local charities and the groups that keep our neighbourhoods going: "
        "planning together, learning together and meeting in the open."
    ),
    "intro": (
        "<p>Good local services are never made by one organisation alone. The people who run a food bank, "
        "a parent-and-toddler group or a tenants’ association know things that no strategy document does, "
        "and the council and health services hold budgets, buildings and data that community groups need.</p>"
        "<p>This portal is where the two meet as equals: open events with a live wall where everyone can "
        "ask and answer, a shared library of toolkits and templates, and plain-English guides to how "
        "decisions are made.</p>"
    ),
    "cta_heading": "Run a community group?",
    "cta_text": (
        "Lunch club, allotment society or a WhatsApp group that litter-picks the park on Sundays: you belong "
        "here. List your events, borrow the templates and meet the people who hold the budgets."
    ),
    "cta_label": "Get involved",
}

# The home page in Welsh (docs/languages.md): a translation of the English one, as an editor would make.
HOME_TEXT_CY = {
    "title": "Hafan",
    "search_description": (
        "Digwyddiadau, adnoddau a thrafodaethau agored i grwpiau cymunedol, Cyngor Westshire a’r GIG."
    ),
    "hero_heading": "Lle mae cynghorau a chymunedau’n cwrdd",
    "hero_text": (
        "Cyngor Westshire, y GIG, elusennau lleol a’r grwpiau sy’n cynnal ein cymdogaethau: cynllunio gyda’n "
        "gilydd, dysgu gyda’n gilydd a chwrdd yn agored."
    ),
    "intro": (
        "<p>Does dim un sefydliad yn creu gwasanaethau lleol da ar ei ben ei hun. Mae’r bobl sy’n rhedeg banc "
        "bwyd, grŵp rhieni a phlant bach neu gymdeithas tenantiaid yn gwybod pethau nad yw’r un ddogfen "
        "strategaeth yn eu gwybod, ac mae gan y cyngor a’r gwasanaethau iechyd gyllidebau, adeiladau a data "
        "sydd eu hangen ar grwpiau cymunedol.</p>"
        "<p>Yn y porth hwn mae’r ddau’n cwrdd fel partneriaid cyfartal: digwyddiadau agored gyda wal fyw lle "
        "gall pawb holi ac ateb, llyfrgell gyffredin o becynnau cymorth a thempledi, a chanllawiau clir ar sut "
        "mae penderfyniadau’n cael eu gwneud.</p>"
    ),
    "cta_heading": "Ydych chi’n rhedeg grŵp cymunedol?",
    "cta_text": (
        "Clwb cinio, cymdeithas rhandiroedd neu grŵp WhatsApp sy’n casglu sbwriel yn y parc bob dydd Sul: "
        "mae lle i chi yma. Rhestrwch eich digwyddiadau, benthyciwch y templedi a dewch i adnabod y bobl sy’n "
        "dal y cyllidebau."
    ),
    "cta_label": "Cymryd rhan",
}

SETTINGS = {
    "organisation_name": ORGANISATION,
    "contact_email": "hello@westshire-portal.example",
    "contact_phone": "01632 960 123",
    "contact_address": "Westshire Community Hub\n12 Market Street\nWestbury WS1 2AB",
    "mastodon_url": "https://social.westshire-portal.example/@portal",
    "bluesky_url": "https://bsky.app/profile/westshire-portal.example",
}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _about_page(library):
    image = venn_image()
    return StandardPage(
        title="About the portal",
        seo_title="About",
        search_description="Who runs the Westshire Community Portal and why.",
        show_in_menus=True,
        introduction=(
            "The Westshire Community Portal is run by a partnership of Westshire Council, Westshire Health "
            "and Care Partnership and Westshire Voluntary Action, the county’s infrastructure charity."
        ),
        body=[
            _heading("Why we built it"),
            _paragraph(
                "<p>In 2024 more than 400 residents, volunteers and officers told us the same thing: they wanted "
                "fewer consultations and more conversations. Meetings were held in office hours, papers arrived "
                "late, and small groups rarely heard what happened to their ideas.</p>"
                "<p>The portal puts the conversation in one open place. Every partnership event is listed with "
                "its access information, every event has a live wall where questions can be asked from the room "
                "or from home, and the answers stay online afterwards.</p>"
            ),
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": VENN_ALT, "decorative": False},
                    "caption": "Three sectors, one conversation.",
                },
            },
            _heading("How we work"),
            _paragraph(
                "<ul><li><b>Open by default.</b> Agendas, notes and toolkits are public unless there is a good "
                "reason they cannot be.</li><li><b>Equal voices.</b> A question from a residents’ group gets the "
                "same answer, in the same place, as one from a council director.</li><li><b>Accessible "
                "first.</b> Every event lists step-free access, hearing loops, BSL and captions before it is "
                "published.</li></ul>"
            ),
            {
                "type": "quote",
                "value": {
                    "text": "We stopped asking groups to come to our meetings and started turning up to theirs.",
                    "attribution": "Head of Communities, Westshire Council",
                },
            },
            _heading("Our partnership agreement", "h3"),
            _paragraph(
                "<p>The partnership works to the Westshire Compact, a short agreement about how public bodies "
                "and the voluntary sector fund, consult and work with each other. You can read it in the "
                "resources library.</p>"
            ),
            {"type": "call_to_action", "value": {"text": "Browse the resources library", "page": library.pk}},
        ],
    )


def _get_involved_page(library):
    return StandardPage(
        title="Get involved",
        search_description="How community groups can use the portal: events, the live wall and free support.",
        show_in_menus=True,
        introduction=(
            "You do not need to be a registered charity, have a bank account or a website to take part. "
            "If you do something for your neighbours, this portal is for you."
        ),
        body=[
            _heading("Four ways to take part"),
            _paragraph(
                "<ol><li><b>Come to an event.</b> Partnership meetings, funding surgeries and training are free "
                "and open to everyone. Most are hybrid, so you can join from home.</li>"
                "<li><b>Ask on the live wall.</b> Every event has a wall you can post to from your phone, "
                "whether you are in the room or not. Moderators make sure every question gets seen.</li>"
                "<li><b>Borrow the toolkits.</b> Templates for volunteer roles, risk assessments and simple "
                "budgets are in the resources library, free to copy and adapt.</li>"
                "<li><b>List your own event.</b> Email us the details and we will add it to the calendar, "
                "with its access information.</li></ol>"
            ),
            _heading("Free support for small groups"),
            _paragraph(
                "<p>Westshire Voluntary Action offers a free one-hour session with a development worker for any "
                "group of fewer than 25 people. They can help with a constitution, a first grant application or "
                'finding a venue. Email <a href="mailto:hello@westshire-portal.example">'
                "hello@westshire-portal.example</a> or call 01632 960 123 on weekday mornings.</p>"
            ),
            {
                "type": "quote",
                "value": {
                    "text": "We were six neighbours with a gazebo. A year later we run a weekly warm space with "
                    "the library and the GP surgery.",
                    "attribution": "Carol, Northfield Warm Welcome",
                },
            },
            {"type": "call_to_action", "value": {"text": "Borrow a toolkit", "page": library.pk}},
        ],
    )


def build(command):
    site, home = home_page()
    # resources.demo (which load_demo runs first) made the library; linked here as a plain page.
    library = home.get_children().get(slug=LIBRARY_SLUG)
    about, _ = ensure_page(home, "about", lambda: _about_page(library))
    involved, _ = ensure_page(home, "get-involved", lambda: _get_involved_page(library))

    _fill_home_page(home, involved)
    ensure_translation(home, "cy", HOME_TEXT_CY)
    _fill_settings(site)
    _fill_menu(site, home, library, about, involved)
    command.stdout.write("  home: home page (and in Welsh), about, get involved, site settings and main menu")


def _fill_home_page(home, involved):
    """Fill the home page's empty fields; never touch a page with unpublished edits."""
    if home.has_unpublished_changes:
        return
    changed = False
    for field, value in HOME_TEXT.items():
        if not getattr(home, field):
            setattr(home, field, value)
            changed = True
    if home.cta_page_id is None:
        home.cta_page = involved
        changed = True
    if changed:
        home.save_revision().publish()


def _fill_settings(site):
    settings = PortalSettings.for_site(site)
    changed = False
    for field, value in SETTINGS.items():
        current = getattr(settings, field)
        if not current or (field == "organisation_name" and current == DEFAULT_ORGANISATION):
            setattr(settings, field, value)
            changed = True
    if changed:
        settings.save()


def _fill_menu(site, home, library, about, involved):
    menu = MainMenu.for_site(site)
    if menu.items.exists():
        return
    entries = [
        {"page": home, "label": "Home"},
        {"url": "/events/", "label": "Events"},
        {"page": library, "label": "Resources"},
        # The hub and the directory are other apps' pages and views (home imports no app): by address.
        {"url": "/hub/", "label": "Have your say"},
        {"url": "/groups/", "label": "Community groups"},
        {"page": about, "label": "About"},
        {"page": involved, "label": "Get involved"},
    ]
    for order, entry in enumerate(entries):
        MainMenuItem.objects.create(menu=menu, sort_order=order, **entry)


def reset(command):
    site, home = home_page()
    delete_translations(home)  # the Welsh home page, with the translations and aliases under it
    for slug in ("about", "get-involved"):
        for page in home.get_children().filter(slug=slug):
            page.delete()
    MainMenuItem.objects.filter(menu__site=site).delete()
    PortalSettings.objects.filter(site=site).delete()
    home.refresh_from_db()
    for field in ("hero_text", "intro", "cta_text"):
        setattr(home, field, "")
    home.cta_page = None
    home.save_revision().publish()
    delete_demo_collection()
