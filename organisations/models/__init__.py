from .organisations import Invitation, Membership, Organisation, Place, PublicBenefitSphere
from .users import User, UserManager

__all__ = ["Invitation", "Membership", "Organisation", "Place", "PublicBenefitSphere", "User", "UserManager"]
