from django.http import HttpResponse


def health(request):
    """A fixed answer for load balancers; also the floor measured by bench/."""
    return HttpResponse("ok\n", content_type="text/plain")
