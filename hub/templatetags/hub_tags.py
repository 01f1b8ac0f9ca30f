from django import template

register = template.Library()


@register.simple_tag
def discussion_status(discussion, today):
    return discussion.status_label(today)


@register.inclusion_tag("hub/includes/overdue.html")
def overdue_notice(discussion, today):
    return {"discussion": discussion, "days": discussion.overdue_days(today)}
