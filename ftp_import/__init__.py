"""The export format: write and publish (ERP side), fetch, verify and apply (till side)."""
