"""Library items of Přerov: the training-housing pilot (Tréninkové bydlení)."""

from .spec import DemoItem

PREROV = "statutarni-mesto-prerov"

ITEMS = [
    DemoItem(
        section=PREROV,
        slug="metodika-treninkoveho-bydleni-prerov",
        title="Metodika tréninkového bydlení v Přerově",
        kind="methodology",
        year=2016,
        summary=(
            "Jak město Přerov nastavilo tréninkové bydlení v sociálních a dostupných bytech: "
            "pojmy, podmínky vstupu, motivační nástroje, sociální práce a přechody mezi stupni."
        ),
        body="""
            ## Cíl

            Cílem tréninkového bydlení (TB) je zlepšit kvalitu života dotčených obyvatel
            města, aktivizovat je k přijetí zodpovědnosti za své základní potřeby a
            preventivně předcházet ztrátám bydlení a s tím spojeným sociálně patologickým
            jevům. Realizátorem je Oddělení sociální prevence a pomoci (SPP) Odboru
            sociálních věcí a školství magistrátu.

            ## Základní pojmy

            Klíčový sociální pracovník na základě znalostí z práce s klientem navrhne jeho
            zařazení do systému a vhodný typ obecního bytu. Po projednání v kazuistické
            skupině uzavře s klientem dohodu o vzájemné spolupráci a dále s ním pracuje.
            Kazuistická skupina posoudí návrh, a pokud klient nespolupracuje, rozhoduje o
            přesunu do jiného typu bytu nebo o vyřazení; návrh pak jde Radě města.

            ## Sociální práce

            - sestavení individuálního plánu s reálnými cíli, splátkovými kalendáři a přímými
              úhradami nájemného
            - návštěva domácnosti jednou týdně v sociálním bytě a jednou měsíčně v dostupném bytě
            - kontrola plateb za služby spojené s bydlením
            - motivace k setrvání v systému při nepříznivých životních změnách

            ## Přechody

            Sociální byt je krátkodobé nájemní bydlení na 3–6 měsíců s možností
            prodloužení, celkem nejvýše 24 měsíců. Do dostupného bytu postupují klienti s
            dostatečnými kompetencemi; dohled má spíše evaluační charakter a klient je
            sledován ještě 3–6 měsíců. Po úspěšném výstupu se stává plnohodnotným nájemcem
            a dostane písemné vyjádření o absolvování projektu.
        """,
        topics=("socialni-prace", "prevence-ztraty-bydleni", "dluhy"),
        target_groups=("ubytovny", "azylove-domy", "rodiny-s-detmi"),
        stages=("treninkove", "dostupne", "standardni"),
        related=("vzor-dohody-o-spolupraci-tb", "kazuistika-rodina-z-ubytovny-prerov"),
    ),
    DemoItem(
        section=PREROV,
        slug="kazuistika-rodina-z-ubytovny-prerov",
        title="Kazuistika: rodina s dluhy přechází z ubytovny do sociálního bytu",
        kind="case_study",
        year=2017,
        summary=(
            "Anonymizovaný příběh rodiny se dvěma dětmi, která se z komerční ubytovny přes "
            "přípravnou fázi dostala do sociálního bytu a splácí dluh vůči městu."
        ),
        body="""
            ## Výchozí situace

            Rodina – matka, otec a dvě děti školního věku – bydlela několik let na komerční
            ubytovně. Měla dluh vůči městu za nájem z dřívějšího bytu a nepravidelné příjmy
            z krátkodobých brigád. Dluh u dodavatele energií neměla, což bylo pro vstup do
            tréninkového bydlení podstatné.

            ## Přípravná fáze

            Klíčová sociální pracovnice s rodinou pracovala půl roku na ubytovně. Společně
            sjednali splátkový kalendář dluhu vůči městu, vyřídili dávky na úřadu práce a
            nastavili přímou úhradu nájemného na účet města. Kazuistická skupina návrh na
            zařazení schválila a Rada města schválila nájemní smlouvu na tři měsíce.

            ## Sociální byt

            Pracovnice rodinu navštěvovala jednou týdně. Po druhém prodloužení smlouvy se
            objevil nedoplatek z vyúčtování služeb; díky včasné intervenci rodina uzavřela
            další splátkový kalendář a nedoplatek uhradila. Jistinu 1 000 Kč zaplatila ve
            třech splátkách.

            ## Co pomohlo

            - pravidelné a předvídatelné návštěvy jedné klíčové pracovnice
            - splátkový kalendář ve zvládnutelné výši
            - motivace: vyhlídka na dostupný byt a prominutí penále po splacení dluhu

            Všechny údaje jsou anonymizované; věk dětí, časové údaje a okolnosti jsou
            upraveny tak, aby rodinu nebylo možné identifikovat.
        """,
        topics=("dluhy", "socialni-prace", "deti-a-rodiny"),
        target_groups=("ubytovny", "rodiny-s-detmi"),
        stages=("treninkove",),
        visibility="members",
        related=("metodika-treninkoveho-bydleni-prerov",),
        anonymised=True,
    ),
    DemoItem(
        section=PREROV,
        slug="spatna-praxe-pozdni-intervence",
        title="Špatná praxe: pozdní intervence při novém dluhu vůči městu",
        kind="bad_practice",
        year=2017,
        summary=(
            "Co se stane, když se o novém dluhu klienta dozví klíčový pracovník pozdě, a jak "
            "pravidla přechodu směrem dolů pomáhají takové situaci předejít."
        ),
        body="""
            Metodika počítá s tím, že někteří klienti budou v získávání kompetencí selhávat.
            Mezi potenciální problémy patří nový dluh vůči městu, ztráta zaměstnání nebo
            jiného významného zdroje příjmů, závislost u klienta či členů rodiny a další
            individuální problémy jako zdravotní potíže, rozpad rodiny nebo narušování
            sousedských vztahů.

            ## Co se nepovedlo

            V popsané situaci se informace o neplacení nájemného dostala ke klíčovému
            pracovníkovi až se zpožděním několika měsíců, protože přímá úhrada nájemného
            nebyla nastavena a výkazy bytové správy nikdo s pracovníkem nesdílel. Dluh
            narostl natolik, že jej domácnost nedokázala splácet, a kazuistická skupina
            musela zvažovat vyřazení ze systému.

            ## Poučení

            - sdílet s klíčovým pracovníkem měsíční přehled plateb od bytové správy
            - nastavit přímé úhrady nájemného hned při uzavření smlouvy
            - při prvním náznaku problému zintenzivnit spolupráci a zvýšit frekvenci návštěv
            - při rozhodování o vyřazení brát v úvahu volnou kapacitu pobytových služeb
        """,
        topics=("dluhy", "prevence-ztraty-bydleni", "spoluprace"),
        target_groups=("kumulace-problemu",),
        stages=("treninkove", "socialni"),
        visibility="members",
        related=("metodika-treninkoveho-bydleni-prerov",),
    ),
    DemoItem(
        section=PREROV,
        slug="vzor-dohody-o-spolupraci-tb",
        title="Vzor dohody o vzájemné spolupráci a zařazení do tréninkového bydlení",
        kind="template",
        year=2016,
        summary=(
            "Šablona písemné dohody mezi klientem a klíčovým sociálním pracovníkem, bez "
            "které nelze klienta do systému tréninkového bydlení zařadit."
        ),
        body="""
            ## Smluvní strany

            Statutární město Přerov, zastoupené klíčovým sociálním pracovníkem Oddělení
            sociální prevence a pomoci, a klient (jméno, datum narození, adresa).

            ## Předmět dohody

            Klient vstupuje do systému tréninkového bydlení dobrovolně a zavazuje se aktivně
            spolupracovat s klíčovým sociálním pracovníkem na plnění individuálního plánu.
            Město se zavazuje poskytovat klientovi sociální práci a navrhnout jej k
            uzavření nájemní smlouvy k odpovídajícímu typu obecního bytu.

            ## Povinnosti klienta

            - pravidelně splácet případné dluhy vůči městu podle splátkového kalendáře
            - umožnit návštěvu klíčového sociálního pracovníka nejméně jednou týdně
            - řádně a včas hradit nájemné a služby spojené s užíváním bytu
            - dodržovat domovní řád a dobré sousedské vztahy

            ## Ukončení

            Dohoda končí úspěšným výstupem ze systému, dohodou stran, nebo rozhodnutím
            kazuistické skupiny o vyřazení při nedodržení podmínek. Podpis klienta, podpis
            klíčového sociálního pracovníka, datum.
        """,
        topics=("socialni-prace", "spoluprace"),
        stages=("treninkove",),
        files=("docx",),
        related=("metodika-treninkoveho-bydleni-prerov",),
    ),
    DemoItem(
        section=PREROV,
        slug="informacni-kampan-prerov",
        title="Informační kampaň k tréninkovému bydlení",
        kind="good_practice",
        year=2016,
        summary=(
            "Letáky rozdávané sociálními pracovníky na ubytovnách a v azylovém domě oslovily "
            "potenciální klienty dřív, než se uvolnily první byty."
        ),
        body="""
            O možnosti vstoupit do systému tréninkového bydlení jsou jeho potenciální
            klienti informováni v předstihu. První informační kampaň proběhla od 8. dubna
            do 9. května 2016 a spočívala v distribuci letáčků se všemi potřebnými
            informacemi.

            ## Proč to fungovalo

            - letáky předávali sociální pracovníci osobně při běžné terénní práci
            - text vysvětloval podmínky vstupu srozumitelně, včetně snížené jistiny
            - zájemci měli čas připravit se, například začít splácet dluh vůči městu

            Další kampaně probíhají podle potřeby, vždy když se blíží uvolnění sociálních
            nebo dostupných bytů. Do budoucna se počítá se zapojením nestátních neziskových
            organizací, které mohou informace předávat svým klientům.
        """,
        topics=("socialni-prace", "prevence-ztraty-bydleni"),
        target_groups=("ubytovny", "azylove-domy"),
        stages=("treninkove",),
    ),
]
