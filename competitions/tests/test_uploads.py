"""Uploads judged by content (portal.uploads), everywhere the portal accepts a file."""

import base64
import binascii
import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from competitions import budget, report_services
from competitions.choices import ReportKind
from competitions.models import Offer, OfferAttachment
from competitions.tests.offer_helpers import ngo_member, open_competition
from organisations.choices import Role
from portal import uploads

pytestmark = pytest.mark.django_db

GOOD_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_WITH_JS = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF"
# The same action, its names spelt with #xx escapes, inside a compressed object stream.
_HIDDEN = zlib.compress(b"5 0 obj<</S/J#61vaScript/J#53(app.launchURL('http://evil'))>>endobj")
PDF_WITH_HIDDEN_JS = (
    b"%PDF-1.5\n4 0 obj<</Type/ObjStm/Filter/FlateDecode/Length "
    + str(len(_HIDDEN)).encode()
    + b">>stream\n"
    + _HIDDEN
    + b"\nendstream endobj\n%%EOF"
)
# The same, ASCII85-encoded before compression, and hex-encoded.
_A85 = base64.a85encode(zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")) + b"~>"
PDF_WITH_A85_JS = (
    b"%PDF-1.5\n6 0 obj<</Type/ObjStm/Filter[/ASCII85Decode/FlateDecode]>>stream\n"
    + _A85
    + b"\nendstream endobj\n%%EOF"
)
PDF_WITH_HEX_JS = (
    b"%PDF-1.5\n7 0 obj<</Filter/AHx>>stream\n"
    + binascii.hexlify(b"<</S/Launch/F(cmd.exe)>>")
    + b">\nendstream endobj\n%%EOF"
)
PDF_WITH_FIELD_ACTION = b"%PDF-1.4\n1 0 obj<</Type/Annot/AA<</K 2 0 R>>>>endobj\n%%EOF"
PDF_WITH_FILE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>endobj\n"
    b"2 0 obj<</Type/EmbeddedFile/Length 4>>stream\nMZ\x90\x00\nendstream endobj\n%%EOF"
)
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300


def png_bytes(size=(40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


def docx_bytes(document=b"<w:document/>", *, extra=()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document)
        for name, data in extra:
            package.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A 300 kB DOCX that unpacks to 101 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "<w:document/>")
        with package.open("word/media/bomb.bin", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                member.write(chunk)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("oferta.pdf", EXECUTABLE, "nie jest tym, na co wskazuje nazwa"),
        ("statut.pdf", b"", "jest pusty (0 bajtów)"),
        ("statut.pdf", PDF_WITH_JS, "zawiera JavaScript"),
        ("statut.pdf", PDF_WITH_HIDDEN_JS, "zawiera JavaScript"),
        ("statut.pdf", PDF_WITH_FIELD_ACTION, "zawiera JavaScript"),
        ("statut.pdf", PDF_WITH_A85_JS, "zawiera JavaScript"),
        ("statut.pdf", PDF_WITH_HEX_JS, "zawiera JavaScript"),
        ("statut.pdf", PDF_WITH_FILE, "ma osadzone inne pliki"),
        ("budzet.docx", None, "po rozpakowaniu zajmuje ponad 100,0"),
        ("statut.pdf", None, "nie jest tym, na co wskazuje nazwa"),  # a PNG named .pdf
        ("statut.docx", GOOD_PDF, "nie jest tym, na co wskazuje nazwa"),
        ("statut.docx", b"PK\x03\x04 not really a zip" + b"\0" * 40, "jest uszkodzony"),
        ("statut.odt", None, "nie jest tym, na co wskazuje nazwa"),  # a DOCX named .odt
        ("program.exe", EXECUTABLE, "Załącz plik PDF"),
        ("zdjecie.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "jest uszkodzony"),
    ],
)
def test_bad_files_are_refused_as_offer_attachments(client, make_user, name, data, message):
    if data is None:
        data = {"budzet.docx": zip_bomb_docx, "statut.pdf": png_bytes, "statut.odt": docx_bytes}[name]()
    member = ngo_member(make_user)
    competition = open_competition(make_user(Role.OFFICIAL))
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    required = competition.required_attachments.get()
    response = client.post(
        reverse("offers:upload_attachment", args=[offer.pk]),
        {"required": required.pk, "file": upload(name, data)},
        follow=True,
    )
    page = response.content.decode().replace("&nbsp;", " ").replace("\xa0", " ")
    assert message in page
    assert not OfferAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Statut Fundacji 2027.pdf", GOOD_PDF),
        ("budżet.docx", None),
        ("skan.png", None),
        ("arkusz.xlsx", None),
    ],
)
def test_good_files_are_accepted_and_shown_under_their_own_name(client, make_user, name, data):
    if data is None:
        data = {
            "budżet.docx": docx_bytes,
            "skan.png": png_bytes,
            "arkusz.xlsx": lambda: docx_bytes(extra=[("xl/workbook.xml", "<workbook/>")]),
        }[name]()
    member = ngo_member(make_user)
    competition = open_competition(make_user(Role.OFFICIAL))
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    required = competition.required_attachments.get()
    client.post(
        reverse("offers:upload_attachment", args=[offer.pk]),
        {"required": required.pk, "file": upload(name, data)},
    )
    attachment = OfferAttachment.objects.get()
    shown = uploads.display_name(name)
    assert attachment.file_name == shown
    # The storage name is random: nothing typed reaches a path, and the path is never shown.
    assert shown not in attachment.file.name
    page = client.get(reverse("offers:step", args=[offer.pk, "attachments"])).content.decode()
    assert shown in page and attachment.file.name not in page
    download = client.get(reverse("offers:attachment", args=[offer.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == data
    assert (
        "Statut_Fundacji_2027.pdf" in download["Content-Disposition"] or shown != "Statut_Fundacji_2027.pdf"
    )


def test_an_empty_file_does_not_satisfy_a_required_attachment(make_user):
    competition = open_competition(make_user(Role.OFFICIAL))
    member = ngo_member(make_user)
    offer = Offer.objects.create(competition=competition, organisation=member.memberships.get().organisation)
    required = competition.required_attachments.get()
    # A row stored before uploads were checked.
    OfferAttachment.objects.create(offer=offer, required=required, name=required.name, file="x.pdf", size=0)
    assert budget.missing_attachments(competition, offer) == [required.name]


def test_names_are_sanitised_for_display():
    assert uploads.display_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert uploads.display_name("C:\\Users\\ala\\statut.pdf") == "statut.pdf"
    assert uploads.display_name("umowa\u202egpj.pdf") == "umowagpj.pdf"  # no right-to-left override
    assert uploads.display_name('a"b<c>.pdf') == "abc.pdf"
    long_name = uploads.display_name("x" * 500 + ".pdf")
    assert len(long_name) == 200 and long_name.endswith(".pdf")


def test_report_attachments_and_contract_scans_use_the_same_check(make_user):
    from competitions import contract_services
    from competitions.tests.test_reports import signed_offer

    official = make_user(Role.OFFICIAL)
    member = ngo_member(make_user)
    offer = signed_offer(official, member.memberships.get().organisation)
    report = offer.reports.get(kind=ReportKind.FINAL)
    for name, data in (("faktury.pdf", EXECUTABLE), ("faktury.pdf", PDF_WITH_JS), ("faktury.pdf", b"")):
        with pytest.raises(ValidationError):
            report_services.add_report_attachment(user=member, report=report, upload=upload(name, data))
    assert not report.attachments.exists()
    report_services.add_report_attachment(
        user=member, report=report, upload=upload("Faktury VII.pdf", GOOD_PDF)
    )
    assert report.attachments.get().name == "Faktury_VII.pdf"
    for data in (EXECUTABLE, PDF_WITH_FILE, b""):
        with pytest.raises(ValidationError):
            contract_services.check_scan(upload("umowa.pdf", data))
    contract_services.check_scan(upload("umowa.png", png_bytes()))


def test_a_logo_is_judged_by_its_content():
    from organisations.validators import validate_logo

    with pytest.raises(ValidationError, match="PNG, JPEG lub WebP|PNG, JPEG or WebP"):
        validate_logo(upload("logo.exe", EXECUTABLE))
    with pytest.raises(ValidationError) as refused:
        validate_logo(upload("logo.png", EXECUTABLE))
    assert refused.value.code == "content_mismatch"
    with pytest.raises(ValidationError):
        validate_logo(upload("logo.png", b""))
    validate_logo(upload("logo.png", png_bytes()))
