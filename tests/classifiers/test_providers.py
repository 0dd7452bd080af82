"""Provider formats: documented prefixes with the documented body are API keys; near misses are not."""

from __future__ import annotations

import pytest

from classifiers.privacy.providers import PROVIDERS

GUID = "71590d29-2a28-4c8e-9f1a-3a2043d7b6e1"


@pytest.mark.parametrize(
    ("provider", "token"),
    [
        (
            "vault",
            "hvs.C3J27XDCG2LmlZGEONYlgCtjfIZ4SOcMz9CPVNPkNa1Hedcm4pMbXDuCL1mHoOsFaQfDPrAJ71fTquWoGsbeKXgzg2",
        ),
        (
            "terraform",
            "sye9b2Rann76dE.atlasv1.yTzAeKOmXRrvftva9AW7hipTgadDZFlRJmCGmUXiAPyhzAnar3ZLt4bnlz2MPKgcjnC",
        ),
        ("yandex api key", "AQVNifxi5CvQUSHL8iLc7bE6wSt9cbMOeEeUtuie"),
        ("azure sas", "sig=eCIxVc57VVTiY96vwfRE5e32A8Yb3FKaNQyyLaMe%2BffO%3D"),
        ("planetscale", "pscale_tkn_OhCgOIPOZx9eRmm0EqlTaWEITclorXwIS8HGNWkz2YS"),
        ("new relic licence", "eu01x72dc4ee60caea63367c29a80b21ead8NRAL"),
        ("gitlab runner registration", "glrtr-F6bnZ3eBZclIvRY6iEjH5UH1RSC84FL8SfWoCHJs"),
        ("gitlab session cookie", "_gitlab_session=589c6948f6d30c01c3f252edc87ff4ad"),
        ("sonarqube", "squ_fa36d0840164709ab7f3f386d0cd566647b5aa66"),
        ("sourcegraph", "sgp_6347428c3dd46c03_6bb3a62f301f46536559314e23acedbd6b0165de"),
        ("launchdarkly", "sdk-bbc6530a-2c6a-8835-c4ab-d5c652a9f30b"),
        ("1password secret key", "A3-DORTVN-ZL8EY65NHZB-HGPQ2-Z6DMY-AGQQR"),
        ("notion", "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"),
        ("teams webhook", f"webhook.office.com/webhookb2/{GUID}"),
        ("shippo", "shippo_live_9451e0f1a365b67f7e58c59f8fca2f7c164c8170"),
        ("easypost", "EZAK3E5xCYpTAM3kAkXujq63ZHiOVNrHIdjKXlan062j0ifwrNTHg4ESDf"),
        (
            "mapbox secret",
            "sk.eyJ1Ijoi9VLI2GtbYmAm6RfY0CncIAHFk819tutzeJtDQTexeRigQzRDV9Y1hPCa3yTT.EpsKhDXa22ZUn5NjsOy7IV",
        ),
        ("dropbox long-lived", "t9vWzJQfqmmAAAAAAAAAAyUhvt8rKEUOvC0yfgjNgiROTllmzc1DLTfgockhBAXe"),
        ("hugging face org", "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"),
        ("pinecone", "pcsk_gJynGvYs0gNTkqXI5tJowNGGjKTm7HTT17mK8bOQmXfipEKASvvf73xrD4hCUip5KIIJeJ"),
        ("langsmith", "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"),
        ("github", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("aws key id", "AKIAQWADE5R42RDZ4JEM"),
    ],
)
def test_documented_formats_are_recognised(provider: str, token: str) -> None:
    """Each provider's documented prefix, alphabet and length is matched whole."""
    m = PROVIDERS.search(f"key: {token} # {provider}")
    assert m is not None and m.group() == token


@pytest.mark.parametrize(
    "text",
    [
        "hvs.short",  # body too short
        "squ_notahexvalue0000000000000000000000000000",  # wrong alphabet
        "xghp_16C7e42F292c6912E7710c838347Ae178B4a",  # prefix inside a longer word
        "API-DOCUMENTATIONGATEWAYSERVICES",  # Octopus shape needs digits
        "sdk-version-1.2.3",
        "the passenger list",
    ],
)
def test_near_misses_are_not_recognised(text: str) -> None:
    """A prefix alone, a wrong body or a prefix inside a longer token is not a key."""
    assert PROVIDERS.search(text) is None
