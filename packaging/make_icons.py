"""Draw the app icon (resources/icons/): a blue rounded square with a white 就 and a small green
check. PNGs 16–256 px, a multi-size .ico for Windows. Run once after a design change:
    .venv/bin/python packaging/make_icons.py
Needs Pillow (not a dependency of the app) and the bundled WenQuanYi font.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = (26, 95, 180, 255)
GREEN = (46, 160, 67, 255)


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, shrink smoothly
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = s // 32
    d.rounded_rectangle((margin, margin, s - margin, s - margin), radius=s // 5, fill=BLUE)
    font = ImageFont.truetype(str(FONT), int(s * 0.6), index=0)
    box = d.textbbox((0, 0), "就", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((s - w) / 2 - box[0] - s * 0.05, (s - h) / 2 - box[1] - s * 0.05), "就", font=font, fill="white")
    if size >= 32:  # a check mark in the lower right corner
        r = s * 0.15
        cx, cy = s - margin - r * 1.05, s - margin - r * 1.05
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GREEN, outline="white", width=max(scale, s // 64))
        pts = [(cx - r * 0.5, cy), (cx - r * 0.1, cy + r * 0.4), (cx + r * 0.55, cy - r * 0.4)]
        d.line(pts, fill="white", width=max(scale, int(r * 0.25)), joint="curve")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    for size, img in images.items():
        img.save(OUT / f"stationdesk-{size}.png", optimize=True)
    images[256].save(OUT / "stationdesk.ico", sizes=[(s, s) for s in SIZES])


if __name__ == "__main__":
    main()
