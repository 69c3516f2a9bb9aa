"""The partners app's models, one module per subject; import them from here."""

from ..taxonomy import PathwayStage, Region, TargetGroup
from .contacts import Contact
from .intake import ConditionKind, IntakeCriterion
from .organisations import Membership, Organisation
from .programmes import Approach, Programme, VisitPhase
from .reasons import ReasonCode
from .registry import RegistryRecord

__all__ = [
    "Approach",
    "Contact",
    "Membership",
    "Organisation",
    "PathwayStage",
    "Programme",
    "IntakeCriterion",
    "ConditionKind",
    "ReasonCode",
    "Region",
    "RegistryRecord",
    "TargetGroup",
    "VisitPhase",
]
