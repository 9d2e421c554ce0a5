"""Shared pieces of the fuzz tests: hypothesis settings, hostile values, xlsx."""

import datetime
import io
import math
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# How many examples each fuzz test ran (written to the report, see conftest.py).
EXAMPLES = Counter()


def fuzz_settings(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# Text a person or a robot may type: any printable unicode (openpyxl and HTTP
# forms refuse control characters themselves; they get their own cases below).
printable = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=60
)
HOSTILE_STRINGS = [
    "",
    " ",
    "=1+1",
    '=HYPERLINK("http://exemple.invalid","clic")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1",
    '"; DROP TABLE measures_indicatorvalue; --',
    "../../etc/passwd",
    "%00",
    "NaN",
    "-inf",
    "1e309",
    "١٢٣",  # Arabic-Indic digits
    "１２",  # full-width digits
    "12,5",
    "1 234,56",
    "31/02/2019",
    "2019-13-01",
    "0000-00-00",
    "30/06/19",
    "Haute‑Garonne",  # non-breaking hyphen
    "ǅ" * 3,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u202eelif.exe",  # right-to-left override
    "x" * 300,
    "é" * 5000,
]
hostile_text = st.one_of(st.sampled_from(HOSTILE_STRINGS), printable)
huge_text = st.integers(1000, 40_000).map(lambda n: "A" * n)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(float),
    st.sampled_from([0, -1, 10**15, -(10**15), 0.1, 1e-12, math.pi]),
)
dates = st.one_of(
    st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
    st.datetimes(datetime.datetime(1900, 1, 2), datetime.datetime(2200, 1, 1)),
)
cell_values = st.one_of(
    st.none(), st.booleans(), numbers, dates, hostile_text, printable
)


@st.composite
def damaged(draw, content):
    """A valid xlsx, damaged: truncated, bytes flipped, or padded."""
    how = draw(st.sampled_from(["truncate", "flip", "prefix", "suffix"]))
    if how == "truncate":
        return content[: draw(st.integers(0, len(content) - 1))]
    if how == "flip":
        position = draw(st.integers(0, len(content) - 1))
        value = draw(st.integers(0, 255))
        return content[:position] + bytes([value]) + content[position + 1 :]
    if how == "prefix":
        return draw(st.binary(max_size=50)) + content
    return content + draw(st.binary(max_size=50))


def zip_with(entries):
    """A zip archive (starts like an xlsx) holding arbitrary entries."""
    import warnings
    import zipfile

    output = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(output, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the game
        for name, data in entries:
            archive.writestr(name, data)
    return output.getvalue()


def counted(name):
    EXAMPLES[name] += 1
