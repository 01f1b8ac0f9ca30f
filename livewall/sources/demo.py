"""Demo content for this app (called by `manage.py load_demo`)."""


def build(command):
    pass


def reset(command):
    pass
