from django import forms


class CasePageForm(forms.Form):
    """A small form of the referral page, which shows several at once: each writes its
    fields' ids with its own prefix (id_flag-reason, id_visit-note), so no two forms of the
    page share an id and every label and error-summary link reaches its own field."""

    id_prefix = ""
    # Every instance has the same fields, labels, help and choices (only initial values
    # differ): the page writes an empty form's field groups once per process and value
    # (core.templatetags.fast_forms). A subclass that changes its fields per instance
    # must say False.
    fixed_fields = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
