"""Library items of the Prague members: CSSP (Konečně domov), MNA and the shelter."""

from .spec import DemoItem

CSSP = "cssp"
MNA = "mna-praha"
SHELTER = "azylovy-dum-praha"

ITEMS = [
    DemoItem(
        section=CSSP,
        slug="konecne-domov-vytipovani-rodin",
        title="Konečně domov: vytipování rodin a vhodných lokalit",
        kind="methodology",
        year=2023,
        summary=(
            "Jak klíčové pracovnice CSSP vybírají rodiny s dětmi, které při přechodu do "
            "bytu potřebují intenzivnější podporu, a podle čeho volí lokalitu bydlení."
        ),
        body="""
            ## Vytipování rodin

            Hlavním klíčem je aktuální situace rodiny s ohledem na její reálné možnosti
            získat bydlení v nějakém časovém horizontu, v kombinaci s posouzením
            připravenosti na samostatné bydlení. Vstupuje do toho řada faktorů, například
            příjmová situace a stabilita rodiny a jejích členů.

            Rodiny do programu vyhledávají klíčové pracovnice ve spolupráci s vedoucími
            pobytových služeb CSSP, nebo je kontaktují další organizace a instituce i mimo
            zařízení CSSP.

            ## Výběr lokality

            Vytipování vhodných lokalit se řídí potřebami péče o děti: rodiny s dětmi mají
            bydlet blízko vzdělávacích institucí – mateřských, základních a středních škol.

            ## Síť podpory

            Intenzivní terénní služba podle druhu problémů rodiny síťuje další odborné
            služby: Intervenční centrum, sociálně právní poradnu Kontakt nebo poradny pro
            rodinu, manželství a mezilidské vztahy.
        """,
        topics=("deti-a-rodiny", "socialni-prace", "spoluprace"),
        target_groups=("rodiny-s-detmi", "samozivitele", "azylove-domy"),
        stages=("socialni", "dostupne"),
        related=("spoluprace-mna-a-poskytovatelu", "individualni-plan-sablona"),
    ),
    DemoItem(
        section=CSSP,
        slug="kazuistika-matka-z-azyloveho-domu",
        title="Kazuistika: matka se dvěma dětmi z azylového domu do bytu MNA",
        kind="case_study",
        year=2024,
        summary=(
            "Anonymizovaný průběh přechodu samoživitelky z pobytové služby do bytu "
            "Městské nájemní agentury s podporou klíčové pracovnice."
        ),
        body="""
            ## Výchozí situace

            Samoživitelka se dvěma dětmi školního věku bydlela přes rok v pobytovém
            zařízení. Měla stálý, ale nízký příjem a obavy, že soukromý pronajímatel rodinu
            s dětmi nepřijme.

            ## Příprava

            Klíčová pracovnice zmapovala situaci rodiny podle parametrů MNA. Když se
            uvolnil byt vhodný velikostí i lokalitou – v docházkové vzdálenosti od školy,
            kterou děti navštěvovaly – proběhla společná schůzka klientky, MNA a klíčové
            pracovnice.

            ## Po nastěhování

            Pracovnice první měsíce docházela jednou týdně, pomohla s přihlášením k
            energiím, s vybavením bytu a s rozpočtem domácnosti. Později se kontakt snížil
            a rodina byla propojena s poradnou pro rodinu.

            Údaje jsou anonymizované; věk dětí a časové údaje jsou upraveny.
        """,
        topics=("deti-a-rodiny", "spoluprace"),
        target_groups=("samozivitele", "azylove-domy"),
        stages=("krizove", "dostupne"),
        visibility="members",
        related=("konecne-domov-vytipovani-rodin", "spoluprace-mna-a-poskytovatelu"),
        anonymised=True,
    ),
    DemoItem(
        section=CSSP,
        slug="individualni-plan-sablona",
        title="Individuální plán – šablona",
        kind="template",
        year=2023,
        summary=(
            "Šablona individuálního plánu pro práci s rodinou v bytě: cíle, kroky, "
            "odpovědnost, termíny a pravidelné vyhodnocení."
        ),
        body="""
            ## Údaje o domácnosti

            Kód klienta (bez jména), složení domácnosti, stupeň bydlení, datum zahájení
            spolupráce, klíčový pracovník.

            ## Oblasti plánu

            - bydlení: nájemní smlouva, platby nájemného a služeb, vztahy se sousedy
            - finance: příjmy, dávky, dluhy a splátkové kalendáře, přímé úhrady
            - děti: školní docházka, zdravotní péče, volný čas
            - zaměstnání a vzdělávání
            - zdraví a další podpora

            ## Cíle a kroky

            Ke každé oblasti: cíl formulovaný s klientem, konkrétní kroky, kdo je udělá,
            termín a jak poznáme, že je cíle dosaženo.

            ## Vyhodnocení

            Plán se vyhodnocuje nejméně jednou za tři měsíce; záznam o vyhodnocení
            podepisuje klient i pracovník.
        """,
        topics=("socialni-prace", "deti-a-rodiny"),
        files=("docx",),
    ),
    DemoItem(
        section=MNA,
        slug="spoluprace-mna-a-poskytovatelu",
        title="Spolupráce MNA a poskytovatelů podpory v bytech",
        kind="good_practice",
        year=2024,
        summary=(
            "Jak Městská nájemní agentura a poskytovatelé sociálních služeb sdílejí "
            "odpovědnost: kdo hledá byt, kdo podporuje rodinu a jak spolu mluví."
        ),
        body="""
            Městská nájemní agentura pilotuje systém získávání bytů na soukromém trhu a
            jejich zabydlování. Projekt Konečně domov na její výsledky navazuje ukotvením
            spolupráce mezi MNA a poskytovateli podpory rodinám v bytech.

            ## Rozdělení rolí

            - MNA získává byty, uzavírá nájemní vztahy a komunikuje s pronajímateli
            - poskytovatel (klíčová pracovnice) mapuje situaci rodiny podle parametrů MNA a
              podporuje ji v bytě
            - rodina spolupracuje s oběma a plní individuální plán

            ## Jak spolupráce probíhá

            Když má MNA volnou kapacitu nebo některá rodina odpovídá volnému bytu, MNA
            osloví pracovníky projektu a následuje společná schůzka. Pravidla předávání
            informací jsou písemně dohodnutá, aby MNA dostávala jen to, co k zabydlení
            potřebuje.
        """,
        topics=("spoluprace", "deti-a-rodiny"),
        target_groups=("rodiny-s-detmi", "samozivitele"),
        stages=("dostupne",),
        visibility="members",
        related=("konecne-domov-vytipovani-rodin", "ziskavani-bytu-soukromy-trh"),
    ),
    DemoItem(
        section=MNA,
        slug="ziskavani-bytu-soukromy-trh",
        title="Získávání bytů na soukromém trhu: zkušenosti Městské nájemní agentury",
        kind="analysis",
        year=2023,
        summary=(
            "Co pronajímatele přesvědčí pronajmout byt přes městskou agenturu a jaké "
            "překážky zůstávají; podklad pro obce, které o vlastní agentuře uvažují."
        ),
        body="""
            Obecní bytový fond nestačí pokrýt potřebu bydlení domácností v bytové nouzi.
            Městská nájemní agentura proto získává byty od soukromých pronajímatelů a
            nabízí je domácnostem, které by na trhu samy neuspěly.

            ## Co pronajímatelé oceňují

            - jistotu pravidelné platby nájemného
            - jednoho kontaktního partnera pro celou dobu nájmu
            - sociální podporu nájemníka, která předchází konfliktům a dluhům

            ## Překážky

            - obavy z pronájmu rodinám s více dětmi
            - nedostatek menších bytů za dostupné nájemné
            - administrativní náročnost pro drobné pronajímatele

            ## Doporučení obcím

            Agenturu spojit od začátku se sítí sociálních služeb, které poskytnou podporu
            v bytě, a dohodnout jasná pravidla předávání informací.
        """,
        topics=("bytova-politika", "spoluprace"),
        files=("docx",),
        stages=("dostupne", "standardni"),
        related=("spoluprace-mna-a-poskytovatelu",),
    ),
    DemoItem(
        section=SHELTER,
        slug="spatna-praxe-odchod-bez-navazne-podpory",
        title="Špatná praxe: odchod z azylového domu bez návazné podpory",
        kind="bad_practice",
        year=2024,
        summary=(
            "Rodina, která odešla z azylového domu do podnájmu bez navazující sociální "
            "práce, se během roku vrátila; co by bylo potřeba udělat jinak."
        ),
        body="""
            Po skončení pobytu v azylovém domě rodina našla podnájem sama. Spolupráce se
            sociální pracovnicí skončila dnem odchodu a rodina nebyla propojena se žádnou
            terénní službou v nové lokalitě.

            ## Co se stalo

            Během několika měsíců narostl dluh na službách spojených s bydlením, protože
            rodina nevěděla o nárocích na dávky v novém místě. Pronajímatel smlouvu
            neprodloužil a rodina se vrátila do azylového domu.

            ## Co by pomohlo

            - předání rodiny navazující službě s jejím souhlasem ještě před odchodem
            - první měsíce návštěvy alespoň jednou týdně
            - kontrola dávek a plateb hned po přestěhování
            - zapojení programu sociálního nebo dostupného bydlení místo samostatného podnájmu

            Právě pro takové předání slouží modul předávání klientů na tomto portálu.
        """,
        topics=("prevence-ztraty-bydleni", "spoluprace", "deti-a-rodiny"),
        target_groups=("azylove-domy", "rodiny-s-detmi"),
        stages=("krizove", "dostupne"),
        visibility="members",
        related=("priprava-na-odchod-z-azyloveho-domu",),
    ),
    DemoItem(
        section=SHELTER,
        slug="priprava-na-odchod-z-azyloveho-domu",
        title="Příprava rodiny na odchod z azylového domu",
        kind="training",
        year=2024,
        summary=(
            "Vzdělávací materiál pro pracovníky azylových domů: jak s rodinou připravit "
            "přechod do bydlení a koho včas zapojit."
        ),
        body="""
            ## Cíl materiálu

            Pomoci pracovníkům azylových domů připravit rodinu na samostatné bydlení tak,
            aby přechod byl trvalý. Materiál vychází ze zkušeností s programy tréninkového
            a sociálního bydlení v Přerově, Ostravě a Praze.

            ## Témata

            - posouzení připravenosti: příjmy, dluhy, stabilita rodiny
            - rozpočet domácnosti a splátkové kalendáře
            - práva a povinnosti nájemce, domovní řád, sousedské vztahy
            - výběr lokality s ohledem na školu a školku dětí
            - předání rodiny navazující službě a programu bydlení

            ## Cvičení

            Pracovníci si ve dvojicích vyzkouší sestavit individuální plán podle šablony a
            vyplnit předávací formulář pro program tréninkového bydlení.
        """,
        topics=("socialni-prace", "deti-a-rodiny", "prevence-ztraty-bydleni"),
        target_groups=("azylove-domy", "rodiny-s-detmi"),
        stages=("krizove", "treninkove"),
        files=("docx", "pdf"),
        related=("individualni-plan-sablona", "spatna-praxe-odchod-bez-navazne-podpory"),
    ),
]
