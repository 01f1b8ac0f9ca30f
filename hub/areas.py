"""Where a group is, said coarsely: a place name or a postcode district ("CF24"), never a full
postcode, which can point at a single street or household."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A full UK postcode: outward code (district) then inward code (sector digit + unit letters).
FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$", re.IGNORECASE)
MAX_AREA_LENGTH = 80


def clean_area(value):
    """The area as it will be published: trimmed, a district upper-cased; full postcodes refused."""
    area = " ".join((value or "").split())
    if not area:
        raise ValidationError(_("Please say roughly where your group is, e.g. “Splott” or “CF24”."), code="required")
    if len(area) > MAX_AREA_LENGTH:
        raise ValidationError(
            _("Please keep the area to %(limit)d characters.") % {"limit": MAX_AREA_LENGTH}, code="max_length"
        )
    match = FULL_POSTCODE.search(area)
    if match:
        raise ValidationError(
            _(
                "Please give only the first part of the postcode (“%(district)s”), not the full postcode: "
                "the area is published."
            )
            % {"district": match.group(1).upper()},
            code="full_postcode",
        )
    if DISTRICT.match(area):
        return area.upper()
    return area
