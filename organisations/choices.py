from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does on the platform. All but NGO member are groups;
    NGO member follows from a membership of an organisation."""

    EDITOR = "editor", _("Editor")
    OFFICIAL = "official", _("Official")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    NGO_MEMBER = "ngo_member", _("NGO member")
    FACILITY_MANAGER = "facility_manager", _("Facility manager")
    MONITORING_ADMIN = "monitoring_admin", _("Monitoring administrator")


# Group names are stable identifiers; "Editors" and "Moderators" are Wagtail's own.
ROLE_GROUPS = {
    Role.EDITOR: "Editors",
    Role.OFFICIAL: "Officials",
    Role.COMMITTEE_MEMBER: "Committee members",
    Role.FACILITY_MANAGER: "Facility managers",
    Role.MONITORING_ADMIN: "Monitoring administrators",
}
GROUP_ROLES = {name: role for role, name in ROLE_GROUPS.items()}

# Roles that see other people's data or publish for the city sign in with a second factor.
SECOND_FACTOR_ROLES = {Role.EDITOR, Role.OFFICIAL, Role.COMMITTEE_MEMBER, Role.MONITORING_ADMIN}
# Roles that work in the Wagtail admin.
ADMIN_ROLES = {Role.EDITOR, Role.OFFICIAL, Role.MONITORING_ADMIN}


class LegalForm(models.TextChoices):
    ASSOCIATION = "stowarzyszenie", _("Association (stowarzyszenie)")
    ORDINARY_ASSOCIATION = "stowarzyszenie_zwykle", _("Ordinary association")
    FOUNDATION = "fundacja", _("Foundation (fundacja)")
    SOCIAL_COOPERATIVE = "spoldzielnia_socjalna", _("Social cooperative")
    CHURCH_ENTITY = "osoba_prawna_kosciola", _("Church legal person")
    NONPROFIT_COMPANY = "spolka_non_profit", _("Non-profit company")
    SPORTS_CLUB = "klub_sportowy", _("Sports club")
    OTHER = "inna", _("Other")


class District(models.TextChoices):
    """The 18 districts (dzielnice) of Warsaw."""

    BEMOWO = "bemowo", "Bemowo"
    BIALOLEKA = "bialoleka", "Białołęka"
    BIELANY = "bielany", "Bielany"
    MOKOTOW = "mokotow", "Mokotów"
    OCHOTA = "ochota", "Ochota"
    PRAGA_POLUDNIE = "praga-poludnie", "Praga-Południe"
    PRAGA_POLNOC = "praga-polnoc", "Praga-Północ"
    REMBERTOW = "rembertow", "Rembertów"
    SRODMIESCIE = "srodmiescie", "Śródmieście"
    TARGOWEK = "targowek", "Targówek"
    URSUS = "ursus", "Ursus"
    URSYNOW = "ursynow", "Ursynów"
    WAWER = "wawer", "Wawer"
    WESOLA = "wesola", "Wesoła"
    WILANOW = "wilanow", "Wilanów"
    WLOCHY = "wlochy", "Włochy"
    WOLA = "wola", "Wola"
    ZOLIBORZ = "zoliborz", "Żoliborz"


class PlaceKind(models.TextChoices):
    SEAT = "seat", _("Registered seat")
    FACILITY = "facility", _("Facility")
    ACTIVITY_POINT = "activity_point", _("Activity point")
