from django import template

register = template.Library()

# Height / width of the boxes portal.css has classes for. The public CSP forbids inline styles, so an
# embed cannot carry its exact padding-bottom; the nearest of these shapes is close enough.
EMBED_RATIOS = {"21x9": 9 / 21, "16x9": 9 / 16, "4x3": 3 / 4, "1x1": 1.0, "9x16": 16 / 9}


@register.filter
def embed_ratio_class(ratio):
    """Embed.ratio (height / width) -> "embed-ratio-16x9" etc.; "" when the provider gave no size."""
    if not ratio:
        return ""
    name = min(EMBED_RATIOS, key=lambda key: abs(EMBED_RATIOS[key] - ratio))
    return f"embed-ratio-{name}"
