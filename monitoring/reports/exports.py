"""The reach report as files: XLSX (one sheet per table) and PDF (through portal.pdf)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from portal.pdf import render_pdf


def _sheets(reach):
    yield (
        _("Summary"),
        [_("Figure"), _("Value")],
        [
            (_("Unique participants"), reach.participants),
            (_("Families"), reach.families),
            (_("Attendance rate"), reach.attendance_rate if reach.attendance_rate is not None else "—"),
            (_("Hours of group activities"), reach.group_hours),
            (_("Hours of individual support"), reach.individual_hours),
        ],
    )
    yield _("By age group"), [_("Age"), _("Participants")], reach.by_age
    yield _("By gender"), [_("Gender"), _("Participants")], reach.by_gender
    yield _("By district"), [_("District"), _("Participants")], reach.by_district
    yield _("By school"), [_("School"), _("Participants")], reach.by_school
    yield (
        _("Group activities"),
        [_("Activity"), _("Type"), _("Sessions"), _("Hours"), _("Attendance rate")],
        [
            (a["title"], a["type"], a["sessions"], a["hours"], a["rate"] if a["rate"] is not None else "—")
            for a in reach.activities
        ],
    )


def reach_xlsx(project, reach) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in _sheets(reach):
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([str(cell) if not isinstance(cell, int | float) else cell for cell in row])
    book.properties.title = project.title
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def reach_pdf(project, reach) -> bytes:
    return render_pdf("monitoring/pdf/reach.html", {"project": project, "reach": reach})
