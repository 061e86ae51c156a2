"""A sample portfolio for trying kamtui, for screenshots and for tests: 40 invented
accounts with their people, plans, work and troubles, built through the Services layer."""

from kamtui.demo.build import DemoSummary, build_demo

__all__ = ["DemoSummary", "build_demo"]
