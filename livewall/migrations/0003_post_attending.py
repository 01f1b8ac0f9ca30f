# "presence" meant three things (where a post's author was, post counts by that, live watcher
# counts); a post's field is now `attending`: in the room or remote.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("livewall", "0002_wall_moderator_group")]

    operations = [migrations.RenameField(model_name="post", old_name="presence", new_name="attending")]
