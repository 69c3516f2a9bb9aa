"""Uploads write to a temporary media root; the referral fixtures (a client with consents,
a receiving programme) for the tests that upload through referrals."""

import pytest

from tests.referrals import conftest as referral_fixtures

case = referral_fixtures.case
programme = referral_fixtures.programme


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path
