from django.urls import re_path

from . import views

app_name = "events"

urlpatterns = [
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)calendar\.ics$", views.calendar_file, name="calendar_file"),
]
