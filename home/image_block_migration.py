"""StreamField "image" blocks: from the hand-written struct to Wagtail's ImageBlock (with a caption).

Before: {"image": id, "alt_text": str, "caption": str}, where an empty alt text meant "decorative"
(the old help text said so, and the old template rendered alt="").
After (home.blocks.CaptionedImageBlock):
    {"image": {"image": id, "alt_text": str, "decorative": bool}, "caption": str}
so an image without alt text becomes decorative=True: the page renders exactly as before, and the
editor no longer refuses to save it.

The migrations of home, events and resources use `migrate_images` / `unmigrate_images`, which run
Wagtail's own MigrateStreamData over live content and every revision (drafts, history), in both
directions. The migrations import this module: keep it as long as they exist.
"""

from django.utils.deconstruct import deconstructible
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import BaseBlockOperation

BLOCK_PATH = "image"  # the "image" child of home.blocks.BaseStreamBlock


def _is_new_shape(value):
    return isinstance(value.get("image"), dict)


@deconstructible
class ToImageBlockOperation(BaseBlockOperation):
    """Old flat struct -> {"image": ImageBlock value, "caption": ...}. Values already converted stay."""

    def apply(self, block_value):
        if not isinstance(block_value, dict) or _is_new_shape(block_value):
            return block_value
        alt_text = (block_value.get("alt_text") or "").strip()
        return {
            "image": {"image": block_value.get("image"), "alt_text": alt_text, "decorative": not alt_text},
            "caption": block_value.get("caption") or "",
        }

    @property
    def operation_name_fragment(self):
        return "image_struct_to_image_block"


@deconstructible
class FromImageBlockOperation(BaseBlockOperation):
    """The reverse: a decorative image goes back to an empty alt text, as the old block stored it."""

    def apply(self, block_value):
        if not isinstance(block_value, dict) or not _is_new_shape(block_value):
            return block_value
        image = block_value["image"]
        return {
            "image": image.get("image"),
            "alt_text": "" if image.get("decorative") else image.get("alt_text") or "",
            "caption": block_value.get("caption") or "",
        }

    @property
    def operation_name_fragment(self):
        return "image_block_to_image_struct"


def _runner(app_label, model_name, operation):
    def run(apps, schema_editor):
        migrate = MigrateStreamData(app_label, model_name, "body", [(operation, BLOCK_PATH)])
        migrate.migrate_stream_data_forward(apps, schema_editor)

    return run


def migrate_images(app_label, model_name):
    """RunPython code: convert `app_label.model_name`.body, live content and all revisions."""
    return _runner(app_label, model_name, ToImageBlockOperation())


def unmigrate_images(app_label, model_name):
    """RunPython reverse code: back to the old struct shape."""
    return _runner(app_label, model_name, FromImageBlockOperation())
