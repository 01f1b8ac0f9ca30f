from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3"), ("h4", "Heading 4")], default="h2")

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"
        preview_value = {"text": "Working together", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    """Wagtail's own ImageBlock (the image, its alt text and an "Image is decorative" flag) plus the
    optional caption that ImageBlock lacks. Stored as
    {"image": {"image": id, "alt_text": str, "decorative": bool}, "caption": str};
    home.image_block_migration converts content saved before (one flat struct, no flag)."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/image_block.html"
        preview_value = {"caption": "Volunteers at the community hub"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote_block.html"
        preview_value = {"text": "Small groups see what big plans miss.", "attribution": "A community organiser"}


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=100)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        template = "home/blocks/call_to_action_block.html"
        preview_value = {"text": "Join the conversation", "url": "https://example.org/"}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, max_length=200, help_text="Defaults to the document's title.")

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link_block.html"
        preview_value = {"title": "Partnership toolkit (PDF)"}


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        icon="pilcrow",
        template="home/blocks/paragraph_block.html",
        preview_value="<p>Councils and community groups meet here as equals.</p>",
    )
    image = CaptionedImageBlock()
    embed = EmbedBlock(
        help_text="A YouTube or Vimeo link, for example.",
        icon="media",
        template="home/blocks/embed_block.html",
        preview_value="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
