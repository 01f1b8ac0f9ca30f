"""The control room in the Wagtail admin: GET shows a wall's screen state, each POST changes one
thing on every open screen. Plain forms (they work without JavaScript); moderators only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from livewall.intake.video_links import parse_video_link
from livewall.models import Wall
from livewall.moderation import actions, control

URL_NAMESPACE = "livewall_control"

moderator_required = permission_required(actions.PERMISSION, raise_exception=True)


class BannerForm(forms.Form):
    banner = forms.CharField(
        label=_("Message on every screen"),
        required=False,
        max_length=control.BANNER_MAX,
        help_text=_("For example: Lunch until 13:30. Empty takes the message down."),
    )


class LayoutForm(forms.Form):
    layout = forms.ChoiceField(label=_("Layout"), choices=Wall.ScreenLayout.choices, widget=forms.RadioSelect)
    stream_url = forms.URLField(
        label=_("Live stream (YouTube or Vimeo link)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Shown above the ticker in the ticker layout. Empty keeps the current stream."),
    )

    def clean_stream_url(self):
        url = self.cleaned_data["stream_url"]
        if url and parse_video_link(url) is None:
            raise forms.ValidationError(_("Give a YouTube or Vimeo link to the stream."))
        return url

    def clean(self):
        data = super().clean()
        if (
            data.get("layout") == Wall.ScreenLayout.TICKER
            and not data.get("stream_url")
            and not self.initial.get("has_stream")
        ):
            self.add_error("stream_url", _("The ticker layout needs a live stream: give its link."))
        return data


def control_url(wall):
    return reverse(f"{URL_NAMESPACE}:room", args=[wall.slug])


def _render(request, wall, banner_form=None, layout_form=None, status=200):
    context = {
        "wall": wall,
        "banner_form": banner_form or BannerForm(initial={"banner": wall.screen_banner}),
        "layout_form": layout_form or _layout_form(wall),
        "page_title": gettext("Control room: %(title)s") % {"title": wall.title},
        "header_icon": "desktop",
    }
    return TemplateResponse(request, "livewall/admin/control_room.html", context, status=status)


def _layout_form(wall, data=None):
    initial = {"layout": wall.screen_layout, "stream_url": wall.stream_url, "has_stream": bool(wall.stream_video_id)}
    return LayoutForm(data, initial=initial)


@require_GET
@moderator_required
def room(request, slug):
    return _render(request, get_object_or_404(Wall, slug=slug))


@require_POST
@moderator_required
def kill_switch(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    blanked = request.POST.get("blanked") == "1"
    control.blank(wall, request.user, blanked)
    if blanked:
        messages.warning(request, gettext("Every screen now shows the holding slide."))
    else:
        messages.success(request, gettext("The wall is back on every screen."))
    return redirect(control_url(wall))


@require_POST
@moderator_required
def banner(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    form = BannerForm(request.POST)
    if not form.is_valid():
        return _render(request, wall, banner_form=form, status=400)
    control.set_banner(wall, request.user, form.cleaned_data["banner"])
    messages.success(
        request, gettext("Message shown on every screen.") if wall.screen_banner else gettext("Message taken down.")
    )
    return redirect(control_url(wall))


@require_POST
@moderator_required
def layout(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    form = _layout_form(wall, request.POST)
    if not form.is_valid():
        return _render(request, wall, layout_form=form, status=400)
    url = form.cleaned_data["stream_url"]
    stream = (parse_video_link(url), url) if url else None
    control.set_layout(wall, request.user, form.cleaned_data["layout"], stream=stream)
    messages.success(
        request, gettext("Every screen now shows: %(layout)s.") % {"layout": wall.get_screen_layout_display()}
    )
    return redirect(control_url(wall))
