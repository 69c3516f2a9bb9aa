"""Forms of the referral module, split by subject. They parse and validate input; every
rule about who may do what lives in the services, whose domain errors the views add to
these forms."""

from .actions import (
    ACTION_FORMS,
    DECISIONS,
    CloseForm,
    ConfirmForm,
    DecisionForm,
    NoteForm,
    PlaceForm,
    ReasonForm,
)
from .clients import (
    CLIENT_FIELDSETS,
    ClientForm,
    ConsentForm,
    HouseholdFormSet,
    HouseholdMemberForm,
    KeyWorkerForm,
    household_from,
)
from .fields import UserChoiceField, UserMultipleChoiceField
from .lists import ListFilterForm
from .members import MemberAddForm
from .referrals import (
    REASON_MAX_LENGTH,
    AttachmentForm,
    FlagForm,
    ReferralCreateForm,
    ReferralEditForm,
    TransferForm,
)
from .stays import ExtendLeaseForm, GoalForm, GoalUpdateForm, VisitForm

__all__ = [
    "ACTION_FORMS",
    "CLIENT_FIELDSETS",
    "DECISIONS",
    "REASON_MAX_LENGTH",
    "AttachmentForm",
    "ClientForm",
    "CloseForm",
    "ConfirmForm",
    "ConsentForm",
    "DecisionForm",
    "ExtendLeaseForm",
    "FlagForm",
    "GoalForm",
    "GoalUpdateForm",
    "HouseholdFormSet",
    "HouseholdMemberForm",
    "KeyWorkerForm",
    "ListFilterForm",
    "MemberAddForm",
    "NoteForm",
    "PlaceForm",
    "ReasonForm",
    "ReferralCreateForm",
    "ReferralEditForm",
    "TransferForm",
    "UserChoiceField",
    "UserMultipleChoiceField",
    "VisitForm",
    "household_from",
]
