"""The page of every generated Word document: A4, portrait, with the margins of the national
standard for official documents.

《党政机关公文格式》GB/T 9704-2012 §5.1 and §5.2.1: A4 paper (210 mm × 297 mm); 天头 (top
margin) 37 mm ± 1 mm, 订口 (left margin) 28 mm ± 1 mm, and a type area (版心) of 156 mm × 225 mm.
The bottom and right margins follow from these: 297 − 37 − 225 = 35 mm and 210 − 28 − 156 =
26 mm. No stored copy of the standard itself was found; these figures were read in stored pages
quoting it (docs/legal-sources.md §28), which agree with each other.

python-docx creates US Letter (21.59 cm × 27.94 cm) with 2.54 cm margins, and so does Word for a
template made on an American default; left alone, a document printed on the bureau's A4 paper is
cut or shrunk. So every document is set to A4 when it is generated:

- the built-in templates are built on this page (`apply`);
- a template an agency uploaded is rendered, then each section whose paper is not A4 is set to
  A4 with these margins (`fit`). A section already A4 keeps its own margins: the agency laid
  it out on A4 on purpose (a letterhead that needs a wider top, say), and the standard allows
  ± 1 mm and special cases. Landscape A4 (a wide table's section) is kept as it is.
"""

from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Length

PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
TOP = Cm(3.7)
BOTTOM = Cm(3.5)
LEFT = Cm(2.8)
RIGHT = Cm(2.6)
# Word writes sizes in twentieths of a point: 21 cm is 11906 twips, read back as 21.0009 cm.
_TOLERANCE = Cm(0.05)


def _near(value: Length | None, target: Length) -> bool:
    return value is not None and abs(value - target) <= _TOLERANCE


def is_a4(section) -> bool:
    """Whether a section's paper is A4, upright or turned."""
    size = (section.page_width, section.page_height)
    return (_near(size[0], PAGE_WIDTH) and _near(size[1], PAGE_HEIGHT)) or (
        _near(size[0], PAGE_HEIGHT) and _near(size[1], PAGE_WIDTH)
    )


def apply(section) -> None:
    """A4 upright with the standard's margins."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT


def fit(document) -> None:
    """Every section of a python-docx `document` on A4: those on other paper (or with none
    stated) get A4 and the standard's margins; A4 sections keep theirs."""
    for section in document.sections:
        if not is_a4(section):
            apply(section)
