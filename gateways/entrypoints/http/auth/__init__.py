"""Authentication by API key, and authorisation by the role each key is mapped to."""
