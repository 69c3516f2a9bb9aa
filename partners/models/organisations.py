"""Organisations of the coalition and the memberships of their users."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..taxonomy import Region
from ..validators import validate_ico


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        CITY_DISTRICT = "city_district", _("City district")
        NGO = "ngo", _("Non-profit organisation")
        SHELTER = "shelter", _("Shelter")
        RENTAL_AGENCY = "rental_agency", _("City rental agency")
        SOCIAL_SERVICES = "social_services", _("Social-service centre")
        REGION = "region", _("Region")
        EXPERT_BODY = "expert_body", _("Expert body")
        # Public bodies and services a case works with without being coalition members.
        CHILD_PROTECTION = "child_protection", _("Child-protection office (OSPOD)")
        LABOUR_OFFICE = "labour_office", _("Labour office (Úřad práce)")
        DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ico = models.CharField(
        # 12 characters: people type IČO with spaces ("003 01 825"); eight digits are stored.
        _("IČO"),
        max_length=12,
        blank=True,
        validators=[validate_ico],
        help_text=_("8 digits"),
    )
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_member = models.BooleanField(
        _("coalition member"),
        default=True,
        help_text=_("Members' users see members-only knowledge."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # City districts act under their city's IČO, so only they may share one.
            models.UniqueConstraint(
                fields=["ico"],
                condition=~models.Q(ico="") & ~models.Q(kind="city_district"),
                name="organisation_unique_ico",
            )
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # validate_ico accepts "003 01 825" as people write it; store the eight digits, or
        # the eight-character limit rejects it with a message that does not mention IČO.
        self.ico = (self.ico or "").replace(" ", "")
        super().clean_fields(exclude=exclude)

    def get_absolute_url(self):
        return reverse("partners:organisation", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        ORG_ADMIN = "org_admin", _("Organisation administrator")
        EDITOR = "editor", _("Editor")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        CASE_REVIEWER = "case_reviewer", _("Case-review group member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
