"""Library items of Ostrava: the housing concept and its pilot (KA 01–06)."""

from .spec import DemoItem, Table

OSTRAVA = "statutarni-mesto-ostrava"

ITEMS = [
    DemoItem(
        section=OSTRAVA,
        slug="koncepce-bydleni-ostrava",
        title="Koncepce bydlení statutárního města Ostravy",
        kind="concept",
        year=2018,
        summary=(
            "Jak vznikala koncepce bydlení: pracovní skupiny k bytovému fondu a ke "
            "krizovému, sociálnímu a dostupnému bydlení a fokusní skupina s participací."
        ),
        body="""
            Cílem projektu bylo zajistit dostupnost nesegregovaného bydlení pro osoby z
            ubytoven a vyloučených lokalit a posílit roli Magistrátu města Ostravy jako
            klíčového aktéra v oblasti bydlení. Koncepce bydlení (KA 01) k tomu dává
            dlouhodobý rámec.

            ## Jak koncepce vznikala

            - pracovní skupina k údržbě a rozvoji bytového fondu
            - pracovní skupina ke krizovému, sociálnímu a dostupnému bydlení
            - fokusní skupina využívající participativní metody
            - jednání s vedením šesti zapojených městských obvodů

            ## Hlavní principy

            Byty v systému jsou rozptýlené po obvodech (desegregace), mají jednotné pásmo
            nájmu a standardní vybavení – kuchyňskou linku, koupelnu a toaletu. Práh pro
            vstup do bytu je snížen i pro dlužníky vůči městskému obvodu a byty jsou bez
            úhrady jistoty.
        """,
        topics=("bytova-politika", "spoluprace"),
        target_groups=("svl", "ubytovny"),
        stages=("krizove", "socialni", "dostupne"),
        related=("pilotni-overeni-krizoveho-bydleni", "vstup-do-systemu-ostrava"),
    ),
    DemoItem(
        section=OSTRAVA,
        slug="vstup-do-systemu-ostrava",
        title="Vstup do systému sociálního bydlení v Ostravě: od žádosti k nájemní smlouvě",
        kind="methodology",
        year=2016,
        summary=(
            "Postup od podání žádosti přes sociální šetření a bodové hodnocení komisí po "
            "přidělení bytu v městském obvodu a podpis smlouvy."
        ),
        body="""
            ## Kroky

            - podání žádosti na Magistrát města Ostravy včetně potvrzení ÚP ČR
            - sociální šetření v domácnosti
            - komise MMO žádost bodově ohodnotí (odráží cílovou skupinu a potřebnost)
            - zařazení do databáze žadatelů
            - městský obvod sdělí, kde má volný byt; vhodní žadatelé se prověří u dodavatele
              energií a u obvodu (dluhy)
            - projednání vhodných žadatelů k bytu v poradních sborech nebo bytových komisích obvodu
            - podpis nájemní smlouvy

            ## Podmínky nájmu

            Smlouva se uzavírá na 6 měsíců s možností prodloužení po dobu realizace
            projektu. Byty jsou bez úhrady jistoty, doplatek na bydlení hradí úřad práce
            přímo pronajímateli a součástí smlouvy je dohoda o vyklizení bytu se svolením k
            vykonatelnosti. Městský obvod řeší pouze občany s trvalým pobytem na svém území.

            Příjem žádostí byl spuštěn 12. 12. 2016, první nájemní smlouvy byly uzavřeny v
            únoru 2017.
        """,
        topics=("spoluprace", "bytova-politika"),
        files=("docx",),
        stages=("socialni", "dostupne"),
        related=("koncepce-bydleni-ostrava",),
    ),
    DemoItem(
        section=OSTRAVA,
        slug="pilotni-overeni-krizoveho-bydleni",
        title="Pilotní ověření krizového bydlení v Ostravě",
        kind="good_practice",
        year=2017,
        summary=(
            "Pět vybavených bytů s okamžitým nastěhováním a intenzivní sociální prací jako "
            "nouzový a záchytný systém pro domácnosti bez bydlení (KA 02)."
        ),
        body="""
            Krizové bydlení je určeno domácnostem, u nichž je nutné akutně řešit bytovou
            nouzi, tedy stav bez bydlení. V pilotu bylo k dispozici 5 bytů: dva v obvodu
            Ostrava-Jih, dva v Moravské Ostravě a Přívozu a jeden v Porubě.

            ## Jak funguje

            - možnost okamžitého nastěhování, byty vybavené základním nábytkem
            - doba nájmu nejvýše 6 měsíců, intenzivní sociální práce
            - smlouvu uzavírá pověřený člen rady obvodu nebo vedoucí odboru
            - garantem u dodávek energií je městský obvod
            - garanční fond kryje riziko u nájemného a služeb

            ## Co se osvědčilo

            Rychlost: domácnost nečeká na zasedání komise a pracovník má šest měsíců na to,
            aby s ní připravil přechod do sociálního nebo dostupného bydlení. Garance
            obvodu u energií odstranila nejčastější překážku rychlého nastěhování.
        """,
        topics=("prevence-ztraty-bydleni", "socialni-prace"),
        target_groups=("bez-domova", "rodiny-s-detmi"),
        stages=("krizove",),
        related=("kazuistika-samozivitelka-krizovy-byt", "koncepce-bydleni-ostrava"),
    ),
    DemoItem(
        section=OSTRAVA,
        slug="trojstranne-kontrakty-energie",
        title="Spolupráce s dodavatelem energií: trojstranné kontrakty",
        kind="good_practice",
        year=2017,
        summary=(
            "Dohoda mezi dodavatelem energií, klientem a magistrátem o splácení starých "
            "dluhů ve zvládnutelné výši a o rychlé reakci při neplacení záloh."
        ),
        body="""
            Dluh u dodavatele energií je častou překážkou vstupu do bytu: bez smlouvy o
            dodávce elektřiny nebo plynu nelze byt užívat. Ostrava proto s dodavatelem
            energií nastavila trojstranné kontrakty mezi dodavatelem, klientem a MMO.

            ## Obsah kontraktu

            - splácení dluhů v splátkách nastavených klientovi ve zvládnutelné výši
            - zrychlené ukončení smlouvy v případě neplacení záloh
            - úhrada kauce podle individuálního posouzení
            - kontaktní osoby na straně dodavatele i magistrátu

            Díky přímé komunikaci se problémy řeší dřív, než přerostou v nový dluh, a
            sociální pracovník má přehled o platbách.
        """,
        topics=("dluhy", "spoluprace"),
        target_groups=("kumulace-problemu",),
        stages=("socialni", "dostupne"),
    ),
    DemoItem(
        section=OSTRAVA,
        slug="evaluace-systemu-ostrava-prubezna",
        title="Evaluace nastavení systému sociálního bydlení v Ostravě – průběžná zpráva",
        kind="evaluation",
        year=2018,
        summary=(
            "Průběžná evaluace pilotního ověření (KA 06): zkušenosti sociálních pracovníků, "
            "obvodů a klientů a doporučení pro úpravu pravidel."
        ),
        body="""
            Evaluaci a vedení fokusní skupiny zajišťoval externí dodavatel vybraný ve
            veřejné zakázce. Spolupráce s evaluátory byla pro klienty sociálního i
            dostupného bydlení povinná.

            ## Zjištění

            - předjednáno bylo 99 bytů z potřebných 105; náběh trval od února do září 2017
            - nejvíce času zabralo sladění pravidel šesti městských obvodů
            - snížený práh pro dlužníky vůči obvodu umožnil vstup domácnostem, které by jinak
              neuspěly
            - přímá úhrada doplatku na bydlení snížila riziko vzniku nových dluhů

            ## Doporučení

            Sjednotit podobu bytových komisí v obvodech, zkrátit dobu od nahlášení volného
            bytu po podpis smlouvy a pokračovat v intenzivní podpoře v prvních třech
            měsících nájmu. Zpráva je určena členům partnerství.
        """,
        topics=("evaluace", "spoluprace"),
        stages=("krizove", "socialni", "dostupne"),
        visibility="members",
        related=("koncepce-bydleni-ostrava", "statistika-bytu-pilotniho-overeni"),
    ),
    DemoItem(
        section=OSTRAVA,
        slug="kazuistika-samozivitelka-krizovy-byt",
        title="Kazuistika: samoživitelka z ubytovny v krizovém bytě",
        kind="case_study",
        year=2017,
        summary=(
            "Anonymizovaný příběh matky s malým dítětem, která po ztrátě ubytování prošla "
            "krizovým bydlením a získala dostupný byt."
        ),
        body="""
            ## Situace

            Matka s dítětem předškolního věku přišla o ubytování na ubytovně po jejím
            uzavření. Měla nízký příjem a starší dluh u dodavatele energií, zaměstnání na
            zkrácený úvazek a nikoho, kdo by ji mohl ubytovat.

            ## Krizový byt

            Díky možnosti okamžitého nastěhování se rodina do vybaveného krizového bytu
            přestěhovala do týdne. Sociální pracovnice s matkou sestavila individuální plán,
            pomohla s dávkami a zapojila ji do trojstranného kontraktu s dodavatelem
            energií.

            ## Výstup

            Po pěti měsících komise ohodnotila žádost o dostupné bydlení; matka podepsala
            smlouvu na byt v jiném obvodu, blízko mateřské školy. Kontakt s pracovnicí
            pokračoval jednou měsíčně.

            Všechny údaje jsou anonymizované a upravené tak, aby rodinu nebylo možné
            identifikovat.
        """,
        topics=("deti-a-rodiny", "dluhy", "socialni-prace"),
        target_groups=("samozivitele", "ubytovny"),
        stages=("krizove", "dostupne"),
        related=("pilotni-overeni-krizoveho-bydleni",),
        anonymised=True,
    ),
    DemoItem(
        section=OSTRAVA,
        slug="statistika-bytu-pilotniho-overeni",
        title="Statistika bytů pilotního ověření koncepce bydlení v Ostravě",
        kind="statistics",
        year=2017,
        summary=(
            "Předjednané a potřebné byty, krizové byty podle městských obvodů a "
            "harmonogram náběhu pilotního ověření."
        ),
        body="""
            Tabulka shrnuje počty bytů, které byly pro pilotní ověření k dispozici, a
            rozdělení krizových bytů mezi městské obvody.

            Do projektu se zapojily obvody Mariánské Hory a Hulváky, Moravská Ostrava a
            Přívoz, Ostrava-Jih, Poruba, Slezská Ostrava a Vítkovice. Náběh probíhal od
            února do září 2017.
        """,
        topics=("bytova-politika", "evaluace"),
        stages=("krizove", "socialni", "dostupne"),
        files=("xlsx", "pdf"),
        table=Table(
            headers=("Ukazatel", "Počet bytů", "Poznámka"),
            rows=(
                ("Předjednané byty celkem", 99, "stav k říjnu 2016"),
                ("Potřeba bytů celkem", 105, "náběh únor–září 2017"),
                ("Krizové byty – Ostrava-Jih", 2, "KA 02"),
                ("Krizové byty – Moravská Ostrava a Přívoz", 2, "KA 02"),
                ("Krizové byty – Poruba", 1, "KA 02"),
                ("Zapojené městské obvody", 6, "počet obvodů"),
            ),
            note="Zdroj: prezentace projektu Koncepce bydlení a její pilotní ověření, 2016.",
        ),
        related=("evaluace-systemu-ostrava-prubezna",),
    ),
    DemoItem(
        section="ostrava-jih",
        slug="spatna-praxe-soustredeni-bytu",
        title="Špatná praxe: soustředění sociálních bytů v jednom domě",
        kind="bad_practice",
        year=2017,
        summary=(
            "Proč nabídnout do systému byty rozptýlené po obvodu, a ne celý vchod v jednom "
            "domě, i když je to pro správu bytů jednodušší."
        ),
        body="""
            Při prvních jednáních s obvody se objevil návrh vyčlenit pro projekt celý vchod
            jednoho domu: správa by byla jednodušší a opravy levnější. Projekt ale usiluje
            o desegregaci – o to, aby domácnosti z ubytoven a vyloučených lokalit bydlely v
            běžném sousedství.

            ## Rizika soustředění

            - vznik nové malé vyloučené lokality a stigmatizace adresy
            - sousedské konflikty, které se v jednom domě vzájemně posilují
            - ztížený přechod do standardního nájmu, protože domácnost nemění prostředí

            ## Jak to obvod vyřešil

            Obvod nakonec nabídl byty v různých domech a ulicích se standardním vybavením.
            Správa bytů se domluvila se sociálními pracovníky na společných kontrolách.
        """,
        topics=("bytova-politika", "spoluprace"),
        target_groups=("svl",),
        stages=("socialni",),
        visibility="members",
        related=("koncepce-bydleni-ostrava",),
    ),
    DemoItem(
        section="moravska-ostrava-a-privoz",
        slug="snizeny-prah-pro-dluzniky",
        title="Snížení prahu pro vstup do bytu u dlužníků vůči obvodu",
        kind="good_practice",
        year=2017,
        summary=(
            "Obvod připustil do systému i domácnosti s dluhem vůči obvodu, pokud s "
            "pracovníkem nastaví splátky; dluh tak přestal být neprůchodnou bariérou."
        ),
        body="""
            Dluh vůči obci nebo městskému obvodu bývá nejčastějším důvodem, proč domácnost
            z ubytovny nezíská obecní byt. V pilotním ověření se obvody dohodly na snížení
            prahu pro vstup do bytu ve vztahu k dlužníkům vůči obvodu.

            ## Podmínky

            - dohoda o splátkách ve výši, kterou domácnost zvládne
            - přímá úhrada doplatku na bydlení z úřadu práce
            - pravidelný kontakt se sociálním pracovníkem a plnění individuálního plánu

            Obvod tak místo nevymahatelné pohledávky získal pravidelné splátky a domácnost
            stabilní bydlení. Podobné pravidlo používá Přerov: dluh vůči městu nevadí,
            pokud se pravidelně splácí.
        """,
        topics=("dluhy", "prevence-ztraty-bydleni"),
        target_groups=("ubytovny", "kumulace-problemu"),
        stages=("socialni",),
        related=("metodika-treninkoveho-bydleni-prerov",),
    ),
]
