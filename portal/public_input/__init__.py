"""What every public form of the portal shares, whatever app it belongs to: plain-text cleaning,
image checking and re-encoding, rate limits kept in the shared cache, and the honeypot field.

Owns: those protections and their settings (PORTAL_RATELIMIT_PREFIX, PORTAL_CLIENT_IP_HEADER).
May import: django, Pillow. Never an app: the live wall, the hub and every later public form import
from here, so a rule tightened here is tightened for all of them.
"""
