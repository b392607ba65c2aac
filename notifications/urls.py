"""The notification feed, under /konto/powiadomienia/."""

app_name = "notifications"

urlpatterns = []
