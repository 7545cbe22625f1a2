"""Dutch formats (see the package docstring); Django's own nl module writes '30 november 2026'."""

DATE_FORMAT = "d-m-Y"  # 30-11-2026
SHORT_DATE_FORMAT = "d-m-Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d-m-Y H:i"  # 30-11-2026 14:05
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Django adds the ISO formats (yyyy-mm-dd, yyyy-mm-dd HH:MM[:SS]) to these lists itself; the form
# fields also parse yyyy-mm-ddTHH:MM.
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H.%M",
    "%d/%m/%Y %H:%M", "%d-%m-%YT%H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
]
