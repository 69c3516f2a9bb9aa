from .agencies import AgencyInvolvement, BenefitRecord
from .clients import (
    Category,
    Client,
    ClientAccessLog,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    HouseholdMember,
    HousingSituation,
    ReferenceSequence,
)
from .consents import Consent
from .dataprotection import DataProtectionEvent
from .finance import (
    FinanceRules,
    HouseRuleBreach,
    Payment,
    PaymentImport,
    RentTerms,
    StayAccount,
)
from .notifications import Notification
from .referrals import (
    Attachment,
    CaseFlag,
    CaseworkGroup,
    CriterionAnswer,
    Direction,
    Outcome,
    Referral,
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
    ReviewDecision,
    Urgency,
)
from .stays import LeaseRenewal, PlanGoal, Stay, Visit

__all__ = [
    "AgencyInvolvement",
    "BenefitRecord",
    "Attachment",
    "CaseFlag",
    "CaseworkGroup",
    "Category",
    "Client",
    "ClientAccessLog",
    "ClientGroupObjectPermission",
    "ClientUserObjectPermission",
    "Consent",
    "CriterionAnswer",
    "DataProtectionEvent",
    "FinanceRules",
    "HouseRuleBreach",
    "Direction",
    "HouseholdMember",
    "HousingSituation",
    "LeaseRenewal",
    "Notification",
    "Outcome",
    "Payment",
    "PaymentImport",
    "PlanGoal",
    "Referral",
    "ReferralGroupObjectPermission",
    "ReferralUserObjectPermission",
    "ReferenceSequence",
    "RentTerms",
    "ReviewDecision",
    "Stay",
    "StayAccount",
    "Urgency",
    "Visit",
]
