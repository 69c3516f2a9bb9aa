"""Library items of the Plzeň region partnership project and the coalition secretariat.

The seed describes what the project did in the four towns, not what it found there, so
these texts stay at the level of method and model; they are illustrative demo content.
"""

from .spec import DemoItem

CPKP = "cpkp-zapadni-cechy"
SECRETARIAT = "sekretariat-partnerstvi"

ITEMS = [
    DemoItem(
        section="mesto-rokycany",
        slug="analyza-socialniho-bydleni-rokycany",
        title="Analýza sociálního bydlení v Rokycanech",
        kind="analysis",
        year=2017,
        summary=(
            "Lokální analýza zpracovaná v projektu odborného partnerství: bytový fond města, "
            "bytová nouze, sociální služby a jejich provázání s bytovou politikou."
        ),
        body="""
            Analýza byla první aktivitou projektu Podpora odborného partnerství –
            prostupné a sociální bydlení v Plzeňském kraji. Zpracovává se stejnou osnovou
            ve všech čtyřech partnerských obcích, aby výsledky byly srovnatelné.

            ## Osnova

            - bytový fond města: struktura, obsazenost, pravidla přidělování bytů
            - bytová nouze: kdo bydlí na ubytovnách, v azylových domech nebo je ohrožen ztrátou
              bydlení
            - sociální služby v místě a jejich kapacity
            - spolupráce sociálního odboru a bytové správy

            ## Jak analýza vznikala

            Podklady poskytl městský úřad, poskytovatelé sociálních služeb a úřad práce.
            Doplnily je rozhovory se sociálními pracovníky a se zástupci bytové správy.
            Výsledky byly projednány v koalici odborného partnerství a staly se
            východiskem pro modelové řešení pro město.
        """,
        topics=("bytova-politika",),
        target_groups=("ubytovny", "azylove-domy"),
        related=("doporuceni-plzenskemu-kraji",),
    ),
    DemoItem(
        section="mesto-klatovy",
        slug="modelove-reseni-klatovy",
        title="Modelové řešení prostupného bydlení pro Klatovy",
        kind="concept",
        year=2018,
        summary=(
            "Navržená kombinace sociálních služeb, sociální práce a obecních bytů pro "
            "prostupné bydlení ve městě, připravená k projednání radou města."
        ),
        body="""
            Modelové řešení navazuje na lokální analýzu a nastavuje optimální kombinaci
            sociálních služeb a samotného bydlení. Je přenositelné do dalších obcí kraje.

            ## Navržené stupně

            - krizové řešení ve spolupráci s azylovým domem a noclehárnou v regionu
            - tréninkové bydlení v obecních bytech s intenzivní sociální prací
            - dostupné bydlení s nižší intenzitou podpory a sledováním
            - standardní nájem jako cíl

            ## Role aktérů

            Sociální odbor vede klíčové pracovníky a kazuistickou skupinu, bytová správa
            sdílí přehled plateb, poskytovatelé sociálních služeb zajišťují terénní
            podporu a poradenství. Pravidla přidělování bytů se upraví tak, aby dluh vůči
            městu nebyl překážkou, pokud se pravidelně splácí.
        """,
        topics=("bytova-politika", "spoluprace"),
        stages=("krizove", "treninkove", "dostupne", "standardni"),
        related=("modelove-reseni-nyrsko", "doporuceni-plzenskemu-kraji"),
    ),
    DemoItem(
        section="mesto-nyrsko",
        slug="modelove-reseni-nyrsko",
        title="Modelové řešení pro malé město: Nýrsko",
        kind="concept",
        year=2018,
        summary=(
            "Jak nastavit prostupné bydlení tam, kde je obecních bytů málo a sociální "
            "služby dojíždějí: spolupráce s okolními obcemi a s krajem."
        ),
        body="""
            Malé město nemá dost bytů ani sociálních pracovníků, aby provozovalo všechny
            stupně prostupného bydlení samo. Modelové řešení proto počítá se spoluprací s
            většími obcemi v okolí a s krajem jako organizátorem sociální sítě.

            ## Hlavní prvky

            - jeden nebo dva obecní byty vyčleněné pro tréninkové bydlení
            - terénní sociální služba z regionu s pravidelnými návštěvami
            - dohoda s okolními obcemi o využití krizových a azylových kapacit
            - prevence ztráty bydlení: včasná informace bytové správy o dluhu

            ## Přenositelnost

            Řešení je navrženo pro obce do několika tisíc obyvatel a může sloužit jako
            vzor pro další malá města v Plzeňském kraji.
        """,
        topics=("bytova-politika", "prevence-ztraty-bydleni", "spoluprace"),
        files=("docx",),
        stages=("treninkove", "dostupne"),
        related=("modelove-reseni-klatovy",),
    ),
    DemoItem(
        section="mesto-dobrany",
        slug="analyza-potreb-dobrany",
        title="Analýza potřeb sociálního bydlení v Dobřanech",
        kind="analysis",
        year=2017,
        summary=(
            "Lokální analýza podle společné osnovy projektu: kdo potřebuje podporu v "
            "bydlení, jaké byty a služby město má a kde jsou mezery."
        ),
        body="""
            Analýza sleduje stejnou osnovu jako v Rokycanech, Klatovech a Nýrsku: bytový
            fond, bytovou nouzi, demografii, sociální služby a bytovou politiku města.

            ## Zvláštní pozornost

            - domácnosti seniorů s nízkými příjmy v nevyhovujícím bydlení
            - rodiny s dětmi ohrožené ztrátou bydlení kvůli dluhům
            - dostupnost terénních služeb a poradenství v místě

            ## Další postup

            Závěry analýzy projednala koalice odborného partnerství. Na jejich základě
            vzniklo modelové řešení pro město a podněty pro doporučení kraji.
        """,
        topics=("bytova-politika", "deti-a-rodiny"),
        files=("docx",),
        target_groups=("seniori", "rodiny-s-detmi"),
        related=("analyza-socialniho-bydleni-rokycany",),
    ),
    DemoItem(
        section=CPKP,
        slug="doporuceni-plzenskemu-kraji",
        title="Doporučení Plzeňskému kraji jako organizátoru sociální sítě",
        kind="concept",
        year=2018,
        summary=(
            "Závěrečný výstup projektu: co může kraj udělat pro efektivní organizaci "
            "sociálních služeb a sociální práce v oblasti bydlení."
        ),
        body="""
            Modelová řešení ze čtyř obcí slouží jako podklad pro diskusi na celokrajské
            úrovni, jak efektivně organizovat sociální služby a sociální práci v oblasti
            bydlení. Oblast sociálního bydlení zůstává bez zákonné úpravy, a proto záleží
            na obcích a na kraji.

            ## Doporučení

            - v síti sociálních služeb počítat s podporou v bydlení a s terénními službami pro
              malé obce
            - podporovat spolupráci obcí při využití krizových a azylových kapacit
            - udržet koalici odborného partnerství jako místo sdílení zkušeností
            - sdílet metodiky a vzory dokumentů mezi obcemi
            - sledovat úspěšnost modelů jednotnými ukazateli

            ## Navazující kroky

            Doporučení byla předána kraji a projednána s členy koalice. Portál partnerství
            je jedním ze způsobů, jak sdílení metodik a předávání klientů udržet.
        """,
        topics=("bytova-politika", "spoluprace"),
        municipality="",
        region="plzensky",
        related=("modelove-reseni-klatovy", "modelova-reseni-souhrn"),
    ),
    DemoItem(
        section=CPKP,
        slug="modelova-reseni-souhrn",
        title="Modelová řešení systému sociálních služeb a sociální práce v prostupném bydlení",
        kind="methodology",
        year=2018,
        summary=(
            "Souhrnná metodika ze čtyř obcí: jak navázat sociální služby a sociální práci "
            "na zvolený systém prostupného bydlení."
        ),
        body="""
            Metodika popisuje, jak z lokální analýzy dojít k modelovému řešení a jak je
            projednat s vedením obce, bytovou správou a poskytovateli služeb.

            ## Postup

            - zmapovat bytový fond, bytovou nouzi a služby (lokální analýza)
            - zvolit stupně prostupného bydlení, které obec dokáže zajistit
            - ke každému stupni určit intenzitu sociální práce a odpovědnou službu
            - nastavit kazuistickou skupinu a pravidla přechodů nahoru i dolů
            - dohodnout sdílení informací s bytovou správou a úřadem práce

            ## Kombinace přístupů

            Obce mohou kombinovat Housing Ready s prvky Housing First; důležité je, aby
            intenzita podpory odpovídala potřebám domácnosti, ne stupni bydlení.
        """,
        topics=("socialni-prace", "spoluprace", "housing-first"),
        stages=("krizove", "treninkove", "socialni", "dostupne"),
        municipality="",
        region="plzensky",
        related=("doporuceni-plzenskemu-kraji",),
    ),
    DemoItem(
        section=SECRETARIAT,
        slug="seminar-socialni-prace-v-prostupnem-bydleni",
        title="Vzdělávací seminář: sociální práce v prostupném bydlení",
        kind="training",
        year=2017,
        summary=(
            "Podklady k semináři pro sociální pracovníky obcí a služeb: stupně bydlení, "
            "podmínky vstupu, individuální plán a včasná intervence."
        ),
        body="""
            ## Program

            - prostupné bydlení: stupně od krizového bydlení po standardní nájem
            - podmínky vstupu na příkladu Přerova a Ostravy
            - individuální plán a role klíčového sociálního pracovníka
            - včasná intervence při novém dluhu, ztrátě zaměstnání nebo rozpadu rodiny
            - kazuistická skupina: jak rozhodovat o přesunu dolů a o vyřazení

            ## Pro koho

            Seminář je určen sociálním pracovníkům obcí, azylových domů a neziskových
            organizací, kteří s klienty pracují v bydlení nebo je do programů předávají.

            ## Materiály

            Prezentace, vzor dohody o spolupráci a šablona individuálního plánu jsou k
            dispozici v knihovně.
        """,
        topics=("socialni-prace", "prevence-ztraty-bydleni"),
        files=("docx",),
        municipality="",
        region="plzensky",
        related=("metodika-treninkoveho-bydleni-prerov", "individualni-plan-sablona"),
    ),
    DemoItem(
        section=SECRETARIAT,
        slug="multidisciplinarni-spoluprace",
        title="Multidisciplinární spolupráce v sociálním bydlení",
        kind="good_practice",
        year=2018,
        summary=(
            "Příklady spolupráce sociálních pracovníků, bytové správy, úřadu práce, "
            "dodavatelů energií, škol a poskytovatelů služeb a možnosti zlepšení."
        ),
        body="""
            Sociální bydlení funguje jen tehdy, když spolu mluví všichni, kdo s domácností
            přicházejí do styku. Členové partnerství sdíleli příklady, které se osvědčily.

            ## Příklady

            - Přerov: kazuistická skupina sociálních pracovníků a rada města
            - Ostrava: trojstranné kontrakty s dodavatelem energií a přímá úhrada doplatku na
              bydlení úřadem práce
            - Praha: společné schůzky Městské nájemní agentury, klientů a klíčových pracovnic
            - Kadaň: spolupráce terénních sociálních pracovníků a bytové správy

            ## Možnosti zlepšení

            Jasně dohodnout, jaké informace si aktéři předávají a s jakým souhlasem
            klienta, a mít jednoho klíčového pracovníka, který spolupráci koordinuje.
        """,
        topics=("spoluprace", "socialni-prace"),
        municipality="",
        region="plzensky",
        related=("trojstranne-kontrakty-energie", "spoluprace-mna-a-poskytovatelu"),
    ),
]
