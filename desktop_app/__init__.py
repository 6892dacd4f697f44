"""Provision Register: attendance register and safeguarding tools for alternative provisions."""

__version__ = "0.1.0"
APP_NAME = "Provision Register"
