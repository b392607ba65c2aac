"""The one entry point for permissions: ``can(user, action, obj)``.

Views, the admin, services and tasks all ask here, so a rule lives in exactly
one place. Each app registers its rules in its own ``permissions.py``::

    @rule("organisation.edit")
    def edit_organisation(user, organisation):
        ...return Decision.allow() or Decision.deny(_("why"))

A ``Decision`` is truthy when allowed and carries the reason when refused, so a
caller can show the user why.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _

NOT_SIGNED_IN = _("Sign in to do this.")
NO_SUCH_ACTION = _("This action is not available.")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def allow(cls) -> "Decision":
        return cls(True)

    @classmethod
    def deny(cls, reason) -> "Decision":
        return cls(False, reason)


Rule = Callable[..., Decision | bool]
_rules: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the function deciding ``action``; one function per action."""

    def register(func: Rule) -> Rule:
        if action in _rules and _rules[action] is not func:
            raise ValueError(f"Permission rule for {action!r} is already registered")
        _rules[action] = func
        return func

    return register


def registered_actions() -> list[str]:
    return sorted(_rules)


def can(user, action: str, obj=None) -> Decision:
    """Decide whether ``user`` may do ``action`` (to ``obj``, where it applies)."""
    decision = _decide(user, action, obj)
    if not decision:
        _remember_refusal(action, decision.reason)
    return decision


def _decide(user, action: str, obj) -> Decision:
    func = _rules.get(action)
    if func is None:
        return Decision.deny(NO_SUCH_ACTION)
    if user is None or not user.is_authenticated:
        return Decision.deny(NOT_SIGNED_IN)
    if not user.is_active:
        return Decision.deny(NOT_SIGNED_IN)
    result = func(user, obj)
    if isinstance(result, Decision):
        return result
    return Decision.allow() if result else Decision.deny(NO_SUCH_ACTION)


# The refusals of the current request, newest last: views raise ``PermissionDenied(reason)``
# without the action, and the 403 handler finds the action again by its reason, so that
# the security log names it without every view having to.
_refusals: ContextVar[tuple] = ContextVar("permission_refusals", default=())
_REFUSALS_KEPT = 16


def _remember_refusal(action: str, reason) -> None:
    _refusals.set((*_refusals.get(), (action, reason))[-_REFUSALS_KEPT:])


def forget_refusals(**kwargs) -> None:
    _refusals.set(())


request_started.connect(forget_refusals, dispatch_uid="portal.permissions.forget_refusals")


def refused_action(exception) -> str:
    """The action whose refusal (by ``can`` in this request) became ``exception``; "" if none."""
    if exception is None or not exception.args:
        return ""
    message = str(exception.args[0])
    for action, reason in reversed(_refusals.get()):
        if str(reason) == message:
            return action
    return ""


def ensure(user, action: str, obj=None) -> None:
    """Raise ``PermissionDenied`` with the reason when ``can`` refuses."""
    decision = can(user, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
