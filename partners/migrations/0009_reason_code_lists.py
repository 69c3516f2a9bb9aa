"""The coalition's code lists of reasons, with Czech labels the secretariat may edit later
(codes already there are left as they are)."""

from django.db import migrations

CODE_LISTS = {
    "decline": [
        ("debts", "Dluhy (vůči městu, dodavateli energií, exekuce)"),
        ("capacity", "Není volný byt ani kapacita"),
        ("cooperation", "Chybí spolupráce se sociálním pracovníkem"),
        ("target_group", "Není cílovou skupinou nebo oblastí programu"),
        ("documents", "Chybějící doklady nebo informace"),
        ("conditions", "Nesplněné jiné podmínky přijetí"),
        ("other", "Jiný důvod"),
    ],
    "move_down": [
        ("new_debt", "Nový dluh (vůči městu, za služby, u dodavatele energií)"),
        ("house_rules", "Porušování domovního řádu"),
        ("lost_income", "Ztráta zaměstnání nebo příjmu"),
        ("addiction", "Závislost"),
        ("health", "Zdravotní problémy"),
        ("family_breakup", "Rozpad rodiny"),
        ("neighbour_conflict", "Konflikty se sousedy"),
        ("other", "Jiný důvod"),
    ],
    "exclusion": [
        ("repeated_breach", "Opakované hrubé porušování nájemní smlouvy nebo domovního řádu"),
        ("non_cooperation", "Odmítání spolupráce se sociálním pracovníkem"),
        ("arrears", "Neplacení nájemného po neúspěšné intervenci"),
        ("crime", "Trestná činnost"),
        ("other", "Jiný důvod"),
    ],
    "early_end": [
        ("found_housing", "Klient našel jiné bydlení"),
        ("moved_away", "Odstěhoval se mimo obec"),
        ("left", "Odešel bez oznámení"),
        ("institution", "Pobyt ve zdravotnickém nebo jiném zařízení, výkon trestu"),
        ("death", "Úmrtí"),
        ("other", "Jiný důvod"),
    ],
    "offer_skip": [
        ("conditions_lapsed", "Žadatel přestal splňovat podmínky (např. nový dluh)"),
        ("unreachable", "Žadatel není k zastižení"),
        ("flat_unsuitable", "Byt neodpovídá potřebám žadatele (zdraví, škola, práce)"),
        ("more_urgent", "Naléhavější potřeba jiného žadatele (např. domácí násilí)"),
        ("refused_before", "Žadatel obdobný byt již odmítl"),
        ("other", "Jiný důvod"),
    ],
}


def add_codes(apps, schema_editor):
    ReasonCode = apps.get_model("partners", "ReasonCode")
    for code_list, codes in CODE_LISTS.items():
        for order, (code, label) in enumerate(codes):
            ReasonCode.objects.get_or_create(
                code_list=code_list,
                code=code,
                defaults={"label": label, "sort_order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_typed_conditions_and_reason_codes")]

    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
