"""Fixtures for the cross-app tests in tests/ (the shared ones live in the root conftest.py)."""

import pytest

from tests.second_factor_helpers import verified_login


@pytest.fixture
def login_verified(client):
    """login_verified(user): ``client`` signed in as ``user``, second factor confirmed."""

    def log_in(user):
        return verified_login(client, user)

    return log_in
