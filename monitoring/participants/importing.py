"""Import of participants from a CSV or XLSX file: every row checked, all saved or none.

Columns (the first row, in any order; Polish names as an organisation's spreadsheet has them):
``imie``, ``nazwisko``, ``data_urodzenia`` (RRRR-MM-DD or DD.MM.RRRR) or ``rok_urodzenia``,
``plec`` (K, M or empty), ``dzielnica``, ``szkola`` (a school's name or RSPO number), ``rodzina``
(the family's name; a family not recorded yet is created).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.choices import District
from portal.permissions import ensure

from ..audit import audit_record_many
from ..choices import AuditAction, Gender
from ..models import Family, Participant, School
from .services import participant_check_birth

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("imie", "nazwisko", "data_urodzenia", "rok_urodzenia", "plec", "dzielnica", "szkola", "rodzina")

FILE_TOO_LARGE = _("The file is larger than 5 MB.")
FILE_TOO_LONG = _("The file has more than 5000 rows; split it into smaller files.")
FILE_UNREADABLE = _("The file cannot be read: save it as CSV (UTF-8) or XLSX.")
FILE_EMPTY = _("The file has no rows of participants.")
MISSING_COLUMNS = _("The first row must name the columns; missing: %(columns)s.")
ROW_NAME_MISSING = _("the first name and the last name are required")
ROW_BAD_DATE = _("“%(value)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY)")
ROW_BAD_YEAR = _("“%(value)s” is not a year")
ROW_BAD_GENDER = _("“%(value)s” is not a gender (use K, M or leave empty)")
ROW_BAD_DISTRICT = _("“%(value)s” is not a district of Warsaw")
ROW_BAD_SCHOOL = _("no school “%(value)s” is recorded")
ROW_DUPLICATE_IN_FILE = _("the same person as in row %(row)s")


@dataclass
class ImportReport:
    created: int = 0
    flagged: int = 0
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)


def _rows_from_csv(data: bytes):
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    return list(csv.reader(io.StringIO(text), dialect))


def _rows_from_xlsx(data: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else v for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def _read(upload) -> list[list]:
    if upload.size > MAX_BYTES:
        raise ValidationError(FILE_TOO_LARGE)
    data = upload.read()
    try:
        rows = _rows_from_xlsx(data) if upload.name.lower().endswith(".xlsx") else _rows_from_csv(data)
    except Exception:  # any malformed file (bad zip, bad encoding, no delimiter) is the user's to fix
        raise ValidationError(FILE_UNREADABLE) from None
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if len(rows) < 2:
        raise ValidationError(FILE_EMPTY)
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(FILE_TOO_LONG)
    return rows


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


DISTRICTS = {**{v: v for v in District.values}, **{label.casefold(): v for v, label in District.choices}}
GENDERS = {"k": Gender.FEMALE, "m": Gender.MALE, "": Gender.UNDISCLOSED}


def _participant(organisation, record, schools) -> tuple[Participant, str, list[str]]:
    errors = []
    participant = Participant(
        organisation=organisation,
        first_name=str(record.get("imie", "")).strip()[:100],
        last_name=str(record.get("nazwisko", "")).strip()[:100],
    )
    if not participant.first_name or not participant.last_name:
        errors.append(str(ROW_NAME_MISSING))
    born = record.get("data_urodzenia", "")
    if str(born).strip():
        try:
            participant.birth_date = _date(born)
        except ValueError:
            errors.append(str(ROW_BAD_DATE % {"value": born}))
    year = str(record.get("rok_urodzenia", "")).strip()
    if year:
        try:
            participant.birth_year = int(float(year))
        except ValueError:
            errors.append(str(ROW_BAD_YEAR % {"value": year}))
    if not errors:
        try:
            participant_check_birth(participant)
        except ValidationError as error:
            errors.extend(str(message) for message in error.messages)
    gender = str(record.get("plec", "")).strip()
    if gender.casefold() in GENDERS:
        participant.gender = GENDERS[gender.casefold()]
    else:
        errors.append(str(ROW_BAD_GENDER % {"value": gender}))
    district = str(record.get("dzielnica", "")).strip()
    if district:
        if district.casefold() in DISTRICTS:
            participant.district = DISTRICTS[district.casefold()]
        else:
            errors.append(str(ROW_BAD_DISTRICT % {"value": district}))
    school = str(record.get("szkola", "")).strip()
    if school:
        participant.school = schools.get(school.casefold())
        if participant.school is None:
            errors.append(str(ROW_BAD_SCHOOL % {"value": school}))
    return participant, str(record.get("rodzina", "")).strip()[:200], errors


def participants_import(*, user, organisation, upload) -> ImportReport:
    """Check every row of ``upload``; save all participants in one transaction, or none.

    Raises ValidationError for a file that cannot be read at all. A report with ``rejected``
    rows (row number as in the spreadsheet, messages) means nothing was saved.
    """
    ensure(user, "monitoring.manage", organisation)
    rows = _read(upload)
    header = [str(cell).strip().casefold() for cell in rows[0]]
    missing = [c for c in ("imie", "nazwisko") if c not in header]
    if not {"data_urodzenia", "rok_urodzenia"} & set(header):
        missing.append("data_urodzenia / rok_urodzenia")
    if missing:
        raise ValidationError(MISSING_COLUMNS % {"columns": ", ".join(missing)})
    schools = {}
    for school in School.objects.all():
        schools[school.name.casefold()] = school
        if school.rspo:
            schools[school.rspo] = school
    report = ImportReport()
    parsed, seen = [], {}
    for number, values in enumerate(rows[1:], start=2):
        record = {
            name: values[i] if i < len(values) else "" for i, name in enumerate(header) if name in COLUMNS
        }
        participant, family, errors = _participant(organisation, record, schools)
        key = (f"{participant.first_name} {participant.last_name}".casefold(), participant.birth_date)
        if participant.birth_date and key in seen:
            errors.append(str(ROW_DUPLICATE_IN_FILE % {"row": seen[key]}))
        seen.setdefault(key, number)
        if errors:
            report.rejected.append((number, errors))
        parsed.append((participant, family))
    if report.rejected:
        return report
    existing = {
        (p.name_key, p.birth_date): p
        for p in Participant.objects.filter(organisation=organisation, anonymised_at__isnull=True).filter(
            ~Q(birth_date=None)
        )
    }
    with transaction.atomic():
        families = {f.name.casefold(): f for f in Family.objects.filter(organisation=organisation)}
        created = []
        for participant, family_name in parsed:
            if family_name:
                family = families.get(family_name.casefold())
                if family is None:
                    family = Family.objects.create(organisation=organisation, name=family_name)
                    families[family_name.casefold()] = family
                participant.family = family
            key = (f"{participant.first_name} {participant.last_name}".casefold(), participant.birth_date)
            participant.duplicate_of = existing.get(key) if participant.birth_date else None
            participant.name_key = key[0]  # bulk_create skips Participant.save, which sets it
            created.append(participant)
        created = Participant.objects.bulk_create(created, batch_size=500)
        audit_record_many(
            user=user,
            organisation=organisation,
            action=AuditAction.CREATE,
            what="import",
            participants=created,
        )
    report.created = len(created)
    report.flagged = sum(1 for p in created if p.duplicate_of_id)
    return report
