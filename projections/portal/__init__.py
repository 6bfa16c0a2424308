"""The portal's read model: the read side kept current inside the API process, and its lists."""
