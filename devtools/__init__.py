"""Development tools that are never imported by the shop itself."""
