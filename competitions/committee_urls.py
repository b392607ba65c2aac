"""Committee members' screens, under /konto/komisja/."""

app_name = "committee"

urlpatterns = []
