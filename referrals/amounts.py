"""Amounts in Kč as Czech people write them (2 450, 2 450,00, 2.450,00, 2 450,-, 2450 Kč),
read into a Decimal, never through a float: for the payment lists the accounting exports
(services.payment_import) and for the money fields of the forms (forms.finance)."""

import re
from decimal import Decimal, InvalidOperation

# What the money columns hold (10 digits, 2 of them decimal).
MAX_AMOUNT = Decimal("99999999.99")
AMOUNT = re.compile(r"^-?\d{1,3}(?:[ .]\d{3})*(?:,\d{1,2})?$|^-?\d+(?:,\d{1,2})?$")
# "Kč" / "CZK" after the number, and ",-" (whole crowns, as on Czech invoices) before it.
CURRENCY = re.compile(r"\s*(?:kč|czk)\.?$", re.IGNORECASE)
WHOLE_CROWNS = re.compile(r",\s*[-\u2013\u2014]{1,2}$")
# Spaces Czech software writes between thousands (no-break, narrow no-break, figure).
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " "})
MULTIPLE_SPACES = re.compile(r" {2,}")


def parse_amount(value: str) -> Decimal | None:
    """An amount written the Czech way: 2 450, 2 450,00, 2.450,00, 2 450,- or 2450 Kč
    (spaces of any kind or dots between thousands, a decimal comma); None if it is not one.
    Never a float: the digits go straight into a Decimal."""
    text = MULTIPLE_SPACES.sub(" ", value.translate(SPACES).strip())
    text = CURRENCY.sub("", text)
    text = WHOLE_CROWNS.sub("", text).strip()
    if not AMOUNT.match(text):
        return None
    try:
        return Decimal(text.replace(" ", "").replace(".", "").replace(",", ".")).quantize(
            Decimal("0.01")
        )
    except InvalidOperation:
        return None
