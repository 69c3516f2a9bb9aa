"""Who may keep the coalition's shared data. The code lists of reasons (ReasonCode) are the
secretariat's: its members add codes, rename them and take them out of use; a code that a
record points to is never deleted, by anyone, so the reports keep their meaning."""

from core.access import is_secretariat

from .models import ReasonCode


def can_edit_code_lists(user) -> bool:
    return is_secretariat(user)


def reason_code_in_use(code: ReasonCode) -> bool:
    """Whether any record (a referral, a stay, an offer, or an old version of one kept in
    the history) points to the code. Asked of every model that refers to ReasonCode, so a
    new use elsewhere is covered without a change here."""
    for relation in ReasonCode._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        related = relation.related_model
        if related._default_manager.filter(**{relation.field.name: code.pk}).exists():
            return True
    return False


def can_delete_reason_code(user, code: ReasonCode) -> bool:
    return can_edit_code_lists(user) and not reason_code_in_use(code)
