"""The shared vocabularies' starting entries (used by the data migration and the demo): a topic list
for community life and the languages most spoken in UK communities. Editors change them as
snippets afterwards; nothing here is read at run time."""

TOPICS = [
    "Accessibility",
    "Buildings and spaces",
    "Children and families",
    "Co-production",
    "Cost of living",
    "Digital inclusion",
    "Environment and green spaces",
    "Funding",
    "Governance",
    "Health and care",
    "Housing",
    "Older people",
    "Partnership",
    "Refugees and migrants",
    "Safeguarding",
    "Transport",
    "Volunteering",
    "Young people",
]

# (ISO 639 code, English name, name in the language)
LANGUAGES = [
    ("en", "English", "English"),
    ("cy", "Welsh", "Cymraeg"),
    ("gd", "Scottish Gaelic", "Gàidhlig"),
    ("ar", "Arabic", "العربية"),
    ("bn", "Bengali", "বাংলা"),
    ("zh", "Chinese", "中文"),
    ("fa", "Persian", "فارسی"),
    ("gu", "Gujarati", "ગુજરાતી"),
    ("ku", "Kurdish", "Kurdî"),
    ("lt", "Lithuanian", "Lietuvių"),
    ("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    ("pl", "Polish", "Polski"),
    ("pt", "Portuguese", "Português"),
    ("ro", "Romanian", "Română"),
    ("so", "Somali", "Soomaali"),
    ("es", "Spanish", "Español"),
    ("ti", "Tigrinya", "ትግርኛ"),
    ("tr", "Turkish", "Türkçe"),
    ("uk", "Ukrainian", "Українська"),
    ("ur", "Urdu", "اردو"),
    ("bfi", "British Sign Language", "BSL"),
]
