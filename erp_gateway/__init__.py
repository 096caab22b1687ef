"""tillsync ERP gateway: the server side the ERP sits behind."""
