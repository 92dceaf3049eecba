"""Small but real files for the demo: one-page PDFs and PNG previews, made in code."""

from __future__ import annotations

import io


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page A4 PDF with a heading and a few lines of Helvetica."""
    text = ["BT", "/F1 22 Tf", "56 780 Td", f"({_pdf_escape(title)}) Tj", "/F1 12 Tf"]
    for line in lines:
        text += ["0 -22 Td", f"({_pdf_escape(line)}) Tj"]
    text.append("ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def preview_png(title: str, colour: tuple[int, int, int]) -> bytes:
    """A portrait thumbnail: a coloured band with the title, like a poster's first page."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 440), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 320, 150], fill=colour)
    words, line, y = title.split(), "", 30
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > 22:
            draw.text((20, y), line, fill=(255, 255, 255))
            line, y = word, y + 18
        else:
            line = candidate
    draw.text((20, y), line, fill=(255, 255, 255))
    for row in range(190, 420, 24):
        draw.rectangle([20, row, 300, row + 8], fill=(210, 210, 215))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
