"""One way to write a table for a spreadsheet, safe against formula injection.

Every CSV and XLSX the portal produces (officials' offers, scores and results,
the public results, the organisations list in the admin) goes through
``table_response``:

- a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets a leading ``'`` (OWASP, "CSV injection"), so an organisation called
  ``=HYPERLINK(...)`` is shown, not run, in the official's spreadsheet;
- numbers stay numbers: a negative amount is a number, not a formula, so only
  text is neutralised; in XLSX they are numeric cells, in CSV they carry a
  decimal comma (what a Polish spreadsheet reads as a number);
- CSV uses semicolons and UTF-8 with a BOM, which Excel in Poland opens as is.

An export that holds data about people is logged as a security event.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

from .security_log import log_security_event

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula it would run."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _local(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets have no time zones: Warsaw time, as every page shows it.
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_cell(value) -> str:
    """One CSV cell: numbers with a decimal comma, dates in ISO order, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if _is_number(value):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = ", ".join(force_str(item) for item in value)
    return neutralise(force_str(value))


def xlsx_cell(value):
    """One XLSX cell value: numbers and dates typed, text neutralised (and never a formula cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if _is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(force_str(item) for item in value)
    return neutralise(force_str(value))


class _Line:
    """A file-like target for csv.writer that hands back each line instead of keeping it."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    """The table as CSV lines (UTF-8 bytes, the first with a BOM), for a streaming response."""
    writer = csv.writer(_Line(), delimiter=";")
    yield ("\ufeff" + writer.writerow([csv_cell(value) for value in header])).encode()
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row]).encode()


def xlsx_bytes(header, rows, *, title: str = "Arkusz1") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Arkusz1")
    for values in [header, *rows]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, xlsx_cell(value))
            if cell.data_type == "f":
                # openpyxl reads any text starting with "=" as a formula; neutralised text does not
                # start with "=", but a formula cell must never be written, whatever the value.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    header, rows, *, filename: str, fmt: str, request=None, personal_data: bool = False, export: str = ""
) -> HttpResponse | StreamingHttpResponse:
    """The table as a CSV or XLSX download named ``filename``.``fmt``.

    ``personal_data``: the table holds data about people (names, e-mails, phones), so the
    export is logged with who asked for it, from where, and how many rows.
    """
    rows = list(rows)
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows, title=filename), content_type=XLSX_CONTENT_TYPE)
    else:
        # Streamed, as Wagtail streams its CSV: a long list is not held twice in memory.
        response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if personal_data:
        log_security_event(
            "personal_data_export", request=request, export=export or filename, rows=len(rows), format=fmt
        )
    return response


class SafeSpreadsheetExportMixin:
    """For a Wagtail listing with ``list_export``: its CSV and XLSX go through ``table_response``.

    Wagtail's own CSV writes formulas through unchanged (its XLSX only stops them being
    formula cells), uses commas and has no BOM.
    """

    export_personal_data = False

    def as_spreadsheet(self, queryset, spreadsheet_format):
        header = [self.get_heading(queryset, field) for field in self.list_export]
        rows = [list(self.to_row_dict(item).values()) for item in queryset]
        return table_response(
            header,
            rows,
            filename=self.get_filename(),
            fmt=spreadsheet_format if spreadsheet_format in FORMATS else "csv",
            request=self.request,
            personal_data=self.export_personal_data,
            export=self.get_filename(),
        )


def safe_index_view(base, *, personal_data: bool = False):
    """``base`` (a Wagtail IndexView class) with its exports through ``table_response``."""
    return type(
        f"Safe{base.__name__}", (SafeSpreadsheetExportMixin, base), {"export_personal_data": personal_data}
    )
