"""The monitoring base's fixed vocabularies, shared by every stage."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitoringRole(models.TextChoices):
    """What a member of an organisation does in the monitoring base; given by the organisation's admin."""

    COORDINATOR = "coordinator", _("Coordinator")
    EDUCATOR = "educator", _("Educator")


class AccessState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class AccessRoute(models.TextChoices):
    """The two ways in, as the city describes them (I: own request, II: a competition's contract)."""

    REQUEST = "request", _("Request of the organisation")
    CONTRACT = "contract", _("Contract of a competition")


class ProjectKind(models.TextChoices):
    LSW = "lsw", _("Local Support System (consortium)")
    YOUTH_CLUB = "youth_club", _("Youth club")
    DAY_SUPPORT = "day_support", _("Day-support facility")
    EDUCATIONAL_CENTRE = "educational_centre", _("Educational centre (ognisko wychowawcze)")
    OTHER = "other", _("Other project")


# Day-support facilities keep a register of children that includes their PESEL (the family support
# act); no other kind of project needs a national ID, so the field is refused there.
NATIONAL_ID_KINDS = frozenset({ProjectKind.DAY_SUPPORT})


class AgeRange(models.TextChoices):
    """The age ranges of the Local Support Systems (Lokalne Systemy Wsparcia)."""

    AGE_0_6 = "0-6", _("0–6 years")
    AGE_6_18 = "6-18", _("6–18 years")
    AGE_16_26 = "16-26", _("16–26 years")


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")
    UNDISCLOSED = "x", _("Not given")


class ConsentScope(models.TextChoices):
    PARTICIPATION = "participation", _("Participation in the project")
    DATA_PROCESSING = "data_processing", _("Processing of personal data")
    CONSORTIUM = "consortium", _("Sharing with consortium partners")
    IMAGE = "image", _("Use of image")


class ActivityType(models.TextChoices):
    THEMATIC = "thematic", _("Thematic classes")
    SOCIOTHERAPY = "sociotherapy", _("Socio-therapy")
    SPORT = "sport", _("Sport")
    TUTORING = "tutoring", _("Tutoring")
    ART = "art", _("Art and culture")
    TRIP = "trip", _("Trips and outings")
    OTHER = "other", _("Other")


class SupportType(models.TextChoices):
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    PEDAGOGICAL = "pedagogical", _("Pedagogical support")
    SOCIAL_WORK = "social_work", _("Social work")
    FAMILY = "family", _("Family consultation")
    LEGAL = "legal", _("Legal advice")
    OTHER = "other", _("Other")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")
    ANONYMISE = "anonymise", _("Anonymised")


# Spheres of public benefit (art. 4 sec. 1) whose competitions fund monitored projects: social
# assistance (1), family support (1a), family and children's rights (30), addictions and social
# pathologies (31). Organisations with a signed contract in one of them get access in one step.
MONITORED_SPHERE_CODES = ("1", "1a", "30", "31")

# The official city-wide figures hide any count below this, so that no child can be singled out.
SUPPRESSION_THRESHOLD = 5
