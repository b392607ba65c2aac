from .access import CoControllerAgreement, MonitoringAccess, StaffRole
from .activities import Activity, Attendance, IndividualSupport, Session
from .audit import AccessLogEntry
from .effects import SCALE_MAX, SCALE_MIN, Assessment, Goal
from .participants import Consent, Enrolment, Family, Participant, Share
from .projects import Project, School

__all__ = [
    "SCALE_MAX",
    "SCALE_MIN",
    "AccessLogEntry",
    "Activity",
    "Assessment",
    "Attendance",
    "CoControllerAgreement",
    "Consent",
    "Enrolment",
    "Family",
    "Goal",
    "IndividualSupport",
    "MonitoringAccess",
    "Participant",
    "Project",
    "School",
    "Session",
    "Share",
    "StaffRole",
]
