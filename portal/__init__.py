# Named `portal`, not `site`: a package called `site` is shadowed by Python's
# standard-library module of that name.
from .celery import app as celery_app

__all__ = ["celery_app"]
