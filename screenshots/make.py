"""Render the screenshots in this folder from the sample portfolio: `make screenshots`.

Today is pinned so the pictures only change when the screens do."""

import asyncio
import os
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
TODAY = "2026-11-22"
# (file name, terminal size, keys pressed before the picture)
SHOTS: list[tuple[str, tuple[int, int], tuple[str, ...]]] = [
    ("today.svg", (120, 40), ()),
    ("today-80x24.svg", (80, 24), ()),
    ("action-form.svg", (120, 40), ("e",)),
    ("accounts.svg", (120, 40), ("2",)),
    ("account-contacts.svg", (120, 40), ("2", "down", "enter", "right_square_bracket")),
    ("accounts-80x24.svg", (80, 24), ("2",)),
    ("whitespace.svg", (120, 40), ("2", "w", *("right",) * 7)),
    ("escalations.svg", (120, 40), ("4",)),
    ("plan.svg", (120, 40), ("3",)),
]


async def render(store, name: str, size: tuple[int, int], keys: tuple[str, ...]) -> Path:  # noqa: ANN001
    from kamtui.ui.app import KamApp

    app = KamApp(store, subtitle="sample portfolio")
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.5)
        app.save_screenshot(name, str(HERE))
    return HERE / name


def main() -> None:
    os.environ["KAMTUI_TODAY"] = TODAY
    from kamtui.demo import build_demo
    from kamtui.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "demo.db", create=True)
        build_demo(store, date.fromisoformat(TODAY))
        for name, size, keys in SHOTS:
            print(asyncio.run(render(store, name, size, keys)))
        store.close()


if __name__ == "__main__":
    main()
