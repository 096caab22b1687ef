"""The cashier window (``till-admin --front``) and the sale behind it."""
