"""StreamField blocks shared by content pages and news."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading.html"
        label = _("Heading")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("warning", _("Important")), ("success", _("Tip"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "home/blocks/callout.html"
        label = _("Call-out")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link.html"
        label = _("Document")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/image.html"
        label = _("Image")


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"),
        max_length=200,
        help_text=_("Says what the table shows; read out by screen readers."),
    )
    table = TableBlock(label=_("Table"), table_options={"contextMenu": True})

    class Meta:
        icon = "table"
        template = "home/blocks/table.html"
        label = _("Table")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    table = TableWithCaptionBlock()
    callout = CalloutBlock()


class FAQQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    anchor = blocks.CharBlock(
        label=_("Link name"),
        required=False,
        max_length=80,
        help_text=_(
            "Used in the address of this answer, e.g. jak-zlozyc-oferte. "
            "Made from the question if left empty."
        ),
    )
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question")


class FAQCategoryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Category"), max_length=120)
    questions = blocks.ListBlock(FAQQuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Category")


class LinkBlock(blocks.StructBlock):
    """A menu entry: a page of the site or an address outside it."""

    title = blocks.CharBlock(
        label=_("Label"), max_length=60, required=False, help_text=_("Defaults to the page title.")
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        cleaned = super().clean(value)
        if bool(cleaned.get("page")) == bool(cleaned.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an address, not both."))}
            )
        if cleaned.get("url") and not cleaned.get("title"):
            raise StructBlockValidationError(
                block_errors={"title": ValidationError(_("A link to another site needs a label."))}
            )
        return cleaned


class FooterColumnBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=60)
    # Site settings have no translations: the English site reads this, else the Polish heading.
    heading_en = blocks.CharBlock(label=_("Heading in English"), max_length=60, required=False)
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        label = _("Column")
