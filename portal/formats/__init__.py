"""Date, time and number formats per interface language, where Django's own do not fit.

English here is British English: the portal's English is `en` (so /cy/ and /ar/ sit beside
unprefixed English addresses), but its dates read "28 Nov 2026", not the American "Nov. 28, 2026".
"""
