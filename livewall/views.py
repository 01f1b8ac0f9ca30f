# Placeholder until the participant/screen views land (livewall pages work in progress).
from django.http import Http404


def participant(request, slug):
    raise Http404


contribute = screen = qr_code = participant
