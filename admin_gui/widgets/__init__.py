"""Widgets both windows use: the network icon and the message banner."""
