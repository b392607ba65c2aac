"""The notification feed: a person's own notifications, unread first, and marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.redirects import safe_next_url

from . import services
from .models import Notification

PER_PAGE = 20


@login_required
def notification_list(request):
    """Unread first (newest first within each), or newest first with ?order=newest."""
    order = request.GET.get("order", "unread")
    notifications = Notification.objects.filter(recipient=request.user)
    if order == "newest":
        notifications = notifications.order_by("-created_at", "-pk")
    else:
        order = "unread"
        notifications = notifications.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "order": order,
            "unread_count": Notification.objects.filter(recipient=request.user).unread().count(),
        },
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read; with ``open`` go on to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)  # others' are 404
    services.mark_read(user=request.user, pks=[notification.pk])
    opens = request.POST.get("open") and notification.url
    if opens and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect(safe_next_url(request, reverse("notifications:list")))


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(safe_next_url(request, reverse("notifications:list")))
