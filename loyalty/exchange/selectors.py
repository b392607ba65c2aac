from ..models import ExchangePost


def open_posts():
    return (
        ExchangePost.objects.filter(closed_at__isnull=True).select_related("facility").order_by("-created_at")
    )


def posts_of(*, facility):
    return (
        ExchangePost.objects.filter(facility=facility).select_related("matched_with").order_by("-created_at")
    )
