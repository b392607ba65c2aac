"""Part of the "offers" namespace (included by offer_urls)."""

urlpatterns = []
