"""The till's PyQt6 windows (``till-admin``): settings, data loading, status, cashier.

All Qt goes through ``admin_gui.qt``; the rules stay in ``standalone_till``.
"""
