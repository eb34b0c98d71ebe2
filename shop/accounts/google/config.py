"""The Google settings, read on every request so that tests can change them."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class GoogleSettings:
    client_id: str
    client_secret: str
    extra_client_ids: tuple[str, ...]
    issuer: str

    @property
    def is_configured(self) -> bool:
        return bool(self.client_id)

    @property
    def api_audiences(self) -> tuple[str, ...]:
        """Client ids accepted as `aud` by the ID token endpoint (web, Android, iOS)."""
        return (self.client_id, *self.extra_client_ids)


def load_google_settings() -> GoogleSettings:
    extra = settings.GOOGLE_EXTRA_CLIENT_IDS
    if isinstance(extra, str):
        extra = extra.split(",")
    return GoogleSettings(
        client_id=settings.GOOGLE_CLIENT_ID.strip(),
        client_secret=settings.GOOGLE_CLIENT_SECRET,
        extra_client_ids=tuple(item.strip() for item in extra if item.strip()),
        issuer=settings.GOOGLE_OIDC_ISSUER.strip(),
    )
