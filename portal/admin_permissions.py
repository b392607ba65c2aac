"""Wagtail admin screens ask ``portal.permissions.can`` too."""

from wagtail.permission_policies.base import BasePermissionPolicy

from .permissions import can


class CanPermissionPolicy(BasePermissionPolicy):
    """A Wagtail permission policy that maps admin actions to ``can`` actions.

    ``actions`` maps Wagtail's verbs (view, add, change, delete, …) to names
    registered with ``portal.permissions.rule``; unmapped verbs are refused.
    """

    def __init__(self, model, actions: dict[str, str]):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        name = self.actions.get(action)
        return bool(name and can(user, name))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        name = self.actions.get(action)
        return bool(name and can(user, name, instance))

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True)
        return users.filter(pk__in=[u.pk for u in users if self.user_has_any_permission(u, actions)])
