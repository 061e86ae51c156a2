"""The Textual app: the App that wires screens to a store, its screens and widgets."""
