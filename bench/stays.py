"""Stays with money for the benchmark dataset (bench/generate.py): some accepted referrals
become placed, with the stay the PLACE transition creates, the account the receiving
programme keeps (rent and services, a deposit in instalments, a variable symbol) and twelve
months of payments, the labour office's direct payments among them, with some tenants
falling into arrears.

The rows are the ones the services would write (referrals.services.stay_actions'
PlaceAction, referrals.services.finance): a history row per tracked object with the
services' change reasons, and the arrears flag set as account_refresh would set it on the
generator's day, computed by referrals.ledger itself. A separate random stream decides who
is placed and how they pay, so the rest of a seed's dataset stays as it was."""

from __future__ import annotations

import datetime
import random
import sys
from decimal import Decimal

MONTHS = 12  # of rent and payments per stay
PLACED_SHARE = 0.6  # of the accepted referrals decided before the move-in month
ARREARS_THRESHOLD = Decimal(2000)  # the bench programmes' rule
RENTS = [Decimal(v) for v in (2150, 2600, 3100, 3800, 4500)]
SERVICES = [Decimal(v) for v in (800, 1250, 1500, 1900)]
DEPOSITS = [(Decimal(0), 1), (Decimal(1000), 3), (Decimal(2000), 4), (Decimal(6000), 1)]
SUPPLEMENT = Decimal(2000)  # housing supplement the labour office pays straight to the owner
# How a tenant pays: (weight, months missed, share of the client's part paid)
HABITS = {
    "on_time": (70, 0, Decimal(1)),
    "missed": (18, 2, Decimal(1)),  # two months not paid at all
    "partly": (12, 0, Decimal("0.8")),  # always a fifth short
}


class StayMaker:
    def __init__(self, generator):
        from referrals import ledger

        self.ledger = ledger
        self.gen = generator
        self.rng = random.Random(generator.seed * 1_000_003 + 18)
        today = generator.now.date()
        # Twelve rent months due by the generator's day (the 5th of each, the default).
        self.today = today
        self.moved_in = ledger.add_months(ledger.month_of(today), -MONTHS)
        self.programmes = {p.pk: p for p in generator.programmes}

    def rules_rows(self) -> list[dict]:
        return [
            {"programme_id": programme.pk, "arrears_threshold": ARREARS_THRESHOLD}
            for programme in self.gen.programmes
        ]

    def place(self, referrals: list[dict], history: list[dict]) -> dict:
        """Place a share of the accepted referrals (changing their rows in `referrals` and
        adding the PLACE step to `history`); returns the rows to write, by model."""
        from referrals.models import Payment, Referral, RentTerms, Stay, StayAccount

        # The generator's own helpers (whether it runs as bench.generate or as __main__).
        generate = sys.modules[type(self.gen).__module__]
        STEP_FIELDS, STEP_START, Table = generate.STEP_FIELDS, generate.STEP_START, generate.Table
        _history_model, _history_row = generate._history_model, generate._history_row

        moved_in_at = datetime.datetime.combine(
            self.moved_in, datetime.time(9, 0), tzinfo=datetime.UTC
        )
        stays, accounts, terms, payments, workers = [], [], [], [], []
        chosen = [
            row
            for row in referrals
            if row["status"] == "accepted"
            and row["decided_at"] < moved_in_at - datetime.timedelta(days=1)
            and self.rng.random() < PLACED_SHARE
        ]
        if not chosen:
            return {}
        first_stay = self.gen.writer.reserve(Stay, len(chosen))
        first_account = self.gen.writer.reserve(StayAccount, len(chosen))
        stay_ids = iter(range(first_stay, first_stay + len(chosen)))
        for offset, referral in enumerate(chosen):
            programme = self.programmes[referral["programme_id"]]
            worker = self.rng.choice(self.gen.workers[referral["receiver_organisation_id"]])
            workers.append(worker.pk)
            referral["status"] = "placed"
            referral["updated_at"] = moved_in_at
            step = {f: referral[f] for f in STEP_FIELDS if referral[f] is not None}
            history.append(
                _history_row(
                    Referral,
                    referral,
                    history_type="~",
                    reason="referral.place",
                    user_id=worker.pk,
                    when=moved_in_at,
                    **{**STEP_START, **step},
                )
            )
            stay = Table.of(Stay).complete(
                {
                    "id": next(stay_ids),
                    "referral_id": referral["id"],
                    "programme_id": programme.pk,
                    "stage_id": programme.stage_id,
                    "moved_in_on": self.moved_in,
                    "lease_start": self.moved_in,
                    "lease_end": self.ledger.add_months(self.moved_in, 24)
                    - datetime.timedelta(days=1),
                    "support_worker_id": worker.pk,
                    "created_at": moved_in_at,
                }
            )
            stays.append(stay)
            deposit, instalments = self.rng.choice(DEPOSITS)
            account = Table.of(StayAccount).complete(
                {
                    "id": first_account + offset,
                    "stay_id": stay["id"],
                    "organisation_id": programme.organisation_id,
                    "variable_symbol": str(stay["id"]),
                    "due_day": 5,
                    "deposit_amount": deposit,
                    "deposit_instalments": instalments,
                    "deposit_first_due": self.moved_in,
                    "created_at": moved_in_at,
                }
            )
            rent, services = self.rng.choice(RENTS), self.rng.choice(SERVICES)
            terms.append(
                {
                    "account_id": account["id"],
                    "valid_from": self.moved_in,
                    "rent": rent,
                    "services": services,
                    "recorded_by_id": worker.pk,
                    "created_at": moved_in_at,
                }
            )
            paid = self._payments(account, rent + services, worker.pk)
            payments += paid
            account["arrears_flag_since"] = self._flag_since(account, rent, services, paid)
            accounts.append(account)
        stay_history, account_history = [], []
        for stay, account, user_id in zip(stays, accounts, workers, strict=True):
            when = stay["created_at"]
            stay_history.append(
                _history_row(
                    Stay, stay, history_type="+", reason="stay.started", user_id=user_id, when=when
                )
            )
            account_history.append(
                _history_row(
                    StayAccount,
                    account,
                    history_type="+",
                    reason="account.opened",
                    user_id=user_id,
                    when=when,
                )
            )
        return {
            Stay: stays,
            _history_model(Stay): stay_history,
            StayAccount: accounts,
            _history_model(StayAccount): account_history,
            RentTerms: terms,
            Payment: payments,
        }

    def _payments(self, account: dict, monthly: Decimal, user_id: int) -> list[dict]:
        """Twelve months: the labour office's supplement where the household gets one, the
        client's part (with the deposit's instalments in the first months) around the due
        day, as the tenant's habit has it."""
        rng, ledger = self.rng, self.ledger
        habits = list(HABITS)
        habit = rng.choices(habits, [HABITS[h][0] for h in habits])[0]
        _weight, missed, share = HABITS[habit]
        skip = set(rng.sample(range(MONTHS), missed)) if missed else set()
        supplement = SUPPLEMENT if rng.random() < 0.4 else Decimal(0)
        plan = ledger.instalments(
            account["deposit_amount"], account["deposit_instalments"], self.moved_in
        )
        rows = []
        for number in range(MONTHS):
            month = ledger.add_months(self.moved_in, number)
            due = ledger.due_in(month, account["due_day"])
            if supplement:
                rows.append(self._payment(account, due, supplement, "labour_office", user_id))
            if number in skip:
                continue
            own = ((monthly - supplement) * share).quantize(Decimal("1"))
            own += plan[number].amount if number < len(plan) else 0
            paid_on = due + datetime.timedelta(days=rng.randint(-4, 12))
            if own > 0 and paid_on <= self.today:
                rows.append(self._payment(account, paid_on, own, "client", user_id))
        return rows

    @staticmethod
    def _payment(account, paid_on, amount, payer, user_id) -> dict:
        return {
            "account_id": account["id"],
            "paid_on": paid_on,
            "amount": amount,
            "payer": payer,
            "variable_symbol": account["variable_symbol"],
            "source": "manual",
            "recorded_by_id": user_id,
            "recorded_at": datetime.datetime.combine(
                paid_on, datetime.time(10, 0), tzinfo=datetime.UTC
            ),
        }

    def _flag_since(self, account, rent, services, payments) -> datetime.date | None:
        """The arrears flag as account_refresh leaves it on the generator's day."""
        ledger = self.ledger
        charges = ledger.rent_charges(
            [ledger.Terms(self.moved_in, rent, services)],
            until=self.today,
            due_day=account["due_day"],
            ends_on=None,
        ) + ledger.instalments(
            account["deposit_amount"], account["deposit_instalments"], self.moved_in
        )
        statement = ledger.statement(
            charges, [ledger.Paid(p["paid_on"], p["amount"]) for p in payments], on=self.today
        )
        return self.today if statement.arrears > ARREARS_THRESHOLD else None
