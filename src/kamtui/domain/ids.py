"""Record ids: random UUIDs, so records made on two machines never clash."""

import uuid


def new_id() -> str:
    return str(uuid.uuid4())
