# Placeholder until the posts API lands (livewall spine work in progress).
from django.http import Http404


def posts(request, slug):
    raise Http404
