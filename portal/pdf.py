"""The one place PDFs are made: an HTML template rendered by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string

PANGO_MISSING = (
    "WeasyPrint cannot find the Pango library. On Debian/Ubuntu install it with:\n"
    "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core"
)


def pdf_support_problem() -> str | None:
    """None when PDFs can be rendered here, else what to install."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return PANGO_MISSING
    return None


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
