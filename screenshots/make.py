"""Render the screenshots in this folder from the sample portfolio: `make screenshots`.

Today is pinned so the pictures only change when the screens do."""

import asyncio
import os
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
TODAY = "2026-11-22"
SIZES = [(120, 40), (80, 24)]


async def render(store, size: tuple[int, int]) -> Path:  # noqa: ANN001 - Store
    from kamtui.ui.app import KamApp

    app = KamApp(store, subtitle="sample portfolio")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        name = f"accounts-{size[0]}x{size[1]}.svg"
        app.save_screenshot(name, str(HERE))
    return HERE / name


def main() -> None:
    os.environ["KAMTUI_TODAY"] = TODAY
    from kamtui.demo import build_demo
    from kamtui.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "demo.db", create=True)
        build_demo(store, date.fromisoformat(TODAY))
        for size in SIZES:
            print(asyncio.run(render(store, size)))
        store.close()


if __name__ == "__main__":
    main()
