"""Coalition members from the seeds, keyed by slug.

IČO: the statutory cities, Kadaň, CSSP, Plzeňský kraj and the four Plzeň-region towns carry
their public company numbers (all pass the mod-11 check; verify against ARES before a
public release). Ostrava's city districts are not legal persons and really share the
city's IČO, but the model keeps IČO unique, so they, the rental agency, the shelter, the
NGO and the secretariat get synthetic numbers from the 990010xx range with a valid check
digit. E-mail addresses use the reserved .example domain so that nothing the portal sends
from demo data can reach a real mailbox.
"""

from partners.models import Organisation, Region

from .report import LoadReport

K = Organisation.Kind

ORGANISATIONS = [
    {
        "slug": "statutarni-mesto-prerov",
        "name": "Statutární město Přerov",
        "short_name": "Přerov",
        "kind": K.MUNICIPALITY,
        "ico": "00301825",
        "street_address": "Bratrská 709/34, 750 11 Přerov 2",
        "municipality": "Přerov",
        "region": Region.OLOMOUCKY,
        "website": "https://www.prerov.eu",
        "email": "socialni.prevence@prerov.example",
        "phone": "581 268 111",
        "description": (
            "Pilotní projekt Tréninkové bydlení v sociálních a dostupných bytech ve "
            "vlastnictví města realizuje Oddělení sociální prevence a pomoci Odboru "
            "sociálních věcí a školství Magistrátu města Přerova od 1. 6. 2016."
        ),
    },
    {
        "slug": "mesto-kadan",
        "name": "Město Kadaň",
        "short_name": "Kadaň",
        "kind": K.MUNICIPALITY,
        "ico": "00261238",
        "street_address": "Mírové náměstí 1, 432 01 Kadaň",
        "municipality": "Kadaň",
        "region": Region.USTECKY,
        "website": "https://www.mesto-kadan.cz",
        "email": "socialni.bydleni@kadan.example",
        "description": (
            "Město provozuje třístupňové prostupné sociální bydlení (nízkoprahové, vstupní "
            "a dostupné) a v projektu Sociální bydlení Kadaň tvoří a ověřuje lokální "
            "koncepci sociálního bydlení ve spolupráci s MPSV."
        ),
    },
    {
        "slug": "statutarni-mesto-ostrava",
        "name": "Statutární město Ostrava – Magistrát města Ostravy",
        "short_name": "Ostrava (MMO)",
        "kind": K.MUNICIPALITY,
        "ico": "00845451",
        "street_address": "Prokešovo náměstí 1803/8, 729 30 Ostrava",
        "municipality": "Ostrava",
        "region": Region.MORAVSKOSLEZSKY,
        "website": "https://www.ostrava.cz",
        "email": "bydleni@ostrava.example",
        "description": (
            "Odbor sociálních věcí a zdravotnictví Magistrátu města Ostravy realizoval "
            "projekt Koncepce bydlení a její pilotní ověření: krizové, sociální a dostupné "
            "bydlení v bytech šesti městských obvodů."
        ),
    },
    {
        "slug": "ostrava-jih",
        "name": "Městský obvod Ostrava-Jih",
        "short_name": "Ostrava-Jih",
        "kind": K.CITY_DISTRICT,
        "ico": "99001012",
        "street_address": "Horní 791/3, 700 30 Ostrava-Hrabůvka",
        "municipality": "Ostrava",
        "region": Region.MORAVSKOSLEZSKY,
        "email": "byty@ostrava-jih.example",
        "description": (
            "Městský obvod zapojený do pilotního ověření koncepce bydlení; poskytl byty "
            "pro krizové, sociální a dostupné bydlení."
        ),
    },
    {
        "slug": "moravska-ostrava-a-privoz",
        "name": "Městský obvod Moravská Ostrava a Přívoz",
        "short_name": "MOaP",
        "kind": K.CITY_DISTRICT,
        "ico": "99001021",
        "street_address": "Prokešovo náměstí 1803/8, 729 29 Ostrava",
        "municipality": "Ostrava",
        "region": Region.MORAVSKOSLEZSKY,
        "email": "byty@moap.example",
        "description": (
            "Městský obvod zapojený do pilotního ověření koncepce bydlení, včetně bytů "
            "krizového bydlení."
        ),
    },
    {
        "slug": "poruba",
        "name": "Městský obvod Poruba",
        "short_name": "Poruba",
        "kind": K.CITY_DISTRICT,
        "ico": "99001039",
        "street_address": "Klimkovická 28/55, 708 56 Ostrava-Poruba",
        "municipality": "Ostrava",
        "region": Region.MORAVSKOSLEZSKY,
        "email": "byty@poruba.example",
        "description": "Městský obvod zapojený do pilotního ověření koncepce bydlení.",
    },
    {
        "slug": "cssp",
        "name": "Centrum sociálních služeb Praha",
        "short_name": "CSSP",
        "kind": K.SOCIAL_SERVICES,
        "ico": "70883858",
        "street_address": "Žilinská 2, 141 00 Praha 4",
        "municipality": "Praha",
        "region": Region.PRAHA,
        "website": "https://www.csspraha.cz",
        "email": "konecne.domov@cssp.example",
        "description": (
            "Pobytové a terénní služby pro zranitelné rodiny, Intervenční centrum, sociálně "
            "právní poradna Kontakt a poradny pro rodinu. Projekt Konečně domov podporuje "
            "rodiny a samoživitele s dětmi v bytové nouzi."
        ),
    },
    {
        "slug": "mna-praha",
        "name": "Městská nájemní agentura Praha",
        "short_name": "MNA",
        "kind": K.RENTAL_AGENCY,
        "ico": "99001047",
        "municipality": "Praha",
        "region": Region.PRAHA,
        "email": "byty@mna.example",
        "description": (
            "Městská nájemní agentura pilotuje systém získávání bytů na soukromém trhu a "
            "jejich zabydlování domácnostmi v bytové nouzi."
        ),
    },
    {
        "slug": "azylovy-dum-praha",
        "name": "Azylový dům pro rodiny s dětmi Praha",
        "short_name": "Azylový dům Praha",
        "kind": K.SHELTER,
        "ico": "99001055",
        "municipality": "Praha",
        "region": Region.PRAHA,
        "email": "prijem@azylovydum.example",
        "description": (
            "Azylový dům pro rodiny a samoživitele s dětmi. S klienty připravuje odchod do "
            "vlastního bydlení a předává je do programů sociálního a dostupného bydlení."
        ),
    },
    {
        "slug": "cpkp-zapadni-cechy",
        "name": "Centrum pro komunitní práci západní Čechy",
        "short_name": "CpKP západní Čechy",
        "kind": K.NGO,
        "ico": "99001063",
        "municipality": "Plzeň",
        "region": Region.PLZENSKY,
        "email": "info@cpkp-zc.example",
        "description": (
            "Realizátor projektu Podpora odborného partnerství – prostupné a sociální "
            "bydlení v Plzeňském kraji (2016–2018): analýzy obcí, koalice odborného "
            "partnerství, modelová řešení a doporučení kraji."
        ),
    },
    {
        "slug": "plzensky-kraj",
        "name": "Plzeňský kraj",
        "short_name": "Plzeňský kraj",
        "kind": K.REGION,
        "ico": "70890366",
        "street_address": "Škroupova 1760/18, 301 00 Plzeň",
        "municipality": "Plzeň",
        "region": Region.PLZENSKY,
        "website": "https://www.plzensky-kraj.cz",
        "email": "socialni.veci@plzensky-kraj.example",
        "description": "Kraj jako organizátor sítě sociálních služeb; člen koalice.",
    },
    {
        "slug": "mesto-rokycany",
        "name": "Město Rokycany",
        "short_name": "Rokycany",
        "kind": K.MUNICIPALITY,
        "ico": "00259586",
        "street_address": "Masarykovo náměstí 1, 337 01 Rokycany",
        "municipality": "Rokycany",
        "region": Region.PLZENSKY,
        "email": "socialni@rokycany.example",
        "description": "Partnerská obec projektu; analýza a modelové řešení pro město.",
    },
    {
        "slug": "mesto-klatovy",
        "name": "Město Klatovy",
        "short_name": "Klatovy",
        "kind": K.MUNICIPALITY,
        "ico": "00255661",
        "street_address": "náměstí Míru 62, 339 01 Klatovy",
        "municipality": "Klatovy",
        "region": Region.PLZENSKY,
        "email": "socialni@klatovy.example",
        "description": "Partnerská obec projektu; analýza a modelové řešení pro město.",
    },
    {
        "slug": "mesto-nyrsko",
        "name": "Město Nýrsko",
        "short_name": "Nýrsko",
        "kind": K.MUNICIPALITY,
        "ico": "00256081",
        "municipality": "Nýrsko",
        "region": Region.PLZENSKY,
        "email": "podatelna@nyrsko.example",
        "description": "Partnerská obec projektu; modelové řešení pro malé město.",
    },
    {
        "slug": "mesto-dobrany",
        "name": "Město Dobřany",
        "short_name": "Dobřany",
        "kind": K.MUNICIPALITY,
        "ico": "00256129",
        "street_address": "náměstí T. G. Masaryka 1, 334 41 Dobřany",
        "municipality": "Dobřany",
        "region": Region.PLZENSKY,
        "email": "socialni@dobrany.example",
        "description": "Partnerská obec projektu; analýza a modelové řešení pro město.",
    },
    {
        "slug": "sekretariat-partnerstvi",
        "name": "Sekretariát odborného partnerství Sociální bydlení",
        "short_name": "Sekretariát",
        "kind": K.EXPERT_BODY,
        "ico": "99001071",
        "municipality": "Plzeň",
        "region": Region.PLZENSKY,
        "email": "sekretariat@socialnibydleni.example",
        "description": (
            "Koordinuje koalici, svolává setkání členů, moderuje knihovnu a schvaluje "
            "materiály před zveřejněním."
        ),
    },
]


def organisations_ensure(report: LoadReport) -> dict[str, Organisation]:
    """Create the missing organisations; existing ones (found by slug, else by name) are
    left as they are. Creating one provisions its workspace through knowledge.signals."""
    organisations = {}
    for data in ORGANISATIONS:
        organisation = (
            Organisation.objects.filter(slug=data["slug"]).first()
            or Organisation.objects.filter(name=data["name"]).first()
        )
        if organisation is None:
            organisation = Organisation(**data)
            organisation.full_clean()
            organisation.save()
            report.created("Organisation")
        organisations[data["slug"]] = organisation
    return organisations
