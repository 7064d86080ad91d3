"""Write ``docs/rules.md`` from the rules' own documentation."""

from __future__ import annotations

from pathlib import Path

from backlint.ruledocs import render_catalogue

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def main() -> None:
    TARGET.write_text(render_catalogue(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
