"""Referrals between organisations, their intake answers, attachments, decisions and flags."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from partners.models import IntakeCriterion, Organisation, Programme, ReasonCode

from .. import workflow
from ..conditions import VERDICT_LABELS, Verdict
from ..storage import attachment_path, private_storage
from ..validators import validate_meeting_date
from .clients import Client


class CaseworkGroup(models.Model):
    """The Django group that holds one organisation's members in one casework role.

    Object permissions on referrals and clients are granted to these groups, so a new or
    deactivated member gains or loses access to every case at once (see signals.py)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="casework")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="casework_groups"
    )
    role = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"], name="casework_group_unique_role"
            )
        ]

    def __str__(self):
        return self.group.name


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SOON = "soon", _("Soon (within weeks)")
    URGENT = "urgent", _("Urgent (acute housing need)")


class Outcome(models.TextChoices):
    SUCCESSFUL_EXIT = "successful_exit", _("Successful exit")
    MOVED_ON = "moved_on", _("Moved on")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    EXCLUDED = "excluded", _("Excluded")


class Direction(models.TextChoices):
    UP = "up", _("Up the pathway")
    DOWN = "down", _("Down the pathway")
    LEVEL = "level", _("On the same stage")


class Referral(models.Model):
    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Referral (shares the case)")
        TRANSFER = "transfer", _("Transfer (hands the case over)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REFERRAL)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous referral in the chain"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_referrals",
    )
    sender_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="referrals"
    )
    receiver_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
        editable=False,
    )
    reason = models.TextField(_("reason for the referral"), blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(s.value, workflow.STATUS_LABELS[s]) for s in workflow.Status],
        default=workflow.Status.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    status_note = models.TextField(
        _("note to the status"),
        blank=True,
        help_text=_("The reason for a decline, the information requested, a closing note."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # Coded reasons beside the free-text note (status_note, reason): the reports count these.
    decline_code = models.ForeignKey(
        ReasonCode,
        verbose_name=_("reason for the decline"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list": ReasonCode.List.DECLINE},
    )
    move_down_code = models.ForeignKey(
        ReasonCode,
        verbose_name=_("reason to move down"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list": ReasonCode.List.MOVE_DOWN},
    )
    # A transfer's receiver took the case over at this moment (see services.referral_place).
    handed_over_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set on the referrals of the chain before a hand-over: their parties keep read access
    # to their own history and nothing more.
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The history is read by referral (id) and date only; the indexes the copied fields
    # would bring (ten of them, with the LIKE twins) only slow each transition's insert.
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=[
            "public_id",
            "reference",
            "sender_organisation",
            "receiver_organisation",
            "programme",
            "created_by",
            "previous",
            "status",
        ],
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [("decide_referral", "Decide on a referral")]
        indexes = [
            models.Index(fields=["receiver_organisation", "status"]),
            models.Index(fields=["sender_organisation", "status"]),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("referrals:detail", kwargs={"public_id": self.public_id})

    def save(self, *args, **kwargs):
        if self.programme_id and not self.receiver_organisation_id:
            self.receiver_organisation_id = self.programme.organisation_id
        super().save(*args, **kwargs)

    def get_status_display_label(self):
        return workflow.STATUS_LABELS[workflow.Status(self.status)]

    @property
    def is_terminal(self) -> bool:
        return self.status in workflow.TERMINAL

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def direction(self) -> str:
        """Up, down or level against the previous programme's pathway stage."""
        if self.previous_id is None:
            return ""
        before = self.previous.programme.stage
        after = self.programme.stage
        if before is None or after is None or before.level == after.level:
            return Direction.LEVEL
        return Direction.UP if after.level > before.level else Direction.DOWN

    def get_direction_display(self) -> str:
        return Direction(self.direction).label if self.direction else ""

    def chain(self) -> list["Referral"]:
        """Earlier referrals first, this one, then the ones that followed."""
        earlier = []
        node = self.previous
        while node is not None:
            earlier.append(node)
            node = node.previous
        later = []
        # The referral pages load the referral with `has_next` (selectors.referral_for):
        # a referral that nothing followed needs no query for it.
        node = None if self.__dict__.get("has_next") is False else self._next_in_chain()
        while node is not None:
            later.append(node)
            node = node._next_in_chain()
        return [*reversed(earlier), self, *later]

    def _next_in_chain(self) -> "Referral | None":
        return self.next_referrals.order_by("created_at").first()


class CriterionAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Met")
        NO = "no", _("Not met")
        NOT_APPLICABLE = "na", _("Does not apply")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        IntakeCriterion, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A snapshot: the programme may rewrite its checklist after the referral was sent.
    criterion_text = models.CharField(max_length=300)
    required = models.BooleanField(default=True)
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # What the client record said when the answer was last saved, submitted or decided
    # (referrals.conditions): read by the referral page without evaluating again.
    system_verdict = models.CharField(max_length=10, blank=True)
    system_reason = models.CharField(max_length=300, blank=True)
    # A case reviewer accepted the referral although this required condition was not met.
    override_reason = models.TextField(_("reason for the exception"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "criterion"], name="criterion_answer_unique"
            )
        ]

    def __str__(self):
        return f"{self.referral.reference}: {self.criterion_text[:40]}"

    @property
    def unmet_requirement(self) -> bool:
        return self.required and self.answer == self.Answer.NO

    @property
    def system_verdict_label(self) -> str:
        try:
            return str(VERDICT_LABELS[Verdict(self.system_verdict)])
        except ValueError:
            return ""


class Attachment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.referral.reference} attachment {self.pk}"

    def get_absolute_url(self):
        return reverse("referrals:attachment", kwargs={"public_id": self.public_id})


class ReviewDecision(models.Model):
    """A case-review group's decision, with the members who were present."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        DECLINE = "decline", _("Decline")
        REQUEST_INFO = "request_info", _("Request more information")
        EXCLUDE = "exclude", _("Exclude from the programme")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    meeting_date = models.DateField(_("meeting date"), validators=[validate_meeting_date])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members present"), related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("case-review decision")
        verbose_name_plural = _("case-review decisions")

    def __str__(self):
        return f"{self.referral.reference}: {self.decision}"


class CaseFlag(models.Model):
    class Kind(models.TextChoices):
        RISK = "risk", _("Risk")
        URGENT = "urgent", _("Urgent")
        COMPLAINT = "complaint", _("Complaint")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self):
        return f"{self.referral.reference}: {self.kind}"


class ReferralUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)


class ReferralGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)
