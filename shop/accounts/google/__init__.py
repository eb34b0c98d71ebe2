"""Sign in with Google: ID token verification, account linking and the browser flow."""
