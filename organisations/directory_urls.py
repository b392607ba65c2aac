"""Public directory of organisations and the city map (filled in by the directory views)."""

app_name = "directory"

urlpatterns: list = []
