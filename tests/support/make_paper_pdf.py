#!/usr/bin/python3
"""Writes PDFs for the thumbnail tests, made here with ReportLab (Debian python3-reportlab):

  make_paper_pdf.py paper OUT --title T [--hue H]   a paper-like first page (title, authors,
                                                     abstract, a coloured figure) and a second page
  make_paper_pdf.py huge OUT                         one page a million points on each side
  make_paper_pdf.py truncated OUT                    a paper cut off after its first 40% of bytes
  make_paper_pdf.py not-pdf OUT                      an HTML error page, as a proxy might send
"""
import argparse
import colorsys
import io
import sys

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

LOREM = ("We study how a model learns from data at scale and what it forgets. "
         "Our method improves accuracy on four benchmarks while using less memory. ") * 3


def wrapped(c, text, x, y, width, size, leading):
    line = ""
    for word in text.split():
        trial = (line + " " + word).strip()
        if c.stringWidth(trial, "Times-Roman", size) > width:
            c.drawString(x, y, line)
            y -= leading
            line = word
        else:
            line = trial
    if line:
        c.drawString(x, y, line)
        y -= leading
    return y


def paper(title, hue):
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=letter)
    w, h = letter
    c.setFont("Times-Bold", 17)
    c.drawCentredString(w / 2, h - 90, title[:70])
    c.setFont("Times-Roman", 11)
    c.drawCentredString(w / 2, h - 115, "Ada Lovelace, Alan Turing, Grace Hopper")
    c.drawCentredString(w / 2, h - 130, "Analytical Engine Laboratory")
    c.setFont("Times-Bold", 11)
    c.drawCentredString(w / 2, h - 165, "Abstract")
    c.setFont("Times-Roman", 10)
    y = wrapped(c, LOREM, 100, h - 182, w - 200, 10, 12)
    r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 0.85)
    c.setFillColorRGB(r, g, b)
    c.rect(72, y - 200, w - 144, 180, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(w / 2, y - 115, "Figure 1")
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Times-Roman", 10)
    y = wrapped(c, LOREM, 72, y - 225, (w - 160) / 2, 10, 12)
    c.showPage()
    c.drawString(72, h - 72, "Page two.")
    c.showPage()
    c.save()
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["paper", "huge", "truncated", "not-pdf"])
    parser.add_argument("out")
    parser.add_argument("--title", default="A Paper About Learning")
    parser.add_argument("--hue", type=float, default=0.6)
    args = parser.parse_args()
    if args.kind == "paper":
        data = paper(args.title, args.hue)
    elif args.kind == "huge":
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=(1e6, 1e6))
        c.rect(1e5, 1e5, 8e5, 8e5, fill=1)
        c.showPage()
        c.save()
        data = out.getvalue()
    elif args.kind == "truncated":
        whole = paper(args.title, args.hue)
        data = whole[: len(whole) * 2 // 5]
    else:
        data = b"<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>\n"
    with open(args.out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
