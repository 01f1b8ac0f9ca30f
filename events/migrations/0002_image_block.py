"""EventPage.body: the "image" block becomes Wagtail's ImageBlock plus a caption. The data step
converts live content and every revision (see home.image_block_migration); it is reversible."""

import wagtail.fields
from django.db import migrations

from home.image_block_migration import migrate_images, unmigrate_images


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='eventpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('embed', 7), ('quote', 10), ('call_to_action', 14), ('document', 17)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 200}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3'), ('h4', 'Heading 4')]}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'icon': 'pilcrow', 'preview_value': '<p>Councils and community groups meet here as equals.</p>', 'template': 'home/blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageBlock', [], {}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.embeds.blocks.EmbedBlock', (), {'help_text': 'A YouTube or Vimeo link, for example.', 'icon': 'media', 'preview_value': 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'template': 'home/blocks/embed_block.html'}), 8: ('wagtail.blocks.TextBlock', (), {}), 9: ('wagtail.blocks.CharBlock', (), {'max_length': 200, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('attribution', 9)]], {}), 11: ('wagtail.blocks.CharBlock', (), {'max_length': 100}), 12: ('wagtail.blocks.PageChooserBlock', (), {'required': False}), 13: ('wagtail.blocks.URLBlock', (), {'required': False}), 14: ('wagtail.blocks.StructBlock', [[('text', 11), ('page', 12), ('url', 13)]], {}), 15: ('wagtail.documents.blocks.DocumentChooserBlock', (), {}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': "Defaults to the document's title.", 'max_length': 200, 'required': False}), 17: ('wagtail.blocks.StructBlock', [[('document', 15), ('title', 16)]], {})}),
        ),
        migrations.RunPython(migrate_images("events", "EventPage"), unmigrate_images("events", "EventPage")),
    ]
