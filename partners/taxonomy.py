"""Shared vocabularies: regions, pathway stages and target groups.

Knowledge items, programmes and referrals all speak of the same stages and target groups,
so the vocabulary lives with the partners app, which owns organisations and programmes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    PRAHA = "praha", "Hlavní město Praha"
    STREDOCESKY = "stredocesky", "Středočeský kraj"
    JIHOCESKY = "jihocesky", "Jihočeský kraj"
    PLZENSKY = "plzensky", "Plzeňský kraj"
    KARLOVARSKY = "karlovarsky", "Karlovarský kraj"
    USTECKY = "ustecky", "Ústecký kraj"
    LIBERECKY = "liberecky", "Liberecký kraj"
    KRALOVEHRADECKY = "kralovehradecky", "Královéhradecký kraj"
    PARDUBICKY = "pardubicky", "Pardubický kraj"
    VYSOCINA = "vysocina", "Kraj Vysočina"
    JIHOMORAVSKY = "jihomoravsky", "Jihomoravský kraj"
    OLOMOUCKY = "olomoucky", "Olomoucký kraj"
    ZLINSKY = "zlinsky", "Zlínský kraj"
    MORAVSKOSLEZSKY = "moravskoslezsky", "Moravskoslezský kraj"


class PathwayStage(models.Model):
    """A rung of the housing pathway ("prostupné bydlení"), ordered by `level`.

    The standard rungs are created by a data migration; a programme names its own local
    stage on top of one of them (see Programme.local_stage_name).
    """

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["level"]
        verbose_name = _("pathway stage")
        verbose_name_plural = _("pathway stages")

    def __str__(self):
        return self.name


class TargetGroup(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.name


STANDARD_STAGES = [
    ("krizove", "Krizové bydlení", 10),
    ("nizkoprahove", "Nízkoprahové bydlení", 20),
    ("treninkove", "Vstupní / tréninkové bydlení", 30),
    ("socialni", "Sociální bydlení", 40),
    ("dostupne", "Dostupné bydlení", 50),
    ("standardni", "Standardní nájem", 60),
]

STANDARD_TARGET_GROUPS = [
    ("rodiny-s-detmi", "Rodiny s dětmi v bytové nouzi"),
    ("samozivitele", "Samoživitelé a samoživitelky"),
    ("ubytovny", "Lidé na ubytovnách"),
    ("azylove-domy", "Lidé v azylových domech"),
    ("svl", "Obyvatelé sociálně vyloučených lokalit"),
    ("bez-domova", "Lidé bez domova"),
    ("domaci-nasili", "Oběti domácího násilí"),
    ("odchazejici-z-pece", "Mladí lidé opouštějící ústavní a pěstounskou péči"),
    ("po-vykonu-trestu", "Lidé vracející se z výkonu trestu"),
    ("kumulace-problemu", "Lidé s kumulací problémů (dluhy, nezaměstnanost)"),
    ("seniori", "Senioři s nízkými příjmy"),
]
