"""Every ID token verification rule, each with a token that breaks it."""

import base64
import hashlib
import hmac
import json
import socket
import time

import pytest
from joserfc.jwk import RSAKey

from devtools.oidc_provider import generate_signing_key
from shop.accounts.google.issuer import accepted_issuers
from shop.accounts.google.provider import ProviderUnavailable
from shop.accounts.google.verification import InvalidIdToken, verify_id_token
from tests.oidc import CLIENT_ID

ANDROID_CLIENT_ID = "shop-test-android.apps.example.com"


def verify(provider, raw_token, *, audiences=(CLIENT_ID,), nonce=None):
    return verify_id_token(raw_token, issuer=provider.issuer, audiences=audiences, nonce=nonce)


def assert_rejected(provider, raw_token, reason, **options):
    with pytest.raises(InvalidIdToken) as caught:
        verify(provider, raw_token, **options)
    assert caught.value.reason == reason


def encode_segment(document: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


def test_valid_token_returns_its_claims(oidc_provider):
    oidc_provider.set_identity("sub-1", "Ann.Lee@Example.com", name="Ann Lee")

    claims = verify(oidc_provider, oidc_provider.mint_id_token())

    assert claims.issuer == oidc_provider.issuer
    assert claims.subject == "sub-1"
    assert claims.email == "Ann.Lee@Example.com"
    assert claims.email_verified is True
    assert claims.given_name == "Ann"
    assert claims.family_name == "Lee"


# Audience


def test_wrong_audience_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(aud="someone-elses-client")

    assert_rejected(oidc_provider, token, "invalid_aud")


def test_audience_list_with_a_foreign_client_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(aud=[CLIENT_ID, "someone-elses-client"])

    assert_rejected(oidc_provider, token, "invalid_aud")


def test_missing_audience_is_rejected(oidc_provider):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(aud=None), "missing_aud")


def test_several_audiences_need_our_authorized_party(oidc_provider):
    audiences = (CLIENT_ID, ANDROID_CLIENT_ID)
    token = oidc_provider.mint_id_token(aud=list(audiences), azp="someone-elses-client")

    assert_rejected(oidc_provider, token, "invalid_azp", audiences=audiences)


def test_several_audiences_with_our_authorized_party_pass(oidc_provider):
    audiences = (CLIENT_ID, ANDROID_CLIENT_ID)
    token = oidc_provider.mint_id_token(aud=list(audiences), azp=ANDROID_CLIENT_ID)

    assert verify(oidc_provider, token, audiences=audiences).subject


def test_extra_client_id_is_accepted_only_when_listed(oidc_provider):
    token = oidc_provider.mint_id_token(aud=ANDROID_CLIENT_ID)

    assert verify(oidc_provider, token, audiences=(CLIENT_ID, ANDROID_CLIENT_ID)).subject
    assert_rejected(oidc_provider, token, "invalid_aud", audiences=(CLIENT_ID,))


# Issuer


def test_wrong_issuer_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(iss="https://accounts.google.com.evil.example")

    assert_rejected(oidc_provider, token, "invalid_iss")


def test_missing_issuer_is_rejected(oidc_provider):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(iss=None), "missing_iss")


def test_google_issuer_has_two_spellings():
    assert set(accepted_issuers("https://accounts.google.com")) == {
        "https://accounts.google.com",
        "accounts.google.com",
    }


def test_other_issuer_has_one_spelling():
    assert accepted_issuers("http://127.0.0.1:9000") == ("http://127.0.0.1:9000",)


# Signature, key id and algorithm


def test_signature_by_an_unpublished_key_is_rejected(oidc_provider):
    forger = generate_signing_key()
    token = oidc_provider.mint_id_token(
        signing_key=forger, headers={"kid": oidc_provider.signing_key.kid}
    )

    assert_rejected(oidc_provider, token, "bad_signature")


def test_changed_payload_breaks_the_signature(oidc_provider):
    header, _, signature = oidc_provider.mint_id_token().split(".")
    payload = encode_segment(
        {
            "iss": oidc_provider.issuer,
            "aud": CLIENT_ID,
            "sub": "someone-else",
            "iat": int(time.time()),
            "exp": int(time.time()) + 600,
        }
    )

    assert_rejected(oidc_provider, f"{header}.{payload}.{signature}", "bad_signature")


def test_unknown_key_id_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(signing_key=generate_signing_key())

    assert_rejected(oidc_provider, token, "unknown_key_id")


def test_missing_key_id_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(headers={"kid": None})

    assert_rejected(oidc_provider, token, "missing_key_id")


@pytest.mark.parametrize("algorithm", ["RS512", "PS256"])
def test_other_rsa_algorithms_are_rejected(oidc_provider, algorithm):
    # The published key, without the "alg" that would stop joserfc signing with it.
    fields = oidc_provider.signing_key.as_dict(private=True)
    same_key = RSAKey.import_key({name: value for name, value in fields.items() if name != "alg"})
    token = oidc_provider.mint_id_token(signing_key=same_key, headers={"alg": algorithm})

    assert_rejected(oidc_provider, token, "unsupported_algorithm")


def test_hmac_signed_with_the_public_key_is_rejected(oidc_provider):
    # joserfc refuses to build such a token, so it is assembled by hand.
    public_pem = oidc_provider.signing_key.as_pem(private=False)
    header = encode_segment({"alg": "HS256", "kid": oidc_provider.signing_key.kid})
    payload = encode_segment(
        {
            "iss": oidc_provider.issuer,
            "aud": CLIENT_ID,
            "sub": "forged",
            "iat": int(time.time()),
            "exp": int(time.time()) + 600,
        }
    )
    mac = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    signature = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    assert_rejected(oidc_provider, f"{header}.{payload}.{signature}", "unsupported_algorithm")


def test_unsigned_token_is_rejected(oidc_provider):
    header = encode_segment({"alg": "none", "kid": oidc_provider.signing_key.kid})
    payload = encode_segment({"iss": oidc_provider.issuer, "aud": CLIENT_ID, "sub": "forged"})

    assert_rejected(oidc_provider, f"{header}.{payload}.", "unsupported_algorithm")


@pytest.mark.parametrize("raw_token", ["", "not-a-jwt", "a.b.c", "....", "é.é.é"])
def test_malformed_token_is_rejected(oidc_provider, raw_token):
    assert_rejected(oidc_provider, raw_token, "malformed")


def test_oversized_token_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(padding="x" * 9000)

    assert_rejected(oidc_provider, token, "too_long")


# Expiry, issue time and not-before, with 60 seconds of leeway


def test_expired_token_is_rejected(oidc_provider):
    now = int(time.time())
    token = oidc_provider.mint_id_token(iat=now - 3700, exp=now - 90)

    assert_rejected(oidc_provider, token, "expired")


def test_token_expired_within_leeway_passes(oidc_provider):
    now = int(time.time())
    token = oidc_provider.mint_id_token(iat=now - 3600, exp=now - 30)

    assert verify(oidc_provider, token).subject


def test_missing_expiry_is_rejected(oidc_provider):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(exp=None), "missing_exp")


def test_future_iat_beyond_leeway_is_rejected(oidc_provider):
    now = int(time.time())
    token = oidc_provider.mint_id_token(iat=now + 90, exp=now + 3690)

    assert_rejected(oidc_provider, token, "invalid_iat")


def test_future_iat_within_leeway_passes(oidc_provider):
    now = int(time.time())
    token = oidc_provider.mint_id_token(iat=now + 30, exp=now + 3630)

    assert verify(oidc_provider, token).subject


def test_missing_issue_time_is_rejected(oidc_provider):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(iat=None), "missing_iat")


def test_not_before_in_the_future_is_rejected(oidc_provider):
    token = oidc_provider.mint_id_token(nbf=int(time.time()) + 90)

    assert_rejected(oidc_provider, token, "invalid_nbf")


@pytest.mark.parametrize("claim", ["exp", "iat"])
def test_non_numeric_time_is_rejected(oidc_provider, claim):
    token = oidc_provider.mint_id_token(**{claim: "tomorrow"})

    assert_rejected(oidc_provider, token, f"invalid_{claim}")


# Subject, email and nonce


def test_missing_subject_is_rejected(oidc_provider):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(sub=None), "missing_sub")


@pytest.mark.parametrize("subject", ["", "x" * 256, "sub\x00", "sübject", 12345])
def test_invalid_subject_is_rejected(oidc_provider, subject):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(sub=subject), "invalid_sub")


@pytest.mark.parametrize("email", ["not-an-email", "a" * 250 + "@example.com", 42])
def test_invalid_email_is_rejected(oidc_provider, email):
    assert_rejected(oidc_provider, oidc_provider.mint_id_token(email=email), "invalid_email")


@pytest.mark.parametrize("email_verified", [False, "true", 1, None])
def test_only_boolean_true_counts_as_verified(oidc_provider, email_verified):
    token = oidc_provider.mint_id_token(email_verified=email_verified)

    assert verify(oidc_provider, token).email_verified is False


def test_matching_nonce_passes(oidc_provider):
    token = oidc_provider.mint_id_token(nonce="n-123")

    assert verify(oidc_provider, token, nonce="n-123").subject


@pytest.mark.parametrize("nonce", ["n-other", None, 123])
def test_wrong_or_missing_nonce_is_rejected(oidc_provider, nonce):
    token = oidc_provider.mint_id_token(nonce=nonce)

    assert_rejected(oidc_provider, token, "invalid_nonce", nonce="n-123")


# The provider's key set


def test_key_set_is_fetched_once_for_many_tokens(oidc_provider):
    for _ in range(3):
        verify(oidc_provider, oidc_provider.mint_id_token())

    assert oidc_provider.jwks_requests == 1


def test_rotated_key_refetches_key_set(oidc_provider):
    verify(oidc_provider, oidc_provider.mint_id_token())
    oidc_provider.rotate_key()

    assert verify(oidc_provider, oidc_provider.mint_id_token()).subject
    assert oidc_provider.jwks_requests == 2


def test_unknown_key_ids_refetch_once(oidc_provider):
    verify(oidc_provider, oidc_provider.mint_id_token())

    for _ in range(3):
        token = oidc_provider.mint_id_token(signing_key=generate_signing_key())
        assert_rejected(oidc_provider, token, "unknown_key_id")

    assert oidc_provider.jwks_requests == 2


def test_unreachable_provider_is_reported(db, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with pytest.raises(ProviderUnavailable):
        verify_id_token("a.b.c", issuer=f"http://127.0.0.1:{closed_port}", audiences=[CLIENT_ID])


def test_discovery_naming_another_issuer_is_rejected(oidc_provider):
    with pytest.raises(ProviderUnavailable):
        verify_id_token(
            oidc_provider.mint_id_token(), issuer=oidc_provider.issuer + "/", audiences=[CLIENT_ID]
        )
