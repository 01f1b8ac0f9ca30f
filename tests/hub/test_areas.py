import pytest
from django.core.exceptions import ValidationError

from hub.areas import clean_area


@pytest.mark.parametrize(
    ("given", "published"),
    [("cf24", "CF24"), ("  Splott,   Cardiff ", "Splott, Cardiff"), ("SW1A", "SW1A"), ("Llanrumney", "Llanrumney")],
)
def test_place_names_and_districts_are_accepted(given, published):
    assert clean_area(given) == published


@pytest.mark.parametrize("given", ["CF24 3AA", "cf243aa", "Near SW1A 1AA, London", "M1 1AE"])
def test_a_full_postcode_is_refused_with_its_district_suggested(given):
    with pytest.raises(ValidationError) as error:
        clean_area(given)
    assert error.value.code == "full_postcode"
    assert "first part of the postcode" in error.value.messages[0]


def test_empty_and_too_long_are_refused():
    with pytest.raises(ValidationError):
        clean_area("   ")
    with pytest.raises(ValidationError):
        clean_area("x" * 81)
