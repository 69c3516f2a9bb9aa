"""Forms of a referral and a transfer: creating, editing, attachments and flags."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import ReasonCode

from ..models import CaseFlag, CriterionAnswer, Referral, Urgency
from ..validators import describe_upload_field, validate_upload
from .page import CasePageForm

# A reason is a few paragraphs; anything longer is a mistake or an attack, not casework.
REASON_MAX_LENGTH = 5000


class ReferralCreateForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the household needs and why this programme; no more than needed."),
    )
    # Shown only when the client already has an open referral to the chosen programme.
    confirm_duplicate = forms.BooleanField(
        label=_("Yes, create another referral to this programme"),
        required=False,
        widget=forms.HiddenInput(),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: (
            f"{p.stage_label or '—'}: {p.name} – {p.organisation.short_name or p.organisation.name}"
        )


class TransferForm(ReferralCreateForm):
    reason = forms.CharField(
        label=_("Why the client should move"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    move_down_code = forms.ModelChoiceField(
        label=_("Reason to move down (for a move to a lower stage)"),
        queryset=ReasonCode.objects.filter(code_list=ReasonCode.List.MOVE_DOWN, is_active=True),
        required=False,
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_stage = current.stage if current is not None else None

    def clean(self):
        cleaned = super().clean()
        programme = cleaned.get("programme")
        before = self.current_stage
        moving_down = (
            programme is not None
            and programme.stage is not None
            and before is not None
            and programme.stage.level < before.level
        )
        if moving_down and not cleaned.get("move_down_code"):
            self.add_error("move_down_code", _("Choose the reason to move down."))
        return cleaned


class ReferralEditForm(forms.Form):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, referral: Referral, checks=None, **kwargs):
        kwargs.setdefault("initial", {"urgency": referral.urgency, "reason": referral.reason})
        super().__init__(*args, **kwargs)
        # Each answer with what the client record says of its condition now.
        self.checks = list(checks) if checks is not None else []
        self.evaluations = {c.answer.pk: c.evaluation for c in self.checks}
        self.answers = (
            [c.answer for c in self.checks] if checks is not None else list(referral.answers.all())
        )
        for answer in self.answers:
            self.fields[f"answer_{answer.pk}"] = forms.ChoiceField(
                label=answer.criterion_text,
                choices=CriterionAnswer.Answer.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=answer.answer,
            )
            self.fields[f"note_{answer.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500, initial=answer.note
            )

    def criteria(self):
        for answer in self.answers:
            yield (
                answer,
                self[f"answer_{answer.pk}"],
                self[f"note_{answer.pk}"],
                self.evaluations.get(answer.pk),
            )

    def answers_for_service(self) -> dict:
        return {
            answer.criterion_id: {
                "answer": self.cleaned_data.get(f"answer_{answer.pk}", ""),
                "note": self.cleaned_data.get(f"note_{answer.pk}", ""),
            }
            for answer in self.answers
            if answer.criterion_id
        }


class AttachmentForm(CasePageForm):
    id_prefix = "attachment"

    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe_upload_field(self.fields["file"])

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded)
        return uploaded


class FlagForm(CasePageForm):
    id_prefix = "flag"

    kind = forms.ChoiceField(label=_("Kind"), choices=CaseFlag.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
