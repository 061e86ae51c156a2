"""One module per screen; forms are ModalScreen[T]."""
