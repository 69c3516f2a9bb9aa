"""Forms of the referral module, split by subject. They parse and validate input; every
rule about who may do what lives in the services, whose domain errors the views add to
these forms."""

from .actions import (
    ACTION_FORMS,
    DECISIONS,
    AnswerForm,
    CloseForm,
    ConfirmForm,
    DecisionForm,
    NoteForm,
    PlaceForm,
    ReasonForm,
)
from .agencies import BenefitEndForm, BenefitForm, InvolvementEndForm, InvolvementForm
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
from .finance import (
    AccountForm,
    BreachForm,
    PaymentForm,
    PaymentImportForm,
    PaymentImportUndoForm,
    RentTermsForm,
)
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
    "AccountForm",
    "CLIENT_FIELDSETS",
    "DECISIONS",
    "AnswerForm",
    "REASON_MAX_LENGTH",
    "AttachmentForm",
    "BenefitEndForm",
    "BenefitForm",
    "BreachForm",
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
    "InvolvementEndForm",
    "InvolvementForm",
    "KeyWorkerForm",
    "ListFilterForm",
    "MemberAddForm",
    "NoteForm",
    "PaymentForm",
    "PaymentImportForm",
    "PaymentImportUndoForm",
    "PlaceForm",
    "ReasonForm",
    "ReferralCreateForm",
    "ReferralEditForm",
    "RentTermsForm",
    "TransferForm",
    "UserChoiceField",
    "UserMultipleChoiceField",
    "VisitForm",
    "household_from",
]
