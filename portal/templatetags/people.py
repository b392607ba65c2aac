"""How people are named in pages: ``{% load people %}`` then ``{{ offer.saved_by|person }}``."""

from django import template

from organisations.services.personal_data import person_label

register = template.Library()


@register.filter
def person(user) -> str:
    """The person's name, or "former member" once they deleted their account; "" for no one
    (so ``|person|default:_("system")`` still works)."""
    return person_label(user)
