"""Serving more than one app process: HAProxy in front, sticky sessions, one command."""
