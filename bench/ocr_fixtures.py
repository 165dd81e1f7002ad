"""Image-only copies of the corpus PDFs, so OCR can be scored against the PDFs' gold.

    python bench/ocr_fixtures.py ../shared/corpus OUT [--stems hongze_2024 ...]

For every corpus PDF with gold tables this writes, under OUT:

* ``300dpi/<stem>.pdf`` and ``150dpi/<stem>.pdf`` — every page rendered to a greyscale image at
  that resolution and wrapped in a PDF with no text layer;
* ``tiff300/<stem>.tiff`` — the 300 dpi renders as one multi-page TIFF (the image reader takes
  PNG and JPEG pages too; a report of several pages is one TIFF);
* ``skewed/<stem>.pdf`` — 300 dpi, rotated by 0.8° and with speckle noise and a slight blur, as a
  flatbed scan of a printout would look.

Nothing here is committed: the corpus PDFs may not be copied into the project, and the renders
are derived from them. The gold for every variant is the PDF's gold (``tables/<stem>.json``)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

VARIANTS = {"300dpi": (300, False), "150dpi": (150, False), "skewed": (300, True), "tiff300": (300, False)}


def render_pages(pdf_path: Path, dpi: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def degrade(image, seed: int, angle: float = 0.8):
    """A scan-like copy: rotated, speckled, slightly blurred."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    rotated = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(rotated.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.int16)
    pixels = pixels + rng.normal(0, 12, pixels.shape).astype(np.int16)
    speckle = rng.random(pixels.shape)
    pixels[speckle < 0.0015] = 0
    pixels[speckle > 0.9985] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def build(corpus: Path, out: Path, stems: list[str] | None = None) -> list[Path]:
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    pdfs = [corpus / "reports" / m["file"] for m in manifest if m["file"].endswith(".pdf") and m.get("gold_tables")]
    if stems:
        pdfs = [p for p in pdfs if p.stem in stems]
    written = []
    for pdf in pdfs:
        for variant, (dpi, skewed) in VARIANTS.items():
            pages = render_pages(pdf, dpi)
            if skewed:
                pages = [degrade(p, seed=i) for i, p in enumerate(pages)]
            folder = out / variant
            folder.mkdir(parents=True, exist_ok=True)
            if variant.startswith("tiff"):
                target = folder / f"{pdf.stem}.tiff"
                pages[0].save(target, save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_lzw")
            else:
                target = folder / f"{pdf.stem}.pdf"
                pages[0].save(target, save_all=True, append_images=pages[1:], resolution=float(dpi))
            written.append(target)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--stems", nargs="*", help="only these reports")
    args = ap.parse_args(argv)
    for path in build(Path(args.corpus), Path(args.out), args.stems):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
