"""Request and response models of the API, split by use case; never the domain's classes."""
