"""The settings screen: the till's config in tabs, checked by the config loader's own
rules, saved key by key with the file's comments kept, imported with a preview."""
